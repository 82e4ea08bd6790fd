"""/api/v1/organisations: the public profiles."""

from django.test import Client

from parley.organisations.models import Organisation


def test_the_list_names_every_organisation(
    client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    response = client.get("/api/v1/organisations")

    assert response.status_code == 200
    assert [o["slug"] for o in response.json()] == ["elsewhere", "testing"]
    assert response.json()[1]["url"] == "http://testserver/organisations/testing/"


def test_one_organisation_has_its_profile(client: Client, organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        kind=Organisation.Kind.UNION, website="https://union.example"
    )

    body = client.get("/api/v1/organisations/testing").json()

    assert body["kind"] == "union"
    assert body["kind_label"] == "Union or professional body"
    assert body["website"] == "https://union.example"
    assert body["feed_url"] == "http://testserver/blog/organisations/testing/feed/"


def test_an_unknown_organisation_is_not_found(client: Client, db: None) -> None:
    response = client.get("/api/v1/organisations/nobody")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found", "errors": {}}
