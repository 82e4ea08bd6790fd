from typing import Any

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Status
from tests.html import contains


def test_a_person_page_shows_their_name_and_approved_comments_only(
    client: Client, participant: User, commented: dict[str, Any]
) -> None:
    discussions.change_status(comment=commented["clause"], status=Status.REMOVED)
    page = client.get(reverse("people:person", args=[participant.pk])).content.decode()
    assert '<h1 class="govuk-heading-xl">Mina Member</h1>' in page
    assert "I agree with the <em>principles</em>" in page
    assert "Clause 4 is right" not in page
    assert participant.email not in page
    assert f'href="{commented["post"].get_absolute_url()}"' in page


def test_people_without_accounts_or_disabled_have_no_page(
    client: Client, participant: User
) -> None:
    assert client.get(reverse("people:person", args=[999_999])).status_code == 404
    User.objects.filter(pk=participant.pk).update(is_active=False)
    assert client.get(reverse("people:person", args=[participant.pk])).status_code == 404
    assert client.get(reverse("people:feed", args=[participant.pk])).status_code == 404


def test_a_person_page_answers_not_modified_until_they_comment_again(
    client: Client, participant: User, commented: dict[str, Any], post: Any
) -> None:
    from tests.builders import comment_as

    url = reverse("people:person", args=[participant.pk])
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    comment_as(post, participant, "One more thing")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_signed_in_commenters_name_links_to_their_page_and_a_guests_does_not(
    client: Client, post: Any, participant: User, commented: dict[str, Any]
) -> None:
    discussions.change_status(comment=commented["held"], status=Status.APPROVED)
    page = client.get(post.get_absolute_url()).content.decode()
    assert contains(page, f'<a class="govuk-link" href="/people/{participant.pk}/">Mina Member</a>')
    assert "Gus Guest" in page
    assert "/people/" not in page.split("Gus Guest")[0].rsplit("<strong", 1)[1]


def test_a_comment_on_a_draft_stays_off_the_persons_page_and_feed(
    client: Client, editor: User, organisation: Any
) -> None:
    """An editor may comment on a post they are still drafting (its page is theirs to see):
    their public page and feed must not give away the comment or the draft's title."""
    from parley.blog import services as blog
    from tests.builders import comment_as

    draft = blog.create_post(
        author=editor, organisation=organisation, title="Secret plans", body="Not yet."
    )
    comment_as(draft, editor, "A note on the draft")

    page = client.get(reverse("people:person", args=[editor.pk])).content.decode()
    feed = client.get(reverse("people:feed", args=[editor.pk])).content.decode()

    for shown in (page, feed):
        assert "A note on the draft" not in shown
        assert "Secret plans" not in shown
    blog.update_post(post=draft, title=draft.title, body="Now.", status="published")
    published = client.get(reverse("people:feed", args=[editor.pk])).content.decode()
    assert "A note on the draft" in published
