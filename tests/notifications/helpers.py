"""Reading the e-mails the test SMTP server received."""

import re
from email.message import EmailMessage

LINK = re.compile(r"https?://\S+")


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]


def link_path(message: EmailMessage, containing: str) -> str:
    """The site-relative path of the first link in the plain text containing `containing`."""
    for link in LINK.findall(text_of(message)):
        if containing in link:
            return "/" + link.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"No link with {containing!r} in:\n{text_of(message)}")


def unsubscribe_path(message: EmailMessage) -> str:
    header = str(message["List-Unsubscribe"]).strip("<>")
    return "/" + header.split("://", 1)[1].split("/", 1)[1]


def to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]
