"""Reading the e-mails the test SMTP server received."""

import re
from email.message import EmailMessage

LINK = re.compile(r"https?://\S+")


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, "no plain text part"
    return str(body.get_content())


def html_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("html",))
    assert body is not None, "no HTML part"
    return str(body.get_content())


def link_path(message: EmailMessage, containing: str) -> str:
    """The site-relative path of the first link in the plain text containing `containing`."""
    links: list[str] = LINK.findall(text_of(message))
    for link in links:
        if containing in link:
            return "/" + link.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"No link with {containing!r} in:\n{text_of(message)}")


def unsubscribe_path(message: EmailMessage) -> str:
    header = str(message["List-Unsubscribe"]).strip("<>")
    return "/" + header.split("://", 1)[1].split("/", 1)[1]


def to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]
