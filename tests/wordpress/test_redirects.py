from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from parley.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_plain_permalink_redirects_to_the_post(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"] == "/blog/hello-world/?wp=1"


def test_a_pretty_permalink_redirects_to_the_post(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    response = client.get("/2009/06/hello-world/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/hello-world/?wp=1"


def test_a_comment_page_of_a_permalink_redirects_to_the_post(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    response = client.get("/2009/06/hello-world/comment-page-2/")
    assert response["Location"] == "/blog/hello-world/?wp=1"


def test_a_page_permalink_and_page_id_redirect_to_the_wiki_page(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    assert client.get("/about/")["Location"] == "/wiki/site/about/?wp=1"
    assert client.get("/?page_id=15")["Location"] == "/wiki/site/about/?wp=1"


def test_replytocom_redirects_to_the_comment_by_its_new_number(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    response = client.get("/?replytocom=101")
    assert response.status_code == 301
    # Asked for by number, so that the post answers with whichever page holds it.
    assert response["Location"] == "/blog/hello-world/?comment=2#comment-2"


def test_drafts_and_unknown_ids_are_not_redirected(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    assert client.get("/?p=11").status_code == 200  # the home page: a draft's address stays secret
    assert client.get("/?p=99999").status_code == 200
    assert client.get("/?replytocom=103").status_code == 200  # spam is not shown
    assert client.get("/2009/07/members-only/").status_code == 404


def test_an_ordinary_missing_page_is_still_not_found(client: Client, db: None) -> None:
    assert client.get("/no/such/page/").status_code == 404


def test_an_old_link_to_a_comment_on_a_post_not_yet_public_is_not_redirected(
    organisation: Organisation, tmp_path: Path, client: Client
) -> None:
    """`?replytocom=` must not reveal the address of a post scheduled for later (or a
    draft) through one of its comments, approved as it may be."""
    from django.core.management import call_command

    from tests.wordpress.test_old_comment_links import COMMENT, HEAD

    scheduled = HEAD.replace("<wp:status>publish</wp:status>", "<wp:status>future</wp:status>")
    scheduled = scheduled.replace("2008-01-01 10:00:00", "2099-01-01 10:00:00")
    export = tmp_path / "scheduled.xml"
    comment = COMMENT.format(id=900, day=2)
    export.write_text(scheduled + comment + "</item></channel></rss>\n", encoding="utf-8")
    call_command("import-wordpress", str(export), "--organisation", organisation.slug)

    assert client.get("/?p=1").status_code == 200  # the home page: the post is not public
    assert client.get("/?replytocom=900").status_code == 200
