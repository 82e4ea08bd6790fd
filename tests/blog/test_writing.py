from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Version
from parley.organisations.models import Organisation

NEW_POST = {
    "title": "Have your say on the principles",
    "body": "We *want* to hear from you.",
    "tags": "guidance, consultation",
    "status": "published",
    "published_at": "",
    "comments_open": "on",
    "action": "save",
}


def test_an_editor_writes_and_publishes_a_post_in_the_site(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    client = signed_in(editor)
    assert client.get("/blog/new/").status_code == 200
    response = client.post("/blog/new/", {**NEW_POST, "organisation": organisation.pk})
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.author == editor
    assert post.is_public
    assert sorted(t.name for t in post.tags.all()) == ["consultation", "guidance"]
    assert post.discussion.is_open
    assert "<em>want</em>" in Client().get(post.get_absolute_url()).content.decode()


def test_preview_shows_the_rendered_text_without_saving(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    response = signed_in(editor).post(
        "/blog/new/", {**NEW_POST, "organisation": organisation.pk, "action": "preview"}
    )
    page = response.content.decode()
    assert "Preview" in page
    assert "<em>want</em>" in page
    assert "We *want* to hear from you.</textarea>" in page
    assert not Post.objects.exists()


def test_a_post_without_a_title_comes_back_with_the_error_and_the_text(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    response = signed_in(editor).post(
        "/blog/new/", {**NEW_POST, "title": "", "organisation": organisation.pk}
    )
    assert response.status_code == 400
    assert "Enter a title" in response.content.decode()
    assert "We *want* to hear from you.</textarea>" in response.content.decode()
    assert not Post.objects.exists()


def test_scheduling_needs_a_future_time(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    response = signed_in(editor).post(
        "/blog/new/", {**NEW_POST, "status": "scheduled", "organisation": organisation.pk}
    )
    assert "publication time in the future" in response.content.decode()


def test_an_editor_closes_comments_on_a_post(
    signed_in: Callable[[User], Client], editor: User, post: Post
) -> None:
    client = signed_in(editor)
    data = {**NEW_POST, "title": post.title, "status": "published"}
    del data["comments_open"]
    client.post(f"/blog/{post.slug}/edit/", data)
    post.discussion.refresh_from_db()
    assert not post.discussion.is_open


def test_people_who_are_not_editors_cannot_write_posts(
    signed_in: Callable[[User], Client], participant: User, other_moderator: User, post: Post
) -> None:
    assert signed_in(participant).get("/blog/new/").status_code == 403
    assert signed_in(other_moderator).get(f"/blog/{post.slug}/edit/").status_code == 403
    assert Client().get("/blog/new/").status_code == 302


def test_editors_see_drafts_in_the_posts_list(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    from parley.blog import services

    services.create_post(author=editor, organisation=organisation, title="Draft idea", body="x")
    page = signed_in(editor).get("/blog/manage/").content.decode()
    assert "Draft idea" in page
    assert "Draft" in page


def test_the_preview_shows_a_guidance_link_as_the_card_the_published_post_shows(
    signed_in: Callable[[User], Client],
    editor: User,
    organisation: Organisation,
    consulting: Version,
) -> None:
    client = signed_in(editor)
    body = "Read this:\n\n[The principles](/guidance/principles-for-taking-part-online/)\n"
    fields = {**NEW_POST, "body": body, "organisation": organisation.pk}

    preview = client.post("/blog/new/", {**fields, "action": "preview"}).content.decode()
    client.post("/blog/new/", fields)
    published = Client().get(Post.objects.get().get_absolute_url()).content.decode()

    card = '<aside class="parley-card"'
    assert card in published
    assert card in preview
    assert '<p><a href="/guidance/principles-for-taking-part-online/">' not in preview


def test_saving_a_post_says_so_in_a_banner(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    client = signed_in(editor)

    draft = client.post(
        "/blog/new/", {**NEW_POST, "status": "draft", "organisation": organisation.pk}, follow=True
    ).content.decode()
    post = Post.objects.get()
    published = client.post(
        f"/blog/{post.slug}/edit/", {**NEW_POST, "organisation": organisation.pk}, follow=True
    ).content.decode()

    assert "govuk-notification-banner--success" in draft
    assert "Post saved as a draft: only editors can see it" in draft
    assert "Post saved and published" in published
