"""Full addresses for what is read away from the site: e-mails (sent with no request,
so from SITE_URL) and feed entries (read in a feed reader, so from the feed's own address).

A relative link (`#comment-6`, `/people/3/`) means nothing in a mail program or a feed
reader: it is resolved against the page the text comes from.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings

# href and src attributes as nh3 and our templates write them: double-quoted values.
LINK_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
# The target of a Markdown link or image, `[words](target)`, as a comment's source has it.
MARKDOWN_TARGET = re.compile(r"(\]\()([^)\s]+)(?=[)\s])")


def on_site(path: str) -> str:
    """`path` on this site as a full address from SITE_URL; a full address is kept."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.PARLEY_SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def moved_to_site(url: str) -> str:
    """An address on this site built from a request's host, moved to SITE_URL: the host a
    task or a test client saw is not the one people reach the site by."""
    bits = urlsplit(url)
    path = bits.path + (f"?{bits.query}" if bits.query else "")
    return on_site(path + (f"#{bits.fragment}" if bits.fragment else ""))


def absolute_links(html: str, base: str) -> str:
    """`html` with every href and src resolved against `base` (the full address of the
    page the HTML is shown on); `mailto:` and other full addresses are kept."""

    def resolve(match: re.Match[str]) -> str:
        attribute, quote, value = match.groups()
        return f"{attribute}{quote}{urljoin(base, value.strip())}{quote}"

    return LINK_ATTRIBUTE.sub(resolve, html)


def absolute_markdown_links(text: str, base: str) -> str:
    """Markdown source (a comment quoted in a plain-text e-mail) with each link's target
    resolved against `base`, so `[policy](/comment-policy/)` still leads somewhere."""
    return MARKDOWN_TARGET.sub(lambda m: f"{m[1]}{urljoin(base, m[2])}", text)
