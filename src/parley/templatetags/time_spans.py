"""`{{ moment|time_left }}`: "3 weeks, 2 days", in the reader's language.

Django's `timeuntil` says its spans with msgids its own Welsh catalogue does not have, so a
Welsh page read "yn cau ymhen 1 month". These are the same msgids, marked here so that they
are in Parley's catalogue (src/parley/locale, which Django reads before its own)."""

from datetime import datetime
from typing import cast

from django import template
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_noop, ngettext_lazy

register = template.Library()

TIME_STRINGS = {  # lazy: translated when said, in the reader's language
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}
# `timeuntil` joins the units with gettext(", "), which Django's Welsh catalogue gives as ","
# ("1 mis,1 wythnos"): Parley's says it with the space.
SEPARATOR = gettext_noop(", ")


@register.filter
def time_left(moment: datetime | None) -> str:
    """The time from now until `moment`, in its two largest units ("" without a moment)."""
    if moment is None:
        return ""
    return timeuntil(moment, time_strings=cast(dict[str, str], TIME_STRINGS))
