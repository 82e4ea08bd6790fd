"""Each Disqus thread's comments land on the page its link names."""

from collections.abc import Callable

import pytest

from parley.blog.models import Post
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from parley.wordpress.disqus import Address
from parley.wordpress.models import DisqusPost
from tests.wordpress.disqus.helpers import FORUM, by_disqus_id, discussion_of


@pytest.mark.database_independent
@pytest.mark.parametrize(
    "link",
    [
        "https://old.example.org/2019/05/draft-principles/",
        "http://old.example.org/2019/05/draft-principles/",
        "https://www.old.example.org/2019/05/draft-principles",
        "HTTPS://Old.Example.org:443/2019/05/draft-principles/?utm_source=feed#comments",
        "https://old.example.org/2019/05/draft-principles/comment-page-2/",
        "https://old.example.org/2019/05/draft%2Dprinciples/",
    ],
)
def test_scheme_host_case_trailing_slash_query_and_fragment_do_not_count(link: str) -> None:
    assert Address.of(link) == Address(host="old.example.org", path="/2019/05/draft-principles/")


@pytest.mark.database_independent
def test_a_plain_wordpress_permalink_keeps_its_post_id() -> None:
    assert Address.of("http://old.example.org/?p=8&utm_source=x").wordpress_id == 8
    assert Address.of("http://old.example.org/?page_id=9").wordpress_id == 9
    assert Address.of("http://old.example.org/?s=search").wordpress_id is None


@pytest.mark.usefixtures("moved_site")
def test_a_thread_on_an_imported_wordpress_post_comes_back_on_that_post(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    draft = discussion_of("draft-principles")
    assert by_disqus_id(1000).discussion == draft
    assert by_disqus_id(1010).discussion == discussion_of("plain-permalink-post")


@pytest.mark.usefixtures("moved_site")
def test_threads_for_two_addresses_of_one_page_share_its_discussion(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    # Threads 10 (http://www., with a query) and 11 (no trailing slash) are one page.
    assert by_disqus_id(1002).discussion == by_disqus_id(1000).discussion


def test_a_thread_on_a_page_of_parleys_own_comes_to_that_page(
    moved_site: Post, import_disqus: Callable[..., str]
) -> None:
    import_disqus()
    assert by_disqus_id(1006).discussion == moved_site.discussion
    assert by_disqus_id(1005).discussion == moved_site.discussion


@pytest.mark.usefixtures("moved_site")
def test_threads_that_match_no_page_are_reported_with_their_comments(
    import_disqus: Callable[..., str],
) -> None:
    out = import_disqus()
    assert (
        "Threads: 4 threads matched to pages, 1 thread that matches no page, "
        "1 thread without comments that matches no page, 1 deleted thread\n"
    ) in out
    assert (
        "Skipped: 1 comment on a thread that matches no page, 1 comment on a deleted thread\n"
    ) in out
    assert (
        "  line 55, thread 30 ‘A page that went away’ "
        "(https://old.example.org/2019/06/a-page-that-went-away/): matches no page here; "
        "not imported: 1 comment\n"
    ) in out
    assert "line 75, thread 50 ‘Preview of our draft principles’" in out
    assert "deleted on Disqus; not imported: 1 comment" in out
    assert not DisqusPost.objects.filter(disqus_id__in=[1007, 1008]).exists()


def test_with_an_organisation_only_its_pages_are_matched(
    moved_site: Post,
    other_organisation: Organisation,
    import_disqus: Callable[..., str],
) -> None:
    out = import_disqus("--organisation", other_organisation.slug)
    assert out.startswith("Imported: nothing new\n")
    assert f"its page belongs to another organisation than {other_organisation.slug}" in out
    assert not DisqusPost.objects.exists()


def test_a_thread_on_a_guidance_version_comes_to_its_discussion(
    consulting: Version, import_disqus: Callable[..., str]
) -> None:
    url = consulting.discussion.url
    text = FORUM.replace(
        "https://parley.example.org/blog/principles-for-taking-part-online/",
        f"https://parley.example.org{url.rstrip('/')}?utm_campaign=consultation",
    )
    import_disqus(text=text)
    assert by_disqus_id(1006).discussion == consulting.discussion
    consulting.discussion.refresh_from_db()
    assert consulting.discussion.comment_count == 1  # 1005 awaits moderation
