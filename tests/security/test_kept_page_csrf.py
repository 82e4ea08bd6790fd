"""A kept page's forms (parley.csrf.KEPT_PAGE_TOKEN instead of a reader's own token) work
only from this site's pages: the browser must name this site as the form's origin."""

import re
from typing import Any

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.csrf import KEPT_PAGE_TOKEN
from parley.discussions.models import Comment

HOST = "testserver"


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def guest_comment(browser: Client, post: Post, token: str, **headers: Any) -> int:
    response = browser.post(
        post.get_absolute_url(),
        {
            "csrfmiddlewaretoken": token,
            "body": "From a page nginx served",
            "author_name": "Gwen Guest",
            "author_email": "gwen@example.net",
        },
        **headers,
    )
    return response.status_code


def test_the_kept_page_token_is_taken_from_this_sites_own_page(browser: Client, post: Post) -> None:
    assert guest_comment(browser, post, KEPT_PAGE_TOKEN, HTTP_ORIGIN=f"http://{HOST}") == 302
    assert Comment.objects.filter(body_markdown="From a page nginx served").count() == 1


def test_the_kept_page_token_is_refused_from_another_site(browser: Client, post: Post) -> None:
    assert guest_comment(browser, post, KEPT_PAGE_TOKEN, HTTP_ORIGIN="https://evil.example") == 403
    assert (
        guest_comment(
            browser,
            post,
            KEPT_PAGE_TOKEN,
            HTTP_ORIGIN=f"http://{HOST}",
            HTTP_SEC_FETCH_SITE="same-site",  # a sibling subdomain
        )
        == 403
    )
    assert not Comment.objects.exists()


def test_the_kept_page_token_is_refused_without_an_origin(browser: Client, post: Post) -> None:
    assert guest_comment(browser, post, KEPT_PAGE_TOKEN) == 403
    assert guest_comment(browser, post, KEPT_PAGE_TOKEN, HTTP_ORIGIN="null") == 403
    assert not Comment.objects.exists()


def test_any_other_token_is_checked_as_django_checks_it(browser: Client, post: Post) -> None:
    origin: dict[str, Any] = {"HTTP_ORIGIN": f"http://{HOST}"}
    assert guest_comment(browser, post, "x" * 32, **origin) == 403  # no cookie to match
    page = browser.get(post.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    assert guest_comment(browser, post, token.group(1), **origin) == 302


def test_the_kept_page_token_is_refused_on_every_form_but_the_comment_form(
    browser: Client, post: Post, participant: User
) -> None:
    browser.force_login(participant)
    origin: dict[str, Any] = {"HTTP_ORIGIN": f"http://{HOST}"}
    for address in (
        f"{post.get_absolute_url()}like/",
        "/accounts/password/change/",
        "/accounts/profile/",
    ):
        response = browser.post(address, {"csrfmiddlewaretoken": KEPT_PAGE_TOKEN}, **origin)
        assert response.status_code == 403, address


def test_a_kept_page_form_posted_in_utf16_is_a_bad_request_not_an_error(
    browser: Client, post: Post
) -> None:
    body = f"csrfmiddlewaretoken={KEPT_PAGE_TOKEN}&body=Hi".encode("utf-16")
    response = browser.generic(
        "POST",
        post.get_absolute_url(),
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        headers={"Origin": f"http://{HOST}"},
    )
    assert response.status_code in (400, 403)
