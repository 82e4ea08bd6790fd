import pytest

from parley.discussions.models import Comment
from parley.wiki.models import Page

pytestmark = pytest.mark.django_db


def test_a_published_page_goes_into_the_sites_wiki_space(import_file):
    import_file("site.xml")
    page = Page.objects.get(slug="about")
    assert page.space.slug == "site"
    assert page.title == "About us"
    assert page.body_html == "<p>Text of About us.</p>"
    assert page.revisions.count() == 1


def test_comments_on_a_page_are_threaded_in_its_discussion(import_file):
    import_file("site.xml")
    page = Page.objects.get(slug="about")
    first, reply = Comment.objects.filter(discussion=page.discussion).order_by("path")
    assert reply.parent == first
    assert page.discussion.comment_count == 2
