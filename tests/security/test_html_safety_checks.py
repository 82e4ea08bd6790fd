"""The checks the security tests rely on do catch what they are meant to catch."""

import pytest

from tests.security.html_safety import (
    direction_controls_outside_bdi,
    unsafe_feed,
    unsafe_json,
    unsafe_markup,
)


@pytest.mark.parametrize(
    "html",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" &#14; javascript:alert(1)">x</a>',
        '<a href="VBScript:msgbox(1)">x</a>',
        '<iframe src="https://example.org"></iframe>',
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<base href="https://evil.example/">',
        '<form action="https://evil.example/"><button>Go</button></form>',
        '<svg onload="alert(1)"></svg>',
        '<p style="width: expression(alert(1))">x</p>',
    ],
)
def test_executable_markup_is_reported(html: str) -> None:
    assert unsafe_markup(html) != []


def test_the_templates_own_scripts_forms_and_charts_are_not_reported() -> None:
    html = (
        '<script src="/static/parley.js" defer></script>'
        '<form method="post" action="/comments/1/like/"></form>'
        '<svg class="parley-heat" role="img"></svg><a href="https://example.org/">x</a>'
    )
    assert unsafe_markup(html) == []


def test_html_in_feeds_and_json_is_read_as_html() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<content type="html">&lt;img src=x onerror=alert(1)&gt;</content></entry></feed>'
    )
    assert unsafe_feed(atom) != []
    assert unsafe_json(b'{"items": [{"body_html": "<script>alert(1)</script>"}]}') != []
    assert unsafe_json(b'{"author": {"url": "javascript:alert(1)"}}') != []


def test_a_direction_override_is_reported_unless_isolated() -> None:
    assert direction_controls_outside_bdi("gpj.\u202eexe") != []
    assert direction_controls_outside_bdi("<bdi>gpj.\u202eexe</bdi>") == []
