"""Template sets of questions an editor may add when setting up a consultation.

Each set is ordinary questions, in English and Welsh, added through
`services.add_question_set` (so they are numbered after the others, are in the document's
history, and can be changed or deleted like any question while the version is a draft).

The Welsh-language set asks what the Welsh Language Standards (No. 1) Regulations 2015
(standards 91 to 93) require a consultation to ask: the effects of the proposals on
opportunities to use Welsh and on treating Welsh no less favourably than English, and how
they could have positive or increased positive effects, and no or decreased adverse ones.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from parley.consultations.models import Question
from parley.consultations.services import QuestionIn

ON_WELSH = (
    "on opportunities for people to use the Welsh language, and on treating the Welsh "
    "language no less favourably than the English language"
)
AR_Y_GYMRAEG = (
    "ar gyfleoedd i bobl ddefnyddio’r Gymraeg, ac ar beidio â thrin y Gymraeg yn llai "
    "ffafriol na’r Saesneg"
)


@dataclass(frozen=True)
class QuestionSet:
    key: str
    title: Promise
    description: Promise
    questions: tuple[QuestionIn, ...]


WELSH_LANGUAGE = QuestionSet(
    "welsh_language",
    gettext_lazy("Effects on the Welsh language"),
    gettext_lazy(
        "Three questions the Welsh Language Standards ask a consultation to include: the "
        "effects on the Welsh language, and how to increase positive effects and reduce "
        "adverse ones."
    ),
    (
        QuestionIn(
            kind=Question.Kind.TEXT,
            text=f"What effects do you think the proposals would have {ON_WELSH}?",
            text_cy=f"Pa effeithiau y credwch y byddai’r cynigion yn eu cael {AR_Y_GYMRAEG}?",
        ),
        QuestionIn(
            kind=Question.Kind.TEXT,
            text="How could the proposals be changed so that they have positive effects, or "
            f"increased positive effects, {ON_WELSH}?",
            text_cy="Sut y gellid newid y cynigion fel eu bod yn cael effeithiau cadarnhaol, "
            f"neu fwy o effeithiau cadarnhaol, {AR_Y_GYMRAEG}?",
        ),
        QuestionIn(
            kind=Question.Kind.TEXT,
            text="How could the proposals be changed so that they have no adverse effects, or "
            f"decreased adverse effects, {ON_WELSH}?",
            text_cy="Sut y gellid newid y cynigion fel nad ydynt yn cael effeithiau andwyol, "
            f"neu eu bod yn cael llai o effeithiau andwyol, {AR_Y_GYMRAEG}?",
        ),
    ),
)

RESPONDENT_DETAILS = QuestionSet(
    "respondent_details",
    gettext_lazy("About the respondent"),
    gettext_lazy("Who is responding and where: to compare the views of different groups."),
    (
        QuestionIn(
            kind=Question.Kind.SINGLE,
            text="Which of these best describes you?",
            text_cy="Pa un o’r rhain sy’n eich disgrifio orau?",
            options=(
                "A member of the public",
                "A practitioner or professional",
                "A public body",
                "A business",
                "A charity or voluntary organisation",
                "An academic or researcher",
                "Other",
            ),
            options_cy=(
                "Aelod o’r cyhoedd",
                "Ymarferydd neu weithiwr proffesiynol",
                "Corff cyhoeddus",
                "Busnes",
                "Elusen neu sefydliad gwirfoddol",
                "Academydd neu ymchwilydd",
                "Arall",
            ),
        ),
        QuestionIn(
            kind=Question.Kind.SINGLE,
            text="Where do you live or work?",
            text_cy="Ble rydych chi’n byw neu’n gweithio?",
            options=("Wales", "England", "Scotland", "Northern Ireland", "Outside the UK"),
            options_cy=("Cymru", "Lloegr", "Yr Alban", "Gogledd Iwerddon", "Y tu allan i’r DU"),
        ),
        QuestionIn(
            kind=Question.Kind.SINGLE,
            text="May we contact you about your response?",
            text_cy="A gawn ni gysylltu â chi am eich ymateb?",
            options=("Yes", "No"),
            options_cy=("Cewch", "Na chewch"),
        ),
    ),
)

SETS: Mapping[str, QuestionSet] = {s.key: s for s in (WELSH_LANGUAGE, RESPONDENT_DETAILS)}
