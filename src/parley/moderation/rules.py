"""Pre-moderation: score a new comment for spam and decide whether to hold it.

All local; the moderation issue adds a learned classifier and configurable rules.
"""

import re
from dataclasses import dataclass, field

MAX_LINKS_BEFORE_HOLD = 2
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_REPEATED = re.compile(r"(.)\1{19,}")


@dataclass
class Assessment:
    spam_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    is_spam: bool = False
    hold_because: str = ""


def assess(
    *, text: str, trusted: bool, known_guest: bool, is_guest: bool, honeypot: bool = False
) -> Assessment:
    """Score `text` and say whether it is spam, should be held, or may appear at once.

    `trusted` people (staff, an organisation's editors and moderators) are never held;
    `known_guest` means a moderator approved one of this guest's comments before.
    """
    result = Assessment()
    if honeypot:
        result.spam_score = 1.0
        result.reasons.append("filled in a field only robots can see")
        result.is_spam = True
        return result
    links = len(_LINK.findall(text))
    if links > MAX_LINKS_BEFORE_HOLD:
        result.spam_score += 0.4
        result.reasons.append(f"{links} links")
    if _REPEATED.search(text):
        result.spam_score += 0.3
        result.reasons.append("long runs of one character")
    if trusted:
        return result
    if is_guest and not known_guest:
        result.hold_because = "first comment from this e-mail address"
    elif result.reasons:
        result.hold_because = "; ".join(result.reasons)
    return result
