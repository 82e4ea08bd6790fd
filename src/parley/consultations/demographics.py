"""The equality (demographic) questions an editor may choose to ask respondents.

A fixed set, so that answers can be compared across consultations: each has a key, a
question and its answers (values and labels), always with "Prefer not to say". Every one
is optional for the respondent. Answers are kept in `Response.demographics` by key; they
are for the organisation's analysts only, never public, never in an e-mail.
The ethnic groups are the Office for National Statistics' harmonised standard (the broad
groups for Wales and England).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

PREFER_NOT_TO_SAY = "prefer_not_to_say"


@dataclass(frozen=True)
class Demographic:
    key: str
    question: Promise
    answers: Sequence[tuple[str, Promise]]

    @property
    def choices(self) -> list[tuple[str, Promise]]:
        return [*self.answers, (PREFER_NOT_TO_SAY, gettext_lazy("Prefer not to say"))]

    @property
    def values(self) -> list[str]:
        return [value for value, _label in self.choices]

    def label_of(self, value: str) -> str:
        return next((str(label) for v, label in self.choices if v == value), value)


DEMOGRAPHICS: tuple[Demographic, ...] = (
    Demographic(
        "age",
        gettext_lazy("What is your age?"),
        (
            ("under_16", gettext_lazy("Under 16")),
            ("16_24", gettext_lazy("16 to 24")),
            ("25_34", gettext_lazy("25 to 34")),
            ("35_44", gettext_lazy("35 to 44")),
            ("45_54", gettext_lazy("45 to 54")),
            ("55_64", gettext_lazy("55 to 64")),
            ("65_74", gettext_lazy("65 to 74")),
            ("75_over", gettext_lazy("75 or over")),
        ),
    ),
    Demographic(
        "sex",
        gettext_lazy("What is your sex?"),
        (("female", gettext_lazy("Female")), ("male", gettext_lazy("Male"))),
    ),
    Demographic(
        "gender_identity",
        gettext_lazy("Is the gender you identify with the same as your sex registered at birth?"),
        (
            ("yes", pgettext_lazy("is it the same", "Yes")),
            ("no", pgettext_lazy("is it the same", "No")),
        ),
    ),
    Demographic(
        "ethnic_group",
        gettext_lazy("What is your ethnic group?"),
        (
            ("asian", gettext_lazy("Asian, Asian Welsh or Asian British")),
            ("black", gettext_lazy("Black, Black Welsh, Black British, Caribbean or African")),
            ("mixed", gettext_lazy("Mixed or multiple ethnic groups")),
            ("white", gettext_lazy("White")),
            ("other", gettext_lazy("Other ethnic group")),
        ),
    ),
    Demographic(
        "disability",
        gettext_lazy(
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?"
        ),
        (
            ("yes", pgettext_lazy("do you have", "Yes")),
            ("no", pgettext_lazy("do you have", "No")),
        ),
    ),
    Demographic(
        "welsh_speaker",
        gettext_lazy("Can you speak Welsh?"),
        (
            ("fluent", gettext_lazy("Yes, fluently")),
            ("some", gettext_lazy("Yes, some")),
            ("no", pgettext_lazy("can you speak", "No")),
        ),
    ),
    Demographic(
        "religion",
        gettext_lazy("What is your religion?"),
        (
            ("none", gettext_lazy("No religion")),
            ("christian", gettext_lazy("Christian")),
            ("buddhist", gettext_lazy("Buddhist")),
            ("hindu", gettext_lazy("Hindu")),
            ("jewish", gettext_lazy("Jewish")),
            ("muslim", gettext_lazy("Muslim")),
            ("sikh", gettext_lazy("Sikh")),
            ("other", gettext_lazy("Any other religion")),
        ),
    ),
    Demographic(
        "sexual_orientation",
        gettext_lazy("Which of the following best describes your sexual orientation?"),
        (
            ("straight", gettext_lazy("Straight or heterosexual")),
            ("gay_lesbian", gettext_lazy("Gay or lesbian")),
            ("bisexual", gettext_lazy("Bisexual")),
            ("other", gettext_lazy("Other sexual orientation")),
        ),
    ),
    Demographic(
        "carer",
        gettext_lazy(
            "Do you look after, or give any help or support to, anyone because of a long-term "
            "condition or problems related to old age?"
        ),
        (
            ("yes", pgettext_lazy("do you look after", "Yes")),
            ("no", pgettext_lazy("do you look after", "No")),
        ),
    ),
)

BY_KEY: Mapping[str, Demographic] = {d.key: d for d in DEMOGRAPHICS}
KEYS: tuple[str, ...] = tuple(BY_KEY)


def chosen(keys: Sequence[str]) -> list[Demographic]:
    """The questions with these keys, in the set's order (unknown keys left out)."""
    wanted = set(keys)
    return [d for d in DEMOGRAPHICS if d.key in wanted]


def check(
    asked: Sequence[str], given: Mapping[str, object]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The answers to the questions `asked` (blank ones left out), and the problems keyed
    `demographics.<key>`: a question not asked, or an answer not among its choices."""
    answers: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    asking = {d.key: d for d in chosen(asked)}
    for key, value in given.items():
        name = f"demographics.{str(key)[:50]}"
        if key not in asking:
            errors[name] = [_("This consultation does not ask that question")]
        elif value in ("", None):
            continue
        elif not isinstance(value, str) or value not in asking[key].values:
            errors[name] = [_("Choose one of the answers given, or leave it blank")]
        else:
            answers[key] = value
    return answers, errors
