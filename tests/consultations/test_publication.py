"""Publishing a closed consultation's responses: editors only, once, after closing; the
public page shows each counted response only as its author consented."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import publication
from parley.consultations.models import Consultation, Response
from parley.guidance.models import GuidanceChange, Version
from parley.organisations.models import Organisation, Role
from tests.builders import close, make_user, member_of, welsh
from tests.consultations.publishing import SECRET, Responses, respond_as_user, responses_to


@pytest.fixture
def closed(open_version: Version) -> Responses:
    return responses_to(open_version)


def published_url(version: Version) -> str:
    return reverse("consultations:published", args=[version.document.slug, version.number])


def publish_url(version: Version) -> str:
    return reverse("consultations:publish_responses", args=[version.document.slug, version.number])


def test_an_editor_publishes_the_responses_of_a_closed_consultation_in_the_history(
    closed: Responses, editor: User
) -> None:
    consultation = publication.publish_responses(version=closed.version, user=editor)
    assert consultation.responses_published_at is not None
    change = GuidanceChange.objects.filter(version=closed.version).first()
    assert change is not None
    assert change.action == "published the responses to version 1"
    assert change.detail == {"responses": 4, "confidential": 1}
    assert change.user == editor


def test_publishing_before_the_consultation_closes_is_refused(
    open_version: Version, editor: User
) -> None:
    with pytest.raises(publication.PublicationRejected) as refused:
        publication.publish_responses(version=open_version, user=editor)
    assert refused.value.status == 409
    assert not Consultation.objects.filter(responses_published_at__isnull=False).exists()


def test_publishing_twice_is_refused_and_keeps_the_first_time(
    closed: Responses, editor: User
) -> None:
    first = publication.publish_responses(version=closed.version, user=editor)
    with pytest.raises(publication.PublicationRejected) as refused:
        publication.publish_responses(version=closed.version, user=editor)
    assert refused.value.status == 409
    assert Consultation.objects.get().responses_published_at == first.responses_published_at


def test_the_publish_form_shows_the_error_before_closing_and_publishes_after(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    page = client.get(publish_url(open_version)).content.decode()
    assert "Responses can be published only after the consultation has closed" in page
    refused = client.post(publish_url(open_version))
    assert refused.status_code == 409
    assert "only after the consultation has closed" in refused.content.decode()
    close(open_version)
    done = client.post(publish_url(open_version))
    assert done["Location"] == published_url(open_version)
    again = client.post(publish_url(open_version))
    assert again.status_code == 409
    assert "The responses are published already" in again.content.decode()


def test_nobody_but_the_documents_editors_may_publish(
    closed: Responses,
    client: Client,
    moderator: User,
    other_moderator: User,
    participant: User,
    other_organisation: Organisation,
) -> None:
    url = publish_url(closed.version)
    assert "/accounts/login/" in client.post(url)["Location"]
    other_editor = member_of(other_organisation, "oe@example.org", "Other Editor", Role.EDITOR)
    for person in (moderator, other_moderator, participant, other_editor):
        client.force_login(person)
        assert client.post(url).status_code == 403
    assert Consultation.objects.filter(responses_published_at__isnull=False).count() == 0
    with pytest.raises(publication.PublicationRejected) as refused:
        publication.publish_responses(version=closed.version, user=other_moderator)
    assert refused.value.status == 403


def test_the_published_page_is_not_found_until_the_responses_are_published(
    closed: Responses, client: Client, editor: User
) -> None:
    assert client.get(published_url(closed.version)).status_code == 404
    client.force_login(editor)
    assert client.get(published_url(closed.version)).status_code == 404
    publication.publish_responses(version=closed.version, user=editor)
    client.logout()
    assert client.get(published_url(closed.version)).status_code == 200


def test_the_published_page_shows_each_counted_response_only_as_consented(
    closed: Responses, client: Client, editor: User
) -> None:
    Response.objects.filter(pk=closed.named.pk).update(demographics={"age": "Age-band-Qx7"})
    publication.publish_responses(version=closed.version, user=editor)
    page = client.get(published_url(closed.version)).content.decode()
    assert "Nia Named" in page
    assert "Call Nia on 0123." in page
    assert "An individual" in page
    assert "Be brief." in page
    assert "Ann Anon" not in page
    assert "Walkers Club" in page
    assert "Olu Org" not in page
    assert SECRET not in page
    assert "Cai Secret" not in page
    assert "1 confidential response was counted but is not published." in page
    assert "3 responses are published here." in page
    assert "Unsure now." not in page
    assert "Gus Guest" not in page
    assert "First thoughts." not in page  # replaced
    assert "@example.net" not in page
    assert "Age-band-Qx7" not in page
    for response in (closed.named, closed.anonymous, closed.confidential):
        assert response.reference not in page


@pytest.mark.parametrize("page", ["2", "0", "x"])
def test_a_published_page_past_the_end_or_not_a_number_is_not_found(
    closed: Responses, client: Client, editor: User, page: str
) -> None:
    publication.publish_responses(version=closed.version, user=editor)
    assert client.get(published_url(closed.version), {"page": page}).status_code == 404


def test_the_published_page_is_in_welsh_for_welsh_readers(
    closed: Responses, client: Client, editor: User
) -> None:
    publication.publish_responses(version=closed.version, user=editor)
    page = welsh(client).get(published_url(closed.version)).content.decode()
    assert "Ymatebion a gyhoeddwyd" in page
    assert "Unigolyn" in page


def test_the_published_page_costs_the_same_queries_for_few_responses_or_many(
    open_version: Version, client: Client, editor: User
) -> None:
    for index in range(3):
        respond_as_user(open_version, make_user(f"p{index}@example.net", f"P {index}"), "named")
    extra = [make_user(f"q{index}@example.net", f"Q {index}") for index in range(12)]
    close(open_version)
    publication.publish_responses(version=open_version, user=editor)
    client.get(published_url(open_version))
    with CaptureQueriesContext(connection) as few:
        client.get(published_url(open_version))
    Version.objects.filter(pk=open_version.pk).update(closes_at=timezone.now() + timedelta(days=1))
    open_version.refresh_from_db()
    for person in extra:
        respond_as_user(open_version, person, "anonymous")
    close(open_version)
    client.get(published_url(open_version))  # as above: caches warmed
    with CaptureQueriesContext(connection) as many:
        page = client.get(published_url(open_version))
    assert "15 responses are published here." in page.content.decode()
    assert len(many) == len(few)


def test_the_version_page_links_editors_to_publishing_and_everyone_to_the_published_responses(
    closed: Responses, client: Client, editor: User
) -> None:
    version_url = closed.version.get_absolute_url()
    assert publish_url(closed.version) not in client.get(version_url).content.decode()
    client.force_login(editor)
    assert publish_url(closed.version) in client.get(version_url).content.decode()
    publication.publish_responses(version=closed.version, user=editor)
    client.logout()
    assert published_url(closed.version) in client.get(version_url).content.decode()
