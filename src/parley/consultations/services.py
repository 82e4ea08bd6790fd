"""Writing a consultation: a draft version's questions, and responses to them.

Questions change only while their version is a draft, and every change is in the
document's history. A response is checked whole (every answer against its question, who
responds, their consent) before anything is saved, and refusals name the field:
`answers.<number>` for an answer. Each function either saves everything or nothing.
"""

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial as partial_send

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.accounts.models import User
from parley.bilingual import Shown, choose
from parley.consultations import demographics as equality
from parley.consultations import tasks
from parley.consultations.models import Answer, Consultation, Question, Response, Scale
from parley.consultations.tokens import (
    read_confirm_token,
)
from parley.files import services as files
from parley.guidance import services as guidance
from parley.guidance.models import Version
from parley.markup import plain_name
from parley.validation import Rejected, too_long

MAX_OPTIONS = 30
MAX_ANSWER_CHARACTERS = 50_000
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed
# The enums' values, read once: `Enum.values` builds its list on every call, and a bulk
# import checks thousands of responses.
SCALE_VALUES = tuple(Scale.values)
RESPONDENT_TYPES = frozenset(Response.RespondentType.values)
CONSENTS = frozenset(Response.Consent.values)


class ConsultationRejected(Rejected):
    """Nothing about the consultation was saved."""


# Questions -----------------------------------------------------------------------------


def _require_draft(version: Version) -> None:
    if version.status != Version.Status.DRAFT:
        raise ConsultationRejected(
            {
                "version": [
                    _(
                        "Version %(number)s is %(phase)s: its questions cannot change. "
                        "Change them in a new version"
                    )
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )


@dataclass(frozen=True)
class QuestionIn:
    """What an editor says about a question, from a form or the API."""

    kind: str
    text: str
    text_cy: str = ""
    options: Sequence[str] = ()
    options_cy: Sequence[str] = ()
    required: bool = False
    word_limit: int | None = None
    lineage: uuid.UUID | None = None
    agreement_is_support: bool = False

    @property
    def text_shown(self) -> Shown:
        return choose(self.text, self.text_cy)


def _check_question(version: Version, given: QuestionIn) -> dict[str, object]:
    """The question's fields, cleaned; or ConsultationRejected naming each bad one."""
    errors: dict[str, list[str]] = {}
    if given.kind not in Question.Kind.values:
        errors["kind"] = [
            _("Choose one of: %(kinds)s") % {"kinds": ", ".join(Question.Kind.values)}
        ]
    text, text_cy = given.text.strip(), given.text_cy.strip()
    if not text:
        errors["text"] = [_("Enter the question")]
    errors |= too_long(Question, text=text, text_cy=text_cy)
    options = [o.strip() for o in given.options if o.strip()]
    if given.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
        if len(options) < 2:
            errors["options"] = [_("Give at least two choices, one a line")]
        elif len(options) > MAX_OPTIONS:
            errors["options"] = [_("Give at most %(limit)s choices") % {"limit": MAX_OPTIONS}]
        elif len(set(options)) != len(options):
            errors["options"] = [_("Each choice must be different")]
        elif any(len(o) > 200 for o in options):
            errors["options"] = [_("Each choice must be 200 characters or fewer")]
    else:
        options = []
    options_cy = [o.strip() for o in given.options_cy] if options else []
    while options_cy and not options_cy[-1]:
        options_cy.pop()
    if "options" not in errors and options_cy:
        if len(options_cy) > len(options):
            errors["options_cy"] = [
                _("Give at most one Welsh choice for each choice, in the same order")
            ]
        elif any(len(o) > 200 for o in options_cy):
            errors["options_cy"] = [_("Each choice must be 200 characters or fewer")]
    word_limit = given.word_limit if given.kind == Question.Kind.TEXT else None
    if word_limit is not None and word_limit < 1:
        errors["word_limit"] = [_("The word limit must be a whole number above 0")]
    if given.lineage is not None and not version.clauses.filter(lineage=given.lineage).exists():
        errors["lineage"] = [_("Choose a clause of this version")]
    if given.agreement_is_support and (given.kind != Question.Kind.SCALE or given.lineage is None):
        errors["agreement_is_support"] = [
            _("Only an agree or disagree question about a clause can count as support for it")
        ]
    if errors:
        raise ConsultationRejected(errors)
    return {
        "kind": given.kind,
        "text": text,
        "text_cy": text_cy,
        "options": options,
        "options_cy": options_cy,
        "required": given.required,
        "word_limit": word_limit,
        "lineage": given.lineage,
        "agreement_is_support": given.agreement_is_support,
    }


def _record(version: Version, user: User, action: str, **detail: object) -> None:
    guidance.record_change(
        document=version.document, version=version, user=user, action=action, **detail
    )


@transaction.atomic
def add_question(*, version: Version, user: User, question: QuestionIn) -> Question:
    """A new question at the end of a draft version's form."""
    _require_draft(version)
    fields = _check_question(version, question)
    last = Question.objects.filter(version=version).aggregate(last=Max("number"))["last"]
    added = Question.objects.create(version=version, number=(last or 0) + 1, **fields)
    _record(
        version,
        user,
        f"added question {added.number} to version {version.number}",
        text=added.text,
    )
    return added


@transaction.atomic
def update_question(*, question: Question, user: User, change: QuestionIn) -> Question:
    """Reword a question of a draft version, or change its kind, choices or clause."""
    version = question.version
    _require_draft(version)
    for name, value in _check_question(version, change).items():
        setattr(question, name, value)
    question.save()
    _record(
        version,
        user,
        f"changed question {question.number} of version {version.number}",
        text=question.text,
    )
    return question


def _renumber(version: Version, order: list[int]) -> None:
    """Number the questions with ids `order` 1, 2, 3 …; out of the way first, as no two
    questions of a version may share a number even for a moment."""
    offset = 1_000_000
    for number, pk in enumerate(order, start=1):
        Question.objects.filter(pk=pk).update(number=offset + number)
    Question.objects.filter(version=version, number__gt=offset).update(number=F("number") - offset)


@transaction.atomic
def move_question(*, question: Question, user: User, to: int) -> Question:
    """Move a question of a draft version to place `to` (1 is first); the rest close up."""
    version = question.version
    _require_draft(version)
    order = list(version.questions.order_by("number").values_list("pk", flat=True))
    if not 1 <= to <= len(order):
        raise ConsultationRejected(
            {"number": [_("Choose a place from 1 to %(last)s") % {"last": len(order)}]}
        )
    before = question.number
    order.remove(question.pk)
    order.insert(to - 1, question.pk)
    _renumber(version, order)
    question.refresh_from_db()
    if before != question.number:
        _record(
            version,
            user,
            f"moved question {before} of version {version.number} to {question.number}",
        )
    return question


@transaction.atomic
def remove_question(*, question: Question, user: User) -> None:
    """Delete a question of a draft version; those after it move up."""
    version = question.version
    _require_draft(version)
    number, text = question.number, question.text
    question.delete()
    _renumber(version, list(version.questions.order_by("number").values_list("pk", flat=True)))
    _record(version, user, f"removed question {number} of version {version.number}", text=text)


def carry_over_questions(
    *, version: Version, previous: Version, user: User, **_signal: object
) -> list[Question]:
    """Copy `previous`'s questions onto its next version, a new draft: same numbers and
    text, each tied to the same clause lineage if that clause is still there (else to none),
    so answers can be compared across versions."""
    lineages = set(version.clauses.values_list("lineage", flat=True))
    copies = Question.objects.bulk_create(
        Question(
            version=version,
            number=question.number,
            kind=question.kind,
            text=question.text,
            text_cy=question.text_cy,
            options=question.options,
            options_cy=question.options_cy,
            required=question.required,
            word_limit=question.word_limit,
            lineage=question.lineage if question.lineage in lineages else None,
            agreement_is_support=question.agreement_is_support and question.lineage in lineages,
        )
        for question in previous.questions.order_by("number")
    )
    if copies:
        _record(
            version,
            user,
            f"copied {len(copies)} question(s) from version {previous.number} "
            f"to version {version.number}",
        )
    return copies


# Setting up the consultation ----------------------------------------------------------


def consultation_of(version: Version) -> Consultation:
    """The version's consultation settings, made (with the defaults) when first needed."""
    consultation, _made = Consultation.objects.get_or_create(version=version)
    return consultation


def settings_of(version: Version) -> Consultation:
    """The settings without writing: the saved ones, or the defaults (unsaved)."""
    return Consultation.objects.filter(version=version).first() or Consultation(version=version)


@transaction.atomic
def set_up_consultation(
    *, version: Version, user: User, layout: str, demographics: Sequence[str]
) -> Consultation:
    """Choose how a draft version's questions are asked (all on one page, or one a page)
    and which equality questions respondents are offered."""
    _require_draft(version)
    errors: dict[str, list[str]] = {}
    if layout not in Consultation.Layout.values:
        errors["layout"] = [
            _("Choose one of: %(layouts)s") % {"layouts": ", ".join(Consultation.Layout.values)}
        ]
    unknown = [str(key)[:50] for key in demographics if key not in equality.KEYS]
    if unknown:
        errors["demographics"] = [
            _("“%(key)s” is not one of the equality questions") % {"key": unknown[0]}
        ]
    if errors:
        raise ConsultationRejected(errors, status=422)
    consultation = Consultation.objects.select_for_update().get(pk=consultation_of(version).pk)
    keys = [d.key for d in equality.chosen(demographics)]
    if (consultation.layout, consultation.demographics) != (layout, keys):
        consultation.layout, consultation.demographics = layout, keys
        consultation.save(update_fields=["layout", "demographics"])
        _record(
            version,
            user,
            f"set up the consultation on version {version.number}",
            layout=layout,
            demographics=", ".join(keys) or "none",
        )
    return consultation


@transaction.atomic
def add_question_set(
    *, version: Version, user: User, questions: Sequence[QuestionIn]
) -> list[Question]:
    """Add a template set of questions (`question_sets`) at the end of a draft's form,
    each an ordinary question in the document's history."""
    _require_draft(version)
    return [add_question(version=version, user=user, question=q) for q in questions]


def choice_values(question: Question, clause_numbers: Sequence[str] = ()) -> list[str]:
    """What may be chosen in answer: its options, the scale, or the version's clauses."""
    if question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
        return list(question.options)
    if question.kind == Question.Kind.SCALE:
        return list(SCALE_VALUES)
    if question.kind == Question.Kind.CLAUSE:
        return list(clause_numbers)
    return []


# Answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerIn:
    """One answer as given: a `choice`, several `choices`, or `text`."""

    question: int
    choice: str = ""
    choices: Sequence[str] = ()
    text: str = ""


def questions_asked(version: Version) -> tuple[list[Question], list[str]]:
    """The version's questions in order, and its clauses' numbers (a `clause` question's
    choices)."""
    questions = list(version.questions.order_by("number"))
    clauses = list(version.clauses.order_by("position").values_list("number", flat=True))
    return questions, clauses


def _words(text: str) -> int:
    return len(text.split())


def check_answers(
    version: Version,
    answers: Iterable[AnswerIn],
    *,
    partial: bool = False,
    asked: "tuple[list[Question], list[str]] | None" = None,
) -> tuple[list[tuple[Question, AnswerIn]], dict[str, list[str]]]:
    """Each question of `version` with its answer (empty if none was given), and the
    problems, keyed `answers.<number>`: an unknown question or option, too many words, a
    required question left empty (unless `partial`: saved to finish later). `asked`: the
    version's questions and clause numbers, read once for many responses (a bulk import)."""
    questions, clauses = asked if asked is not None else questions_asked(version)
    by_number = {q.number: q for q in questions}
    given: dict[int, AnswerIn] = {}
    errors: dict[str, list[str]] = {}
    for answer in answers:
        key = f"answers.{answer.question}"
        if answer.question not in by_number:
            errors[key] = [_("There is no question %(number)s") % {"number": answer.question}]
        elif answer.question in given:
            errors[key] = [
                _("Question %(number)s is answered more than once") % {"number": answer.question}
            ]
        else:
            given[answer.question] = answer
    checked: list[tuple[Question, AnswerIn]] = []
    for question in questions:
        answer = given.get(question.number, AnswerIn(question=question.number))
        key = f"answers.{question.number}"
        values = choice_values(question, clauses)
        if question.kind == Question.Kind.MULTIPLE:
            chosen = list(
                dict.fromkeys([*answer.choices, *([answer.choice] if answer.choice else [])])
            )
            answer = AnswerIn(question=question.number, choices=chosen)
            unknown = [c for c in chosen if c not in values]
            empty = not chosen
        elif question.kind == Question.Kind.TEXT:
            answer = AnswerIn(question=question.number, text=answer.text.strip())
            unknown, empty = [], not answer.text
        else:
            choice = answer.choice or (answer.choices[0] if len(answer.choices) == 1 else "")
            if len(answer.choices) > 1:
                errors[key] = [
                    _("Choose only one answer to question %(number)s") % {"number": question.number}
                ]
            answer = AnswerIn(question=question.number, choice=choice)
            unknown = [choice] if choice and choice not in values else []
            empty = not choice
        if key in errors:
            pass
        elif unknown:
            errors[key] = [
                _("“%(value)s” is not one of the choices of question %(number)s")
                % {"value": unknown[0][:100], "number": question.number}
            ]
        elif empty and question.required and not partial:
            errors[key] = [_("Answer question %(number)s") % {"number": question.number}]
        elif len(answer.text) > MAX_ANSWER_CHARACTERS:
            errors[key] = [
                _("The answer to question %(number)s must be %(limit)s characters or fewer")
                % {"number": question.number, "limit": f"{MAX_ANSWER_CHARACTERS:,}"}
            ]
        elif question.word_limit and (words := _words(answer.text)) > question.word_limit:
            errors[key] = [
                ngettext(
                    "Question %(number)s allows at most %(limit)s word: this answer has %(words)s",
                    "Question %(number)s allows at most %(limit)s words: this answer has %(words)s",
                    question.word_limit,
                )
                % {"number": question.number, "limit": question.word_limit, "words": words}
            ]
        checked.append((question, answer))
    return checked, errors


# Responses -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """Who responds: an account, or a guest's name and e-mail; and in what capacity."""

    user: User | None = None
    name: str = ""
    email: str = ""
    type: str = Response.RespondentType.INDIVIDUAL
    organisation: str = ""
    language: str = field(default_factory=translation.get_language)


def _check_respondent(
    respondent: Respondent, consent: str, *, email_required: bool = True
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if respondent.user is None:
        if not plain_name(respondent.name):
            errors["respondent.name"] = [_("Enter your name")]
        elif len(respondent.name) > 100:
            errors["respondent.name"] = [_("Your name must be 100 characters or fewer")]
        try:
            if email_required or respondent.email.strip():
                validate_email(respondent.email.strip())
        except ValidationError:
            errors["respondent.email"] = [
                _("Enter an e-mail address in the correct format, like name@example.com")
            ]
    if respondent.type not in RESPONDENT_TYPES:
        errors["respondent.type"] = [
            _("Say whether you respond as an individual or for an organisation")
        ]
    elif respondent.type == Response.RespondentType.ORGANISATION:
        if not plain_name(respondent.organisation):
            errors["respondent.organisation"] = [_("Enter the name of the organisation")]
        elif len(respondent.organisation) > 200:
            errors["respondent.organisation"] = [
                _("The organisation’s name must be 200 characters or fewer")
            ]
    if consent not in CONSENTS:
        errors["consent"] = [_("Say whether we may publish your response")]
    return errors


def _require_open(version: Version) -> None:
    if version.phase != "open":
        raise ConsultationRejected(
            {
                "version": [
                    _("Version %(number)s is not open for responses (%(phase)s)")
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )


def new_reference() -> str:
    """Like PAR-7K3Q-2M: six random characters, about a billion possibilities."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"PAR-{chars[:4]}-{chars[4:]}"


# Each byte to a character of the alphabet: 256 is a multiple of its 32 characters, so every
# character is as likely as with `secrets.choice`.
_REFERENCE_BYTES = bytes(
    REFERENCE_ALPHABET[byte % len(REFERENCE_ALPHABET)].encode()[0] for byte in range(256)
)


def new_references(count: int) -> list[str]:
    """`count` references like `new_reference`'s, from one read of random bytes (a bulk
    import makes thousands; a character at a time was a tenth of its time)."""
    chars = secrets.token_bytes(6 * count).translate(_REFERENCE_BYTES).decode()
    return [f"PAR-{chars[i : i + 4]}-{chars[i + 4 : i + 6]}" for i in range(0, 6 * count, 6)]


def _idempotency_digest(respondent: Respondent, key: str) -> str:
    who = (
        f"user:{respondent.user.pk}"
        if respondent.user
        else f"guest:{respondent.email.strip().lower()}"
    )
    return hashlib.sha256(f"{who}\n{key}".encode()).hexdigest()


def _create(version: Version, **fields: object) -> Response:
    """A new response with a fresh reference, drawn again on the rare clash."""
    for _attempt in range(5):
        reference = new_reference()
        try:
            with transaction.atomic():
                return Response.objects.create(version=version, reference=reference, **fields)
        except IntegrityError:
            if not Response.objects.filter(reference=reference).exists():
                raise
    raise RuntimeError("No free response reference after five tries")  # pragma: no cover


def _write_answers(response: Response, checked: list[tuple[Question, AnswerIn]]) -> None:
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=question,
            choice=answer.choice,
            choices=list(answer.choices),
            text=answer.text,
        )
        for question, answer in checked
    )


@transaction.atomic
def save_draft(
    *,
    version: Version,
    respondent: Respondent,
    consent: str,
    answers: Iterable[AnswerIn],
    draft: Response | None = None,
    idempotency_key: str = "",
    partial: bool = False,
    demographics: Mapping[str, object] | None = None,
    step: bool = False,
    attachments: Sequence[files.Upload] = (),
) -> Response:
    """Check a whole response and keep it as a draft (new, or `draft` overwritten), to be
    checked by its author and then submitted. A `partial` one (saved to finish later) may
    leave required questions and consent unanswered, and its author is e-mailed a link
    to come back to it on any device. A `step` (one question a page, on the way) is
    partial and may also leave out a guest's name and e-mail, and sends nothing.
    `demographics`: answers to the equality questions the consultation asks, by key.
    `attachments`: files to attach (`files.attach_to_response`), checked with the rest."""
    _require_open(version)
    partial = partial or step
    checked, errors = check_answers(version, answers, partial=partial)
    errors |= _check_respondent(respondent, consent)
    if partial and not consent:
        errors.pop("consent", None)
    if step:
        for missing, typed in (
            ("respondent.name", respondent.name),
            ("respondent.email", respondent.email),
        ):
            if not typed.strip():
                errors.pop(missing, None)
    asked = settings_of(version).demographics
    equality_answers, equality_errors = equality.check(asked, demographics or {})
    errors |= equality_errors
    status = 422
    if attachments:
        try:
            files.check_response_uploads(
                attachments, already=draft.files.count() if draft is not None else 0
            )
        except Rejected as refused:
            errors |= refused.errors
            status = refused.status if len(errors) == len(refused.errors) else 422
    if errors:
        raise ConsultationRejected(errors, status=status)
    fields = {
        "respondent_type": respondent.type,
        "organisation_name": plain_name(respondent.organisation)
        if respondent.type == Response.RespondentType.ORGANISATION
        else "",
        "consent": consent,
        "user": respondent.user,
        "guest_name": "" if respondent.user else plain_name(respondent.name),
        "guest_email": "" if respondent.user else respondent.email.strip(),
        "language": respondent.language or "en-gb",
        "demographics": equality_answers,
    }
    if draft is None:
        response = _create(version, idempotency_key=idempotency_key, **fields)
    else:
        if draft.status != Response.Status.DRAFT or draft.version_id != version.pk:
            raise ConsultationRejected(
                {"response": [_("This response was already submitted")]}, status=409
            )
        response = draft
        for name, value in fields.items():
            setattr(response, name, value)
        response.save()
    _write_answers(response, checked)
    files.attach_to_response(response=response, uploads=attachments, user=respondent.user)
    if partial and not step:
        transaction.on_commit(partial_send(tasks.send_resume_link.enqueue, response.pk))
    return response


def _incomplete(response: Response) -> dict[str, list[str]]:
    """What a draft saved part-way still lacks before it can be sent."""
    answered = {a.question_id for a in response.answers.all() if not a.is_empty}
    errors = {
        f"answers.{q.number}": [_("Answer question %(number)s") % {"number": q.number}]
        for q in response.version.questions.filter(required=True).order_by("number")
        if q.pk not in answered
    }
    if response.consent not in Response.Consent.values:
        errors["consent"] = [_("Say whether we may publish your response")]
    if response.user_id is None and not response.guest_name:
        errors["respondent.name"] = [_("Enter your name")]
    if response.user_id is None and not response.guest_email:
        errors["respondent.email"] = [
            _("Enter an e-mail address in the correct format, like name@example.com")
        ]
    return errors


def _count(response: Response) -> None:
    """Make `response` its author's counted one on its version, the earlier one (kept)
    replaced by it."""
    same_person = Response.objects.counted().filter(version=response.version_id)
    if response.user_id is not None:
        same_person = same_person.filter(user=response.user_id)
    elif response.guest_email:
        same_person = same_person.filter(user=None, guest_email__iexact=response.guest_email)
    else:  # a letter with no e-mail address replaces nobody's response
        same_person = same_person.none()
    same_person.exclude(pk=response.pk).update(replaced_by=response)
    response.status, response.submitted_at = Response.Status.SUBMITTED, timezone.now()
    try:
        with transaction.atomic():
            response.save(update_fields=["status", "submitted_at"])
    except IntegrityError:
        raise ConsultationRejected(
            {
                "response": [
                    _("Another response of yours was submitted at the same moment: try again")
                ]
            },
            status=409,
        ) from None
    if response.channel == Response.Channel.ONLINE:
        transaction.on_commit(partial_send(tasks.send_receipt.enqueue, response.pk))


@transaction.atomic
def submit_response(*, response: Response) -> Response:
    """Submit a checked draft: counted at once for an account; for a guest, once they
    follow the link e-mailed to them (until then it is `unconfirmed`)."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Response.Status.DRAFT:
        return response  # submitted twice (a double click): the first one stands
    _require_open(response.version)
    if errors := _incomplete(response):
        raise ConsultationRejected(errors, status=422)
    if response.user_id is not None:
        _count(response)
    else:
        response.status = Response.Status.UNCONFIRMED
        response.save(update_fields=["status"])
        transaction.on_commit(partial_send(tasks.send_confirmation.enqueue, response.pk))
    return response


@dataclass(frozen=True)
class Responded:
    response: Response
    created: bool


@transaction.atomic
def respond(
    *,
    version: Version,
    respondent: Respondent,
    consent: str,
    answers: Iterable[AnswerIn],
    idempotency_key: str = "",
    demographics: Mapping[str, object] | None = None,
    attachments: Sequence[files.Upload] = (),
) -> Responded:
    """Check, save and submit a response in one step (the API); a retry with the same
    `idempotency_key` returns the response the first attempt made."""
    key = _idempotency_digest(respondent, idempotency_key) if idempotency_key else ""
    if key and (earlier := Response.objects.filter(version=version, idempotency_key=key).first()):
        return Responded(response=earlier, created=False)
    draft = save_draft(
        version=version,
        respondent=respondent,
        consent=consent,
        answers=answers,
        idempotency_key=key,
        demographics=demographics,
        attachments=attachments,
    )
    return Responded(response=submit_response(response=draft), created=True)


@transaction.atomic
def confirm_response(*, token: str) -> Response:
    """Count a guest's response once they follow the e-mailed link (again: no change)."""
    reference = read_confirm_token(token)
    response = (
        Response.objects.select_for_update().filter(reference=reference).first()
        if reference
        else None
    )
    if response is None:
        raise ConsultationRejected(
            {"token": [_("This link is not valid or has expired")]}, status=404
        )
    if response.status == Response.Status.UNCONFIRMED:
        _count(response)
    return response


# Responses received another way ------------------------------------------------------

STAFF_CHANNELS = tuple(c for c in Response.Channel if c != Response.Channel.ONLINE)
# What one response typed in by staff can have arrived by: never a bulk import.
ENTERED_CHANNELS = tuple(c for c in STAFF_CHANNELS if c != Response.Channel.IMPORT)


def check_respondent(respondent: Respondent, consent: str) -> dict[str, list[str]]:
    """The problems with who responds and their consent, for a response staff enter or
    import: a name is needed, an e-mail address only checked when given (a letter may have
    none)."""
    return _check_respondent(respondent, consent, email_required=False)


def receiving(version: Version) -> bool:
    """Whether staff may enter or import responses: while the consultation is open, and
    after it closes (a letter posted in time arrives late) until the responses are
    published."""
    return (
        version.phase in {"open", "closed"}
        and not Consultation.objects.filter(
            version=version, responses_published_at__isnull=False
        ).exists()
    )


def require_receiving(version: Version) -> None:
    """`receiving`, or ConsultationRejected (409) saying why not."""
    if not receiving(version):
        raise ConsultationRejected(
            {
                "version": [
                    _("Responses to version %(number)s cannot be entered now (%(phase)s)")
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )


def check_channel(
    channel: str, allowed: tuple[Response.Channel, ...] = STAFF_CHANNELS
) -> dict[str, list[str]]:
    """The problem with `channel` for a response staff enter or import, naming `allowed`."""
    if channel not in allowed:
        return {
            "channel": [
                _("Say how the response was received: %(channels)s")
                % {"channels": ", ".join(str(c.label) for c in allowed)}
            ]
        }
    return {}


CLOCK_SKEW = timedelta(minutes=1)  # a caller's clock a little ahead of ours


def check_received_at(version: Version, received_at: datetime | None) -> dict[str, list[str]]:
    """The problem with when staff say a response arrived: not in the future, nor before
    the consultation opened."""
    if received_at is None:
        return {}
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > timezone.now() + CLOCK_SKEW:
        return {"received_at": [_("When it arrived cannot be in the future")]}
    if version.opens_at is not None and timezone.localdate(received_at) < timezone.localdate(
        version.opens_at
    ):
        return {
            "received_at": [
                _("The date it arrived must be on or after the day the consultation opened")
            ]
        }
    return {}


def entry_key(entered_by: User | None, idempotency_key: str) -> str:
    """The stored form of an `Idempotency-Key` sent by staff entering a response."""
    who = f"entered:{entered_by.pk}" if entered_by is not None else "entered:"
    return hashlib.sha256(f"{who}\n{idempotency_key}".encode()).hexdigest()


def entered_before(
    version: Version, entered_by: User | None, idempotency_key: str
) -> Response | None:
    """The response an earlier request with this `Idempotency-Key` entered, if any."""
    if not idempotency_key:
        return None
    return Response.objects.filter(
        version=version, idempotency_key=entry_key(entered_by, idempotency_key)
    ).first()


@transaction.atomic
def enter_response(
    *,
    version: Version,
    entered_by: User | None,
    channel: str,
    respondent: Respondent,
    consent: str,
    answers: Iterable[AnswerIn],
    demographics: Mapping[str, object] | None = None,
    attachments: Sequence[files.Upload] = (),
    received_at: datetime | None = None,
    idempotency_key: str = "",
) -> Response:
    """A response received by post, e-mail, at a meeting or by phone, typed in by a member
    of the organisation's staff: checked like an online one (a name is needed, an e-mail
    address is not), counted at once, marked with its channel and who entered it, and
    nobody is e-mailed. It replaces an earlier counted response from the same e-mail
    address. Who may enter is the caller's to check (`organisations.permissions.can_analyse`).
    `attachments` (the scanned letter, say) are checked with the rest and attached with it
    (`files.attach_to_response`): all of it is saved, or none. `received_at`: when it
    arrived, if staff say (`check_received_at`). `idempotency_key`: the API's; a retry
    finds the first one with `entered_before`."""
    require_receiving(version)
    checked, errors = check_answers(version, answers)
    errors |= check_respondent(respondent, consent)
    errors |= check_channel(channel, ENTERED_CHANNELS)
    errors |= check_received_at(version, received_at)
    equality_answers, equality_errors = equality.check(
        settings_of(version).demographics, demographics or {}
    )
    errors |= equality_errors
    status = 422
    if attachments:
        try:
            files.check_response_uploads(attachments, already=0)
        except Rejected as refused:
            errors |= refused.errors
            status = refused.status if len(errors) == len(refused.errors) else 422
    if errors:
        raise ConsultationRejected(errors, status=status)
    now = timezone.now()
    try:
        response = _create(
            version,
            respondent_type=respondent.type,
            organisation_name=plain_name(respondent.organisation)
            if respondent.type == Response.RespondentType.ORGANISATION
            else "",
            consent=consent,
            guest_name=plain_name(respondent.name),
            guest_email=respondent.email.strip(),
            language=respondent.language or "en-gb",
            demographics=equality_answers,
            channel=channel,
            entered_by=entered_by,
            entered_at=now,
            received_at=timezone.make_aware(received_at)
            if received_at is not None and timezone.is_naive(received_at)
            else received_at,
            idempotency_key=entry_key(entered_by, idempotency_key) if idempotency_key else "",
        )
    except IntegrityError:  # the same Idempotency-Key sent twice at the same moment
        raise ConsultationRejected(
            {"response": [_("This response is being entered already: try again")]}, status=409
        ) from None
    _write_answers(response, checked)
    files.attach_to_response(response=response, uploads=attachments, user=entered_by)
    _count(response)
    return response


@transaction.atomic
def remove_attachment(*, response: Response, file_id: int) -> None:
    """Remove a file from a draft response; once the response is sent, its files stay."""
    if response.status != Response.Status.DRAFT:
        raise ConsultationRejected(
            {"files": [_("This response was already submitted")]}, status=409
        )
    attached = response.files.filter(pk=file_id).first()
    if attached is None:
        raise ConsultationRejected({"files": [_("There is no such file")]}, status=404)
    files.remove_from_response(response_file=attached)
