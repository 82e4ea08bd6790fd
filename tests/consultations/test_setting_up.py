"""Setting up a draft's consultation (site and API): the layout, the equality questions
offered, and template sets of questions; all frozen once the version is consulted on."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations import question_sets
from parley.consultations import services as consultations
from parley.consultations.models import Consultation
from parley.guidance.models import GuidanceChange, Version
from tests.builders import post_json


def url(name: str, version: Version) -> str:
    return reverse(f"consultations:{name}", args=[version.document.slug, version.number])


def api(version: Version, what: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/{what}"


def bearer(user: User) -> Client:
    _, token = create_access_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def history(version: Version) -> list[str]:
    return list(
        GuidanceChange.objects.filter(document=version.document)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_editor_chooses_one_question_a_page_and_some_equality_questions(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    page = client.get(url("set_up", draft)).content.decode()
    assert "One question per page" in page
    assert "What is your ethnic group?" in page
    response = client.post(
        url("set_up", draft),
        {"layout": "per_question", "demographics": ["welsh_speaker", "age"]},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(version=draft)
    assert consultation.layout == "per_question"
    assert consultation.demographics == ["age", "welsh_speaker"]  # in the set's order
    assert history(draft)[-1] == "set up the consultation on version 1"
    again = client.get(url("set_up", draft)).content.decode()
    assert 'value="per_question" checked' in again


def test_an_unknown_layout_or_equality_question_is_refused_beside_the_field(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(editor).post(
        url("set_up", draft), {"layout": "sideways", "demographics": ["shoe_size"]}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Consultation.objects.filter(version=draft).exists()


def test_adding_the_welsh_language_set_adds_ordinary_bilingual_questions_in_the_history(
    questioned: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(editor).post(url("add_set", questioned), {"set": "welsh_language"})
    assert response.status_code == 302
    added = list(questioned.questions.filter(number__gt=5).order_by("number"))
    assert [q.number for q in added] == [6, 7, 8]
    assert all(q.kind == "text" and q.text_cy and not q.required for q in added)
    assert "opportunities for people to use the Welsh language" in added[0].text
    assert "no less favourably than the English language" in added[0].text
    assert "ddefnyddio’r Gymraeg" in added[0].text_cy
    assert "positive effects" in added[1].text
    assert "adverse effects" in added[2].text
    assert history(questioned)[-3:] == [f"added question {n} to version 1" for n in (6, 7, 8)]


def test_the_respondent_details_set_has_welsh_choices(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    signed_in(editor).post(url("add_set", draft), {"set": "respondent_details"})
    first = draft.questions.get(number=1)
    assert first.kind == "single"
    assert len(first.options_cy) == len(first.options)
    assert first.options_cy[0] == "Aelod o’r cyhoedd"


def test_only_editors_set_up_a_consultation(
    draft: Version,
    moderator: User,
    other_moderator: User,
    signed_in: Callable[[User], Client],
    client: Client,
) -> None:
    assert client.get(url("set_up", draft)).status_code == 302  # to sign in
    for person in (moderator, other_moderator):
        assert signed_in(person).get(url("set_up", draft)).status_code in {403, 404}
        answer = signed_in(person).post(url("add_set", draft), {"set": "welsh_language"})
        assert answer.status_code in {403, 404}
    assert not draft.questions.exists()


def test_an_unknown_set_is_an_error_and_adds_nothing(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(editor).post(url("add_set", draft), {"set": "nope"})
    assert response.status_code == 400
    assert "Choose one of the sets of questions" in response.content.decode()
    assert not draft.questions.exists()


def test_once_consulted_on_nothing_about_the_consultation_can_change(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    page = client.get(url("set_up", open_version))
    assert "no longer a draft" in page.content.decode()
    refused = client.post(url("set_up", open_version), {"layout": "per_question"})
    assert refused.status_code == 409
    assert "Change them in a new version" in refused.content.decode()
    refused = client.post(url("add_set", open_version), {"set": "welsh_language"})
    assert refused.status_code == 409
    assert open_version.questions.count() == 5
    assert services_layout(open_version) == "one_page"
    api_client = bearer(editor)
    assert (
        api_client.put(
            api(open_version, "consultation"),
            {"layout": "per_question"},
            content_type="application/json",
        ).status_code
        == 409
    )
    answer = post_json(api_client, api(open_version, "question-sets"), {"set": "welsh_language"})
    assert answer.status_code == 409
    assert open_version.questions.count() == 5


def services_layout(version: Version) -> str:
    return consultations.settings_of(version).layout


def test_the_api_sets_up_a_consultation_and_adds_a_set(draft: Version, editor: User) -> None:
    client = bearer(editor)
    answer = client.put(
        api(draft, "consultation"),
        {"layout": "per_question", "demographics": ["sex"]},
        content_type="application/json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["layout"] == "per_question"
    assert body["demographics"][0]["key"] == "sex"
    assert body["demographics"][0]["answers"][-1] == "prefer_not_to_say"
    assert client.get(api(draft, "consultation")).json() == body
    added = post_json(client, api(draft, "question-sets"), {"set": "respondent_details"})
    assert added.status_code == 201
    items = added.json()["items"]
    assert [item["number"] for item in items] == [1, 2, 3]
    assert items[1]["options_cy"][0] == "Cymru"
    wrong = client.put(
        api(draft, "consultation"),
        {"layout": "one_page", "demographics": ["shoe_size"]},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert "demographics" in wrong.json()["errors"]


def test_the_api_refuses_others(draft: Version, participant: User, client: Client) -> None:
    answer = bearer(participant).put(
        api(draft, "consultation"), {"layout": "per_question"}, content_type="application/json"
    )
    assert answer.status_code in {403, 404}
    assert client.get(api(draft, "consultation")).status_code == 404  # a draft is private


def test_every_set_fits_the_question_rules() -> None:
    for questions in question_sets.SETS.values():
        for question in questions.questions:
            assert len(question.text) <= 500
            assert len(question.text_cy) <= 500
            assert len(question.options_cy) in {0, len(question.options)}


def test_a_welsh_editor_reads_the_sets_questions_in_welsh(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    client.cookies["django_language"] = "cy"
    page = client.get(url("set_up", draft)).content.decode()
    assert "Pa effeithiau y credwch y byddai’r cynigion" in page
    assert "Trefnu’r ymgynghoriad" in page
