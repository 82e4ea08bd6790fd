"""Display names that would pass for a staff member's.

Two names are confusable when they have the same skeleton (Unicode TR39's idea): each
character replaced by one representative of the characters it can be mistaken for
(Latin A and its Cyrillic, Greek and mathematical look-alikes are one), case, accents and
spacing ignored. The table of look-alikes is Unicode's confusables.txt as the
confusable-homoglyphs library keeps it.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables
from django.db.models import Q

from parley.accounts.models import User
from parley.organisations.models import Role


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """Each look-alike character's representative (the lowest code point among all the
    characters it is confusable with), and characters that read as a sequence ("m" as
    "rn", the roman numeral four as "iv")."""
    parent: dict[str, str] = {}

    def find(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    expansions: dict[str, str] = {}
    for key, homoglyphs in confusables.confusables_data.items():
        for homoglyph in homoglyphs:
            other = homoglyph["c"].strip("\u200e")
            if len(key) == 1 and len(other) == 1:
                first, second = find(key), find(other)
                if first != second:
                    parent[max(first, second)] = min(first, second)
            elif len(key) > 1 and len(other) == 1:
                expansions[other] = key
    return {char: find(char) for char in list(parent)}, expansions


def _skeleton(text: str) -> str:
    representative, expansions = _table()
    text = "".join(expansions.get(char, char) for char in unicodedata.normalize("NFKD", text))
    for _pass in range(2):  # again after case folding: "I" and "l" meet only then
        text = "".join(representative.get(char, char) for char in text).casefold()
    return "".join(char for char in text if char.isalnum())


def skeletons(name: str) -> set[str]:
    """What `name` looks like, as written and in lower case: two names whose skeletons
    meet read as the same name ("AIex" and "Alex"; "ALEX" and "Alex")."""
    return {_skeleton(name), _skeleton(name.casefold())} - {""}


def staff_it_impersonates(name: str, *, user: User | None = None) -> str | None:
    """The display name of a staff member (site staff, or an organisation's owner, editor
    or moderator) other than `user` that `name` could be taken for, or None."""
    wanted = skeletons(name)
    if not wanted:
        return None
    staff = User.objects.filter(
        Q(is_staff=True) | Q(memberships__role__in=[Role.OWNER, Role.EDITOR, Role.MODERATOR]),
        is_active=True,
    ).distinct()
    if user is not None and user.pk is not None:
        staff = staff.exclude(pk=user.pk)
    for staff_name in staff.values_list("display_name", flat=True):
        if skeletons(staff_name) & wanted:
            return staff_name
    return None
