"""The summary of responses: for each closed question, how many counted responses chose
each answer (all of them, and individuals only, without organisations' responses), and how
many responses there were by respondent type and by channel (online, post, e-mail, a
meeting … : every channel is counted alike), and how many are confidential.

Confidential responses are counted in every tally (their text is never shown, and a tally
shows none). The counting is done by the database, grouped by answer: the same four
queries however many responses there are.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from parley.consultations.models import Answer, Question, Response, Scale
from parley.guidance.models import Version


@dataclass(frozen=True)
class Tally:
    """One answer of a question and how many chose it."""

    value: str
    label: str
    everyone: int
    individuals: int

    @property
    def organisations(self) -> int:
        return self.everyone - self.individuals


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    tallies: list[Tally]
    answered: int  # responses that answered it (a multiple-choice answer counts once)
    answered_by_individuals: int

    @property
    def most(self) -> int:
        return max((tally.everyone for tally in self.tallies), default=0)


@dataclass(frozen=True)
class Summary:
    counted: int
    individuals: int
    organisations: int
    confidential: int
    questions: list[QuestionSummary] = field(default_factory=list)
    open_questions: list[Question] = field(default_factory=list)
    # (channel, its label, how many) for each channel with a counted response, in the
    # channels' order
    channels: list[tuple[str, str, int]] = field(default_factory=list)


def _clause(number: str) -> str:
    return _("Clause %(number)s") % {"number": number}


def _choices_of(question: Question, clause_numbers: list[str]) -> list[tuple[str, str]]:
    """The answers a question offers, in order: (value, label)."""
    if question.kind == Question.Kind.SCALE:
        return [(value, str(label)) for value, label in Scale.choices]
    if question.kind == Question.Kind.CLAUSE:
        return [(number, _clause(number)) for number in clause_numbers]
    return [(option, option) for option in question.options]


def summary_of(version: Version) -> Summary:
    """The version's summary of responses (counted responses only): at most four queries."""
    totals = _totals(version)
    questions = list(version.questions.order_by("number"))
    clause_numbers: list[str] = []
    if any(question.kind == Question.Kind.CLAUSE for question in questions):
        clause_numbers = list(version.clauses.order_by("position").values_list("number", flat=True))
    rows = (
        Answer.objects.filter(
            response__in=Response.objects.counted().filter(version=version),
            question__version=version,
        )
        .exclude(question__kind=Question.Kind.TEXT)
        .values("question_id", "choice", "choices", "response__respondent_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    everyone: dict[int, Counter[str]] = {}
    individuals: dict[int, Counter[str]] = {}
    answered: Counter[int] = Counter()
    answered_individually: Counter[int] = Counter()
    for row in rows:
        values = [row["choice"]] if row["choice"] else list(row["choices"] or [])
        if not values:
            continue
        is_individual = row["response__respondent_type"] == Response.RespondentType.INDIVIDUAL
        answered[row["question_id"]] += row["n"]
        if is_individual:
            answered_individually[row["question_id"]] += row["n"]
        for value in dict.fromkeys(str(v) for v in values):
            everyone.setdefault(row["question_id"], Counter())[value] += row["n"]
            if is_individual:
                individuals.setdefault(row["question_id"], Counter())[value] += row["n"]
    summaries = []
    for question in questions:
        if not question.is_closed:
            continue
        chosen = everyone.get(question.pk, Counter())
        by_individuals = individuals.get(question.pk, Counter())
        offered = _choices_of(question, clause_numbers)
        known = {value for value, _label in offered}
        # an answer no longer offered (a clause renumbered since) is still counted
        unknown = sorted(value for value in chosen if value not in known)
        offered += [
            (value, _clause(value) if question.kind == Question.Kind.CLAUSE else value)
            for value in unknown
        ]
        tallies = [
            Tally(
                value=value,
                label=label,
                everyone=chosen[value],
                individuals=by_individuals[value],
            )
            for value, label in offered
        ]
        summaries.append(
            QuestionSummary(
                question=question,
                tallies=tallies,
                answered=answered[question.pk],
                answered_by_individuals=answered_individually[question.pk],
            )
        )
    counted = totals["counted"]
    return Summary(
        counted=counted,
        individuals=counted - totals["organisations"],
        organisations=totals["organisations"],
        confidential=totals["confidential"],
        questions=summaries,
        open_questions=[question for question in questions if not question.is_closed],
        channels=_channels(totals),
    )


def _totals(version: Version) -> dict[str, int]:
    return (
        Response.objects.counted()
        .filter(version=version)
        .aggregate(
            counted=Count("pk"),
            organisations=Count(
                "pk", filter=Q(respondent_type=Response.RespondentType.ORGANISATION)
            ),
            confidential=Count("pk", filter=Q(consent=Response.Consent.CONFIDENTIAL)),
            **{
                f"channel_{channel}": Count("pk", filter=Q(channel=channel))
                for channel in Response.Channel.values
            },
        )
    )


def _channels(totals: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (channel.value, str(channel.label), totals[f"channel_{channel.value}"])
        for channel in Response.Channel
        if totals[f"channel_{channel.value}"]
    ]


def channels_of(version: Version) -> list[tuple[str, str, int]]:
    """The summary's counts by channel alone, (channel, its label, how many counted), in
    the channels' order, for those with a response: one query."""
    return _channels(_totals(version))
