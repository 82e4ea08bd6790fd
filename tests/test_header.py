"""The header offers every section of the site and marks the one the reader is in."""

import re

from django.test import Client

from parley.guidance.models import Document
from tests import html


def nav(page: str) -> str:
    found = re.search(
        r'<ul class="govuk-service-navigation__list".*?</ul>', html.one_line(page), re.S
    )
    assert found is not None
    return found.group(0)


def test_the_header_links_to_every_section(client: Client, db: None) -> None:
    header = nav(client.get("/").content.decode())
    for href in ["/blog/", "/guidance/", "/wiki/", "/organisations/"]:
        assert f'href="{href}"' in header
    assert "aria-current" not in header  # the home page is in no section


def test_a_section_s_own_page_is_the_current_page(client: Client, db: None) -> None:
    header = nav(client.get("/wiki/").content.decode())
    active = html.find(header, "li", class_="govuk-service-navigation__item--active")
    assert html.attribute(html.find(active, "a", href="/wiki/"), "aria-current") == "page"
    assert header.count("aria-current") == 1


def test_a_page_inside_a_section_marks_the_section(client: Client, document: Document) -> None:
    header = nav(client.get("/guidance/principles-for-taking-part-online/").content.decode())
    active = html.find(header, "li", class_="govuk-service-navigation__item--active")
    assert html.attribute(html.find(active, "a", href="/guidance/"), "aria-current") == "true"
    assert header.count("aria-current") == 1
