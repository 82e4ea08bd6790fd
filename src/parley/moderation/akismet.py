"""An optional second opinion from Akismet, or any service that speaks its protocol.

Off unless AKISMET_API_KEY is set. Every failure (no answer within two seconds, an error
status, an answer other than "true" or "false", a refused key) counts as "unknown", so
a comment is never blocked or delayed for long because the service is unreachable.
"""

import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from parley.moderation import reasons

TIMEOUT = 2.0  # seconds; posting a comment waits at most this long for the answer
REASON = reasons.AKISMET.store()  # the reason stored with a comment Akismet flagged
USER_AGENT = "Parley/0.1 | Akismet-compatible client"

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.AKISMET_API_KEY)


def check(
    *,
    text: str,
    author_name: str,
    author_email: str,
    ip: str | None,
    user_agent: str = "",
    timeout: float = TIMEOUT,
) -> bool | None:
    """True if the service says this comment is spam, False if it says it is not, and
    None when it is not configured or gave no usable answer."""
    if not enabled():
        return None
    answer = _post(
        "comment-check",
        _fields(text, author_name, author_email, ip, user_agent),
        timeout=timeout,
    )
    if answer not in {"true", "false"}:
        if answer is not None:
            logger.warning("Akismet comment-check answered %r", answer[:100])
        return None
    return answer == "true"


def submit_spam(
    *, text: str, author_name: str, author_email: str, ip: str | None, user_agent: str = ""
) -> bool:
    """Tell the service a moderator marked this comment as spam; whether it was told."""
    return _submit("submit-spam", text, author_name, author_email, ip, user_agent)


def submit_ham(
    *, text: str, author_name: str, author_email: str, ip: str | None, user_agent: str = ""
) -> bool:
    """Tell the service a comment it took for spam is genuine; whether it was told."""
    return _submit("submit-ham", text, author_name, author_email, ip, user_agent)


def _submit(
    method: str, text: str, author_name: str, author_email: str, ip: str | None, agent: str
) -> bool:
    if not enabled():
        return False
    fields = _fields(text, author_name, author_email, ip, agent)
    return _post(method, fields, timeout=TIMEOUT) is not None


def _fields(
    text: str, author_name: str, author_email: str, ip: str | None, user_agent: str
) -> dict[str, str]:
    return {
        "user_ip": ip or "",
        "user_agent": user_agent,
        "comment_type": "comment",
        "comment_author": author_name,
        "comment_author_email": author_email,
        "comment_content": text,
    }


def _post(method: str, fields: dict[str, str], *, timeout: float) -> str | None:
    """POST to the service; its answer, or None if there was none (logged)."""
    url = f"{settings.AKISMET_URL.rstrip('/')}/1.1/{method}"
    if urlsplit(url).scheme not in {"http", "https"}:
        logger.warning("AKISMET_URL must start with http:// or https://, not %r", url)
        return None
    body = urlencode(
        {"api_key": settings.AKISMET_API_KEY, "blog": settings.AKISMET_BLOG_URL, **fields}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=body, headers={"User-Agent": USER_AGENT}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310  # http(s) checked above
            answer: bytes = response.read(10_000)
            return answer.decode("utf-8", "replace").strip()
    except (OSError, ValueError) as error:  # refused, timed out, HTTP error, bad URL
        logger.warning("Akismet %s failed: %s", method, error)
        return None
