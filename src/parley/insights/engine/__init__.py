"""The insights engine: campaigns of near-identical comments, and themes in the rest.

Pure Python, numpy, SciPy and scikit-learn (no Django), so the insights app and
`bench/insights.py` share it. docs/insights.md says how campaigns and themes are found.
"""

from collections.abc import Callable

from .campaigns import Campaign, CampaignIndex, find_campaigns
from .themes import Theme, ThemeResult, find_themes

Progress = Callable[[int, int], None]  # (done, total), called now and then

__all__ = [
    "Campaign",
    "CampaignIndex",
    "Progress",
    "Theme",
    "ThemeResult",
    "find_campaigns",
    "find_themes",
]
