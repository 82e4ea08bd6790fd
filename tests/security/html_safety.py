"""What "no executable markup" means, checked with a real HTML parser.

Attribute values come out of `html.parser` already entity-decoded; URLs are then
stripped of the whitespace and control characters browsers ignore before the scheme.
Parley's templates load scripts only from /static/ and post forms only to the site itself,
so any other script, form, frame, plug-in, <base> or <meta http-equiv> came from user text.
"""

import json
import re
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

NEVER = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
    "math", "template", "portal", "xmp", "noembed", "noframes", "plaintext",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset",
    "data", "dynsrc", "lowsrc", "ping",
}  # fmt: skip
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
IGNORED_IN_URLS = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bad_url(value: str) -> bool:
    return bool(BAD_SCHEME.match(IGNORED_IN_URLS.sub("", value)))


def _same_site(value: str | None) -> bool:
    return value is not None and value.startswith("/") and not value.startswith("//")


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or (name in URL_ATTRIBUTES and value and bad_url(value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and value and re.search(r"expression|url\(|@import", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag in NEVER or (tag == "meta" and "http-equiv" in found):
            self.problems.append(f"<{tag} {attrs}>")
        elif tag == "script":
            if not (found.get("src") or "").startswith("/static/"):
                self.problems.append(f"<script {attrs}>")
            self.in_script = True
        elif tag == "svg" and not (found.get("class") or "").startswith("parley-"):
            self.problems.append(f"<svg {attrs}>")  # the templates' charts have Parley's classes
        elif tag == "form" and not _same_site(found.get("action")):
            self.problems.append(f"<form {attrs}>")
        elif tag in {"button", "input"} and "formaction" in found:
            self.problems.append(f"<{tag} {attrs}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def unsafe_markup(html: str) -> list[str]:
    """What in `html` could run script or act for the reader; empty when it is safe."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def unsafe_feed(xml: bytes) -> list[str]:
    """A feed must parse as XML, and the HTML a reader renders from it must be safe."""
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own feed, in a test)
    problems: list[str] = []
    # Atom says which texts are HTML; in RSS, an item's description is (the channel's
    # title and description are plain text, escaped once as the format requires).
    html = [e for e in root.iter() if e.get("type") == "html"]
    html += [e for item in root.iter("item") for e in item.iter("description")]
    for element in html:
        problems += unsafe_markup(element.text or "")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == "href" and bad_url(value):
                problems.append(f"<{element.tag} href={value!r}>")
    for element in root.iter("link"):
        if element.text and bad_url(element.text):
            problems.append(f"<link>{element.text!r}")
    return problems


def html_strings(value: Any, key: str = "") -> list[str]:
    """Every string of a JSON document, each to be treated as HTML when its key says so."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in html_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in html_strings(v, key)]
    return [value] if isinstance(value, str) and key.endswith("html") else []


def unsafe_json(body: bytes) -> list[str]:
    """HTML fields of an API answer must be safe; URLs anywhere must not run script."""
    document = json.loads(body)
    problems = [p for html in html_strings(document) for p in unsafe_markup(html)]
    problems += [f"url {value!r}" for value in _urls(document) if bad_url(value)]
    return problems


def _urls(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _urls(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _urls(v, key)]
    return [value] if isinstance(value, str) and key.endswith(("url", "href")) else []


def unsafe_email(message: EmailMessage) -> list[str]:
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    assert html is not None, "every notification has an HTML part"
    assert text is not None, "every notification has a plain text part"
    return unsafe_markup(html.get_content())


def direction_controls_outside_bdi(html: str) -> list[str]:
    """Direction overrides that could reorder the text around them (not isolated in <bdi>)."""
    without_isolated = re.sub(r"<bdi\b[^>]*>.*?</bdi>", "", html, flags=re.S)
    return [repr(m.group(0)) for m in DIRECTION_CONTROLS.finditer(without_isolated)]
