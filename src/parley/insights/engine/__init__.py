"""The insights engine: campaigns of near-identical comments, and themes in the rest.

Pure Python, numpy, SciPy and scikit-learn (no Django), so the insights app and
`bench/insights.py` share it. docs/insights.md says how campaigns and themes are found.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .campaigns import DEFAULT_SHARE, MIN_TEMPLATE_WORDS, Campaign, CampaignIndex, find_campaigns
from .passages import best_template, difference, share, template, template_text

if TYPE_CHECKING:
    from .themes import Theme, ThemeResult, find_themes

Progress = Callable[[int, int], None]  # (done, total), called now and then


def __getattr__(name: str) -> Any:
    """Themes (and scikit-learn) load when first asked for: matching a comment against the
    campaigns, as the moderation queue does, needs only numpy."""
    if name in {"Theme", "ThemeResult", "find_themes"}:
        from . import themes

        return getattr(themes, name)
    raise AttributeError(name)


__all__ = [
    "DEFAULT_SHARE",
    "MIN_TEMPLATE_WORDS",
    "Campaign",
    "CampaignIndex",
    "Progress",
    "Theme",
    "ThemeResult",
    "best_template",
    "difference",
    "find_campaigns",
    "find_themes",
    "share",
    "template",
    "template_text",
]
