"""Follow a document, an organisation, a post's comments or the whole site by e-mail from
the pages themselves: at once when signed in, after confirming by mail as a guest."""

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Document
from parley.notifications.models import Subscription, Target
from parley.organisations.models import Organisation
from tests.builders import consult, latest
from tests.conftest import Mailbox
from tests.notifications.helpers import link_path, text_of


@pytest.fixture
def consulting(document: Document, editor: User) -> Document:
    consult(latest(document), editor)
    return document


def test_a_guest_follows_a_document_from_its_page_and_confirms_with_a_button(
    client: Client,
    consulting: Document,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    document = consulting
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Get e-mails about new versions of this guidance" in page
    assert 'name="target" value="document"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notifications/follow/",
            {
                "target": "document",
                "id": document.pk,
                "email": "gus@example.net",
                "next": document.get_absolute_url(),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    (confirmation,) = smtp.messages
    assert confirmation["To"] == "gus@example.net"
    assert document.title in text_of(confirmation)
    subscription = Subscription.objects.get(target=Target.DOCUMENT, target_id=document.pk)
    assert subscription.confirmed_at is None

    confirm = link_path(confirmation, "/notifications/confirm/")
    assert "Confirm your e-mail address" in client.get(confirm).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # opening the link is not confirming
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_a_mistyped_address_comes_back_beside_the_field_with_what_was_typed(
    client: Client, consulting: Document, smtp: Mailbox
) -> None:
    document = consulting
    response = client.post(
        "/notifications/follow/",
        {"target": "document", "id": document.pk, "email": "gus-at-example"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an e-mail address in the correct format" in page
    assert 'value="gus-at-example"' in page
    assert "govuk-error-summary" in page
    assert not Subscription.objects.exists()
    assert smtp.messages == []


def test_a_signed_in_person_follows_and_stops_following_an_organisation(
    signed_in: Callable[[User], Client], participant: User, organisation: Organisation, post: Post
) -> None:
    client = signed_in(participant)
    org_page = f"/blog/organisations/{organisation.slug}/"
    assert f"Get e-mails about {organisation.name}" in client.get(org_page).content.decode()

    client.post(
        "/notifications/follow/",
        {"target": "organisation", "id": organisation.pk, "next": org_page},
    )
    subscription = Subscription.objects.get(recipient__user=participant)
    assert (subscription.target, subscription.target_id) == ("organisation", organisation.pk)
    assert subscription.confirmed_at is not None  # the account's address is verified
    assert "Stop following" in client.get(org_page).content.decode()

    client.post(
        "/notifications/unfollow/",
        {"target": "organisation", "id": organisation.pk, "next": org_page},
    )
    assert not Subscription.objects.exists()


def test_the_blog_offers_new_posts_and_a_post_its_comments(client: Client, post: Post) -> None:
    assert "Get e-mails about new posts" in client.get("/blog/").content.decode()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Get e-mails about new comments on this post" in page
    assert f'name="id" value="{post.discussion_id}"' in page


def test_only_public_things_can_be_followed(
    client: Client, post: Post, organisation: Organisation
) -> None:
    for data in (
        {"target": "discussion", "id": 999999, "email": "a@example.net"},
        {"target": "document", "id": 999999, "email": "a@example.net"},
        {"target": "planet", "id": 1, "email": "a@example.net"},
        {"target": "discussion", "id": "x", "email": "a@example.net"},
    ):
        assert client.post("/notifications/follow/", data).status_code == 404
    assert not Subscription.objects.exists()


def test_going_back_only_goes_to_this_site(
    signed_in: Callable[[User], Client], participant: User, post: Post
) -> None:
    client = signed_in(participant)
    response = client.post(
        "/notifications/follow/",
        {"target": "site", "id": 0, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
