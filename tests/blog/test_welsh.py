"""The blog in Welsh: its interface, and a post's Welsh version where the editor gave one."""

import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.organisations.models import Organisation

WELSH: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "cy"}
NEW_POST = {
    "title": "Have your say on the principles",
    "body": "We *want* to hear from you.",
    "title_cy": "Dywedwch eich dweud am yr egwyddorion",
    "body_cy": "Rydyn ni *eisiau* clywed gennych chi.",
    "tags": "guidance",
    "status": "published",
    "published_at": "",
    "comments_open": "on",
    "action": "save",
}


def _welsh_post(editor: User, organisation: Organisation) -> Post:
    return blog.create_post(
        author=editor,
        organisation=organisation,
        title="Principles for taking part online",
        body="We want your **views**.",
        title_cy="Egwyddorion ar gyfer cymryd rhan ar-lein",
        body_cy="Rydyn ni eisiau eich **barn**.",
        status=Post.Status.PUBLISHED,
    )


def test_the_blog_index_is_in_welsh_for_a_browser_asking_for_welsh(
    client: Client, post: Post
) -> None:
    page = client.get("/blog/", **WELSH).content.decode()

    assert '<html lang="cy"' in page
    assert "Archif yr holl gofnodion" in page
    assert "Dilyn y blog gyda darllenydd ffrydiau" in page
    assert "0 sylw" in page
    assert "Archive of all posts" not in page


def test_the_archive_and_a_post_are_in_welsh_when_welsh_was_chosen(
    client: Client, post: Post
) -> None:
    client.cookies["django_language"] = "cy"

    archive = client.get("/blog/archive/").content.decode()
    page = client.get(post.get_absolute_url()).content.decode()

    assert '<h1 class="govuk-heading-xl">Archif</h1>' in archive
    assert "Dilyn y sylwadau ar y cofnod hwn gyda darllenydd ffrydiau" in page
    assert "Tagiau:" in page
    assert "Follow the comments on this post" not in page


def test_a_post_without_a_welsh_version_is_shown_in_english_marked_as_english(
    client: Client, post: Post
) -> None:
    page = client.get(post.get_absolute_url(), **WELSH).content.decode()

    assert '<h1 class="govuk-heading-xl" lang="en">Principles for taking part online</h1>' in page
    assert re.search(r'<div class="parley-prose" lang="en"><p>We have drafted', page)
    listing = client.get("/blog/", **WELSH).content.decode()
    assert '<h2 class="govuk-heading-m" lang="en">' in listing


def test_a_welsh_reader_sees_the_welsh_version_and_an_english_reader_the_english(
    client: Client, editor: User, organisation: Organisation
) -> None:
    post = _welsh_post(editor, organisation)

    welsh = client.get(post.get_absolute_url(), **WELSH).content.decode()
    english = client.get(post.get_absolute_url()).content.decode()

    assert '<h1 class="govuk-heading-xl">Egwyddorion ar gyfer cymryd rhan ar-lein</h1>' in welsh
    assert '<div class="parley-prose"><p>Rydyn ni eisiau eich <strong>barn</strong>' in welsh
    assert "We want your" not in welsh
    assert "<title>Egwyddorion ar gyfer cymryd rhan ar-lein — " in welsh
    assert '<h1 class="govuk-heading-xl">Principles for taking part online</h1>' in english
    assert "Rydyn ni eisiau" not in english
    assert "Egwyddorion ar gyfer" in client.get("/blog/", **WELSH).content.decode()


def test_a_welsh_title_alone_leaves_the_english_text_marked_as_english(
    client: Client, editor: User, organisation: Organisation
) -> None:
    post = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Principles",
        body="English only.",
        title_cy="Egwyddorion",
        status=Post.Status.PUBLISHED,
    )

    page = client.get(post.get_absolute_url(), **WELSH).content.decode()

    assert '<h1 class="govuk-heading-xl">Egwyddorion</h1>' in page
    assert '<div class="parley-prose" lang="en"><p>English only.</p>' in page


def test_an_editor_writes_the_welsh_version_in_the_form_and_it_is_cleaned(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    client = signed_in(editor)
    attack = (
        'Rydyn ni *eisiau* clywed.\n\n<script>alert("cy")</script>\n\n'
        "[cliciwch](javascript:alert(1)) <img src=x onerror=alert(2)>"
    )

    response = client.post(
        "/blog/new/", {**NEW_POST, "body_cy": attack, "organisation": organisation.pk}
    )

    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.title_cy == "Dywedwch eich dweud am yr egwyddorion"
    assert post.body_markdown_cy == attack
    assert "<em>eisiau</em>" in post.body_html_cy
    for dangerous in ("<script", 'href="javascript:', "<img"):
        assert dangerous not in post.body_html_cy
    assert "&lt;script&gt;" in post.body_html_cy  # shown as text, never run
    page = Client().get(post.get_absolute_url(), **WELSH).content.decode()
    assert "<em>eisiau</em>" in page
    assert '<script>alert("cy")' not in page


def test_the_edit_form_shows_the_welsh_version_and_changes_it(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    post = _welsh_post(editor, organisation)
    client = signed_in(editor)

    form = client.get(f"/blog/{post.slug}/edit/").content.decode()
    assert "Egwyddorion ar gyfer cymryd rhan ar-lein" in form
    assert "Rydyn ni eisiau eich **barn**.</textarea>" in form
    assert 'lang="cy"' in form

    client.post(
        f"/blog/{post.slug}/edit/",
        {**NEW_POST, "title": post.title, "title_cy": "", "body_cy": "Newydd."},
    )

    post.refresh_from_db()
    assert post.title_cy == ""
    assert post.body_html_cy == "<p>Newydd.</p>\n"
    page = Client().get(post.get_absolute_url(), **WELSH).content.decode()
    assert '<h1 class="govuk-heading-xl" lang="en">Principles for taking part online</h1>' in page
    assert '<div class="parley-prose"><p>Newydd.</p>' in page


def test_a_refused_post_keeps_the_welsh_that_was_typed_and_shows_errors_in_welsh(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    client = signed_in(editor)
    client.cookies["django_language"] = "cy"

    response = client.post("/blog/new/", {**NEW_POST, "title": "", "organisation": organisation.pk})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Mae problem wedi codi" in page
    assert "Rhowch deitl" in page
    assert 'value="Dywedwch eich dweud am yr egwyddorion"' in page
    assert "Rydyn ni *eisiau* clywed gennych chi.</textarea>" in page
    assert "Teitl Cymraeg (dewisol)" in page
    assert not Post.objects.exists()


def test_the_preview_shows_the_welsh_text_marked_as_welsh(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    response = signed_in(editor).post(
        "/blog/new/", {**NEW_POST, "organisation": organisation.pk, "action": "preview"}
    )

    page = response.content.decode()
    assert '<div class="parley-prose" lang="cy"><p>Rydyn ni <em>eisiau</em>' in page
    assert not Post.objects.exists()
