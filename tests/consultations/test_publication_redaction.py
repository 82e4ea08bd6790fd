"""Moderators redact passages of responses' written answers before they are published:
the published page, the API and the author's page show "[redacted: <reason>]"; every
redaction and every undoing is in the moderation log; nobody else may redact."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations import publication
from parley.consultations.models import Answer, Redaction, Response
from parley.guidance.models import Version
from parley.moderation.models import ModerationAction
from parley.organisations.models import Organisation, Role
from tests.builders import make_user, member_of, welsh
from tests.consultations.publishing import Responses, respond_as_user, responses_to


@pytest.fixture
def closed(open_version: Version) -> Responses:
    return responses_to(open_version)


def text_answer(response: Response) -> Answer:
    return response.answers.select_related("question", "response__version__document").get(
        question__number=4
    )


def redact_url(response: Response) -> str:
    version = response.version
    return reverse(
        "consultations:redact_response",
        args=[version.document.slug, version.number, response.reference],
    )


def published_url(version: Version) -> str:
    return reverse("consultations:published", args=[version.document.slug, version.number])


def test_a_redacted_passage_reads_as_redacted_when_published_and_is_logged(
    closed: Responses, moderator: User, editor: User, client: Client
) -> None:
    answer = text_answer(closed.named)
    redaction = publication.redact(
        answer=answer, moderator=moderator, passage="Nia on 0123", reason="personal_data"
    )
    publication.publish_responses(version=closed.version, user=editor)
    page = client.get(published_url(closed.version)).content.decode()
    assert "Call [redacted: personal data]." in page
    assert "0123" not in page
    entry = ModerationAction.objects.get(action="redact")
    assert entry.moderator == moderator
    assert entry.organisation == closed.version.document.organisation
    assert entry.reason == "personal_data"
    assert entry.note == f"{closed.named.reference}, question 4"
    assert "0123" not in entry.note
    assert redaction.passage == "Nia on 0123"


def test_the_redaction_is_in_welsh_for_welsh_readers(
    closed: Responses, moderator: User, editor: User, client: Client
) -> None:
    publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    publication.publish_responses(version=closed.version, user=editor)
    page = welsh(client).get(published_url(closed.version)).content.decode()
    assert "Call Nia on [wedi’i olygu: sarhaus]." in page


def test_every_occurrence_and_overlapping_passages_are_hidden_whatever_the_spacing() -> None:
    text = "Ring Olena Petrenko\r\nor Olena at home; Олена Петренко too."
    hidden = [
        Redaction(passage="Olena", reason="personal_data"),
        Redaction(passage="Olena  Petrenko", reason="defamatory"),
        Redaction(passage="Олена Петренко", reason="personal_data"),
    ]
    shown = publication.redacted(text, hidden)
    assert "Olena" not in shown
    assert "Олена" not in shown
    assert shown == (
        "Ring [redacted: personal data]\r\nor [redacted: personal data] at home; "
        "[redacted: personal data] too."
    )


def test_a_passage_not_in_the_answer_too_long_or_empty_is_refused_naming_the_field(
    closed: Responses, moderator: User
) -> None:
    answer = text_answer(closed.named)
    for passage in ("Not there", "x" * 50_001, "   ", "Call Nia on 0123." * 3000):
        with pytest.raises(publication.PublicationRejected) as refused:
            publication.redact(
                answer=answer, moderator=moderator, passage=passage, reason="personal_data"
            )
        assert list(refused.value.errors) == ["passage"]
    with pytest.raises(publication.PublicationRejected) as refused:
        publication.redact(answer=answer, moderator=moderator, passage="Nia", reason="rude")
    assert list(refused.value.errors) == ["reason"]
    assert not Redaction.objects.exists()
    assert not ModerationAction.objects.exists()


def test_a_moderator_redacts_without_javascript_and_sees_errors_beside_the_field(
    closed: Responses, moderator: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(moderator)
    url = redact_url(closed.named)
    page = client.get(url).content.decode()
    assert "Call Nia on 0123." in page
    wrong = client.post(
        url,
        {
            "action": "redact",
            "question": "4",
            "answer-4-passage": "Nia on 9999",
            "answer-4-reason": "personal_data",
        },
    )
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "These words are not in the answer: copy them from it exactly" in body
    assert "There is a problem" in body
    assert "Nia on 9999" in body  # what was typed is kept
    done = client.post(
        url,
        {
            "action": "redact",
            "question": "4",
            "answer-4-passage": "0123",
            "answer-4-reason": "personal_data",
        },
    )
    assert done.status_code == 302
    assert "Call Nia on [redacted: personal data]." in client.get(url).content.decode()


def test_undoing_a_redaction_shows_the_words_again_and_is_logged(
    closed: Responses, moderator: User, signed_in: Callable[[User], Client]
) -> None:
    redaction = publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    client = signed_in(moderator)
    response = client.post(
        redact_url(closed.named), {"action": "undo", "redaction": str(redaction.pk)}
    )
    assert response.status_code == 302
    assert not Redaction.objects.exists()
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "redact",
        "unredact",
    ]
    assert "Call Nia on 0123." in client.get(redact_url(closed.named)).content.decode()


def test_nobody_but_the_organisations_moderators_may_redact(
    closed: Responses,
    client: Client,
    participant: User,
    other_moderator: User,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    analyst = member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)
    other_editor = member_of(other_organisation, "oe@example.org", "Other Editor", Role.EDITOR)
    url = redact_url(closed.named)
    form = {
        "action": "redact",
        "question": "4",
        "answer-4-passage": "0123",
        "answer-4-reason": "personal_data",
    }
    assert "/accounts/login/" in client.post(url, form)["Location"]
    for person in (participant, other_moderator, analyst, other_editor):
        client.force_login(person)
        assert client.post(url, form).status_code == 403
        assert (
            client.get(
                reverse("consultations:redactions", args=[closed.version.document.slug, 1])
            ).status_code
            == 403
        )
        with pytest.raises(publication.PublicationRejected) as refused:
            publication.redact(
                answer=text_answer(closed.named),
                moderator=person,
                passage="0123",
                reason="personal_data",
            )
        assert refused.value.status == 403
    assert not Redaction.objects.exists()


def test_another_moderator_cannot_undo_a_redaction(
    closed: Responses, moderator: User, other_moderator: User, client: Client
) -> None:
    redaction = publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    client.force_login(other_moderator)
    undo = client.post(redact_url(closed.named), {"action": "undo", "redaction": str(redaction.pk)})
    assert undo.status_code == 403
    assert Redaction.objects.filter(pk=redaction.pk).exists()


def test_a_confidential_response_is_not_offered_for_redaction(
    closed: Responses, moderator: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(moderator)
    assert client.get(redact_url(closed.confidential)).status_code == 404
    listing = client.get(
        reverse("consultations:redactions", args=[closed.version.document.slug, 1])
    ).content.decode()
    assert "Call Nia on 0123." in listing
    assert "neighbour Zed" not in listing


def test_the_redactions_are_in_the_log_of_the_organisations_moderators_only(
    closed: Responses, moderator: User, other_moderator: User, client: Client
) -> None:
    publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    client.force_login(moderator)
    log = client.get(reverse("moderation:log")).content.decode()
    assert "Redacted a passage of a consultation response" in log
    assert closed.named.reference in log
    client.force_login(other_moderator)
    assert closed.named.reference not in client.get(reverse("moderation:log")).content.decode()


def test_an_answer_in_another_script_is_redacted(open_version: Version, moderator: User) -> None:
    response = respond_as_user(
        open_version, make_user("o@example.net", "Olena"), "named", "Дзвоніть Олені: 0501234567"
    )
    redaction = publication.redact(
        answer=text_answer(response),
        moderator=moderator,
        passage="0501234567",
        reason="personal_data",
    )
    assert publication.shown_publicly(text_answer(response)) == (
        "Дзвоніть Олені: [redacted: personal data]"
    )
    assert redaction.pk is not None


def test_the_version_page_links_the_organisations_moderators_to_redacting(
    closed: Responses, moderator: User, other_moderator: User, client: Client
) -> None:
    url = reverse("consultations:redactions", args=[closed.version.document.slug, 1])
    client.force_login(moderator)
    assert url in client.get(closed.version.get_absolute_url()).content.decode()
    client.force_login(other_moderator)
    assert url not in client.get(closed.version.get_absolute_url()).content.decode()
