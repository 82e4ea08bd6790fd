"""A version's consultation: its questions, and formal responses to them.

Anyone may read the questions of a public version; its editors those of a draft, and add
questions to it. Anyone may respond while the consultation is open, signed in or as a guest
(whose response counts once they follow the e-mailed link). The organisation's analysts read
every response; anyone else only those published, as consented and redacted, once the
editors publish them after the consultation closes. A respondent reads their own response
with the token from their receipt e-mail (`respondent_router`).
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.params import functions as param
from ninja.params import models as ninja_params

from parley.accounts.models import User
from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, WITH_POWERS, caller, signed_in_user
from parley.api.errors import ApiError, errors
from parley.api.pagination import NEXT_HELP, Page, cursor_param, limit_param, page
from parley.api.parser import UnreadableBody, json_object
from parley.consultations import closing, publication, queries, question_sets, services, tokens
from parley.consultations import demographics as equality
from parley.consultations.models import Consultation, Question, Response
from parley.files import queries as files_queries
from parley.files import services as files
from parley.files import uploads
from parley.files.models import ResponseFile
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse

router = Router(tags=["consultations"])


class QuestionOut(Schema):
    number: int = Field(description="Its place in the form: 1, 2, 3 …")
    kind: str = Field(description="single, multiple, scale, text or clause")
    text: str
    text_cy: str = Field(description="The Welsh question; '' when there is none")
    options: list[str] = Field(
        description="The values an answer may choose (the scale's, or the clause numbers for "
        "`clause`); empty for `text`"
    )
    options_cy: list[str] = Field(
        description="For single and multiple: the Welsh label of each of `options`, in the "
        "same order ('' where there is none: show the English); empty for other kinds"
    )
    required: bool
    lineage: str | None = Field(description="The lineage of the clause it is about, or null")
    agreement_is_support: bool = Field(
        False,
        description="A scale question about a clause whose agreeing answers count as support "
        "for the clause (and disagreeing ones as opposition) in insights' stance per clause",
    )


class QuestionList(Schema):
    items: list[QuestionOut]
    next: str | None = Field(None, description=NEXT_HELP)


class QuestionIn(Schema):
    kind: Literal["single", "multiple", "scale", "text", "clause"]
    text: str
    text_cy: str = Field("", description="Welsh question (optional)")
    options: list[str] = Field(default_factory=list, description="For single and multiple")
    options_cy: list[str] = Field(
        default_factory=list,
        description="Welsh labels of `options`, in the same order ('' for none); optional",
    )
    required: bool = False
    word_limit: int | None = Field(None, description="For text: the most words an answer has")
    lineage: UUID | None = Field(None, description="The lineage of a clause of this version")
    agreement_is_support: bool = Field(
        False,
        description="For a scale question with a lineage: count agreeing as support for the "
        "clause and disagreeing as opposition in insights' stance per clause",
    )


class RespondentIn(Schema):
    name: str | None = Field(None, description="Guests only: your name")
    email: str | None = Field(None, description="Guests only: confirmed by e-mail, never shown")
    type: Literal["individual", "organisation"] = "individual"
    organisation: str | None = Field(None, description="The organisation's name, if for one")


class AnswerIn(Schema):
    question: int = Field(description="The question's number")
    choice: str | None = Field(None, description="For single, scale and clause questions")
    choices: list[str] | None = Field(None, description="For multiple-choice questions")
    text: str | None = Field(None, description="For text questions")


class ResponseIn(Schema):
    respondent: RespondentIn
    consent: Literal["named", "anonymous", "confidential"]
    answers: list[AnswerIn]
    demographics: dict[str, str] | None = Field(
        None,
        description="Answers to the equality questions the consultation asks, by key (see "
        "`GET .../consultation`); each optional, never published",
    )
    channel: str | None = Field(
        None,
        description="How the response arrived: online (the default: the respondent's own), "
        "or, for the organisation's analysts and editors entering one received another way, "
        "email, post, meeting, phone or other (403 for anyone else, 422 for any other value)",
    )
    received_at: datetime | None = Field(
        None,
        description="With a channel other than online: when it arrived (ISO 8601; not in the "
        "future, nor before the consultation opened)",
    )


class AttachedOut(Schema):
    id: int
    name: str = Field(description="The name the file was sent with")
    size: int = Field(description="In bytes")
    content_type: str = Field(description="The type found from the file's content")


class AttachedFileOut(AttachedOut):
    url: str = Field(description="Where the organisation's analysts and editors download it")
    pages: int | None = Field(description="A PDF's number of pages, once its text is read")
    text_status: str = Field(
        description="pending (not read yet), found, none (no text found: a scanned page, say) "
        "or failed (unreadable, or too slow to read)"
    )
    text: str = Field(description="The text read from it, analysed with the typed answers")


class ResponseOut(Schema):
    reference: str = Field(description="Like PAR-7K3Q-2M")
    status: str = Field(
        description="submitted, or unconfirmed for a guest until the e-mailed link is followed"
    )
    files: list[AttachedOut] = Field(
        default_factory=list, description="The files attached (sent as multipart)"
    )
    channel: str = Field("online", description="How it arrived: online, email, post …")


class AnswerOut(Schema):
    question: int
    choice: str
    choices: list[str]
    text: str


class RespondentOut(Schema):
    type: str = Field(description="individual or organisation")
    organisation: str = Field(description="The organisation's name; '' for an individual")
    name: str


class ResponseDetail(Schema):
    reference: str
    status: str
    consent: str = Field(description="named, anonymous or confidential")
    channel: str
    submitted_at: datetime | None
    respondent: RespondentOut
    answers: list[AnswerOut]
    files: list[AttachedFileOut] = Field(description="The files the respondent attached")
    entered_at: datetime | None = Field(
        None, description="When staff entered or imported it; null for an online response"
    )
    received_at: datetime | None = Field(
        None, description="When staff said it arrived; null when not said"
    )
    demographics: dict[str, str] = Field(
        description="The respondent's answers to the equality questions, by key (see `GET "
        ".../consultation`); only those they gave. For analysts only: never published, never "
        "in the respondent's own view or e-mails"
    )


class ResponseList(Schema):
    items: list[ResponseDetail]
    next: str | None = Field(description=NEXT_HELP)


RESPONSE_ORDER = ("submitted_at", "pk")  # oldest first


def _version(user: User | AnonymousUser, slug: str, n: int) -> tuple[Version, bool]:
    version, editor = queries.version_for(user, slug, n)
    if version is None:
        raise Http404
    return version, editor


def _question(question: Question, clauses: list[str]) -> QuestionOut:
    return QuestionOut(
        number=question.number,
        kind=question.kind,
        text=question.text,
        text_cy=question.text_cy,
        options=services.choice_values(question, clauses),
        options_cy=[
            question.options_cy[i] if i < len(question.options_cy) else ""
            for i in range(len(question.options))
        ],
        required=question.required,
        lineage=str(question.lineage) if question.lineage else None,
        agreement_is_support=question.agreement_is_support,
    )


def _clause_numbers(version: Version) -> list[str]:
    return list(version.clauses.order_by("position").values_list("number", flat=True))


@router.get(
    "/{slug}/versions/{n}/questions",
    response={200: QuestionList, **errors(400, 401, 404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_questions(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    n: int,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> QuestionList:
    """A version's consultation questions in order (a draft's for its editors only), a
    page at a time."""
    version, _ = _version(caller(request), slug, n)
    clauses = _clause_numbers(version)
    questions = page(
        version.questions.all(),
        order=("number", "pk"),
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return QuestionList(items=[_question(q, clauses) for q in questions.items], next=questions.next)


@router.post(
    "/{slug}/versions/{n}/questions",
    response={201: QuestionOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def add_question(
    request: HttpRequest, slug: str, n: int, payload: QuestionIn
) -> Status[QuestionOut]:
    """Add a question at the end of a draft version's form (409 once it is consulted on)."""
    user = signed_in_user(request)
    version, editor = _version(user, slug, n)
    if not editor:
        raise ApiError(403, "Only the document's editors can add questions to it")
    question = services.add_question(
        version=version,
        user=user,
        question=services.QuestionIn(
            kind=payload.kind,
            text=payload.text,
            text_cy=payload.text_cy,
            options=payload.options,
            options_cy=payload.options_cy,
            required=payload.required,
            word_limit=payload.word_limit,
            lineage=payload.lineage,
            agreement_is_support=payload.agreement_is_support,
        ),
    )
    return Status(201, _question(question, _clause_numbers(version)))


class DemographicOut(Schema):
    key: str
    question: str
    answers: list[str] = Field(description="The values an answer may be, prefer_not_to_say last")


class ConsultationOut(Schema):
    layout: Literal["one_page", "per_question"] = Field(
        description="one_page: every question on one page; per_question: one a page"
    )
    demographics: list[DemographicOut] = Field(
        description="The equality questions respondents are offered, in order"
    )


class ConsultationIn(Schema):
    layout: Literal["one_page", "per_question"]
    demographics: list[str] = Field(
        default_factory=list, description="Keys of the equality questions to offer"
    )


class QuestionSetIn(Schema):
    set: Literal["welsh_language", "respondent_details"] = Field(
        description="welsh_language: the Welsh Language Standards' questions; "
        "respondent_details: who is responding and where"
    )


def _consultation(consultation: Consultation) -> ConsultationOut:
    return ConsultationOut(
        layout=consultation.layout,  # type: ignore[arg-type]
        demographics=[
            DemographicOut(key=d.key, question=str(d.question), answers=d.values)
            for d in equality.chosen(consultation.demographics)
        ],
    )


@router.get(
    "/{slug}/versions/{n}/consultation",
    response={200: ConsultationOut, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_consultation(request: HttpRequest, slug: str, n: int) -> ConsultationOut:
    """How the version's questions are asked, and the equality questions offered."""
    version, _ = _version(caller(request), slug, n)
    return _consultation(services.settings_of(version))


@router.put(
    "/{slug}/versions/{n}/consultation",
    response={200: ConsultationOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def set_up_consultation(
    request: HttpRequest, slug: str, n: int, payload: ConsultationIn
) -> ConsultationOut:
    """Choose the layout and the equality questions of a draft version (409 once it is
    consulted on)."""
    user = signed_in_user(request)
    version, editor = _version(user, slug, n)
    if not editor:
        raise ApiError(403, "Only the document's editors can set up its consultation")
    return _consultation(
        services.set_up_consultation(
            version=version, user=user, layout=payload.layout, demographics=payload.demographics
        )
    )


@router.post(
    "/{slug}/versions/{n}/question-sets",
    response={201: QuestionList, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def add_question_set(
    request: HttpRequest, slug: str, n: int, payload: QuestionSetIn
) -> Status[QuestionList]:
    """Add a template set of questions at the end of a draft's form (409 once it is
    consulted on); answers with the questions added."""
    user = signed_in_user(request)
    version, editor = _version(user, slug, n)
    if not editor:
        raise ApiError(403, "Only the document's editors can add questions to it")
    added = services.add_question_set(
        version=version, user=user, questions=question_sets.SETS[payload.set].questions
    )
    clauses = _clause_numbers(version)
    return Status(201, QuestionList(items=[_question(q, clauses) for q in added], next=None))


class ResponseDueOut(Schema):
    response_due: date | None = Field(
        description="When the body's response to the consultation is due: the date an editor "
        "set, else 12 weeks after the day it closes; null when no consultation is scheduled"
    )
    chosen: bool = Field(description="Whether an editor set the date (false: the 12 weeks)")
    closes_on: date | None = Field(description="The day the consultation closes")
    overdue: bool = Field(
        description="Closed, past the due date, and the body's response is not published"
    )


class ResponseDueIn(Schema):
    response_due: date = Field(
        description="YYYY-MM-DD: on or after the day the consultation closes, at most a year "
        "after it"
    )


def _response_due(version: Version) -> ResponseDueOut:
    consultation = closing.consultation_or_none(version)
    after = closing.after_closing(version)
    return ResponseDueOut(
        response_due=closing.due_date(version, consultation),
        chosen=consultation is not None and consultation.response_due is not None,
        closes_on=timezone.localdate(version.closes_at) if version.closes_at else None,
        overdue=after is not None and after.overdue,
    )


@router.get(
    "/{slug}/versions/{n}/response-due",
    response={200: ResponseDueOut, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_response_due(request: HttpRequest, slug: str, n: int) -> ResponseDueOut:
    """When the body's response to the version's consultation is due, and whether it is
    overdue (as the version's page says)."""
    version, _ = _version(caller(request), slug, n)
    return _response_due(version)


@router.put(
    "/{slug}/versions/{n}/response-due",
    response={200: ResponseDueOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def set_response_due(
    request: HttpRequest, slug: str, n: int, payload: ResponseDueIn
) -> ResponseDueOut:
    """Set when the body's response is due (the document's editors; 409 before the
    consultation is scheduled; 400 naming `response_due` for a date before the day it
    closes or more than a year after). Written to the document's history."""
    user = signed_in_user(request)
    version, _ = _version(user, slug, n)
    closing.set_response_due(version=version, user=user, due=payload.response_due)
    version = Version.objects.select_related("consultation").get(pk=version.pk)
    return _response_due(version)


IDEMPOTENCY_KEY = param.Header(
    None,
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    description="Any unique string you choose for this response: retrying with the same key "
    "returns the response the first attempt made, never a second.",
)


RESPONSE_PART = "response"  # a multipart response's JSON body
FILES_PART = "files"
MULTIPART = "multipart/form-data"
TOO_LARGE = "larger than 10 MB"


class _JsonOrMultipartModel(ninja_params.BodyModel):
    """The body as JSON, or, in a multipart request, the JSON of its `response` part (its
    files are read by the endpoint from `files`). Reading `request.POST` first streams each
    file through `files.uploads`, stopped past 10 MB, never the whole body into memory."""

    @classmethod
    def get_request_data(
        cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
    ) -> dict[str, Any] | None:
        if request.content_type != MULTIPART:
            return super().get_request_data(request, api, path_params)
        if (name := uploads.refused_name(request)) is not None:
            message = f"“{name or 'The file'}” is {TOO_LARGE}"
            raise ApiError(413, message, {FILES_PART: [message]})
        part = request.POST.get(RESPONSE_PART)
        if part is None:
            message = "Send the response as JSON in a part named `response`"
            raise ApiError(422, message, {RESPONSE_PART: [message]})
        try:
            data = json_object(part)
        except UnreadableBody as unreadable:
            raise ApiError(unreadable.status, str(unreadable), unreadable.errors) from None
        except ValueError:
            message = "The `response` part is not JSON"
            raise ApiError(400, message, {RESPONSE_PART: [message]}) from None
        varname = getattr(cls, "__read_from_single_attr__", None)
        return {varname: data} if varname else data


class JsonOrMultipart(ninja_params.Body):  # type: ignore[misc]  # ninja's Param is untyped
    _model = _JsonOrMultipartModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"  # documented and validated as ninja's own Body


MULTIPART_BODY = {
    "requestBody": {
        "content": {
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "required": [RESPONSE_PART],
                    "properties": {
                        RESPONSE_PART: {
                            "type": "string",
                            "description": "The response, as the JSON body above",
                        },
                        FILES_PART: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Up to 5 files: PDF, DOCX, ODT or TXT, each "
                            "smaller than 10 MB",
                        },
                    },
                },
                "encoding": {RESPONSE_PART: {"contentType": "application/json"}},
            }
        }
    }
}
uploads.limit("api:respond", files.RESPONSE_MAX_SIZE)


@router.post(
    "/{slug}/versions/{n}/responses",
    response={
        201: ResponseOut,
        200: ResponseOut,
        **errors(400, 401, 403, 404, 409, 413, 415, 422, 503),
    },
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS | MULTIPART_BODY,
    url_name="respond",
)
def respond(
    request: HttpRequest,
    slug: str,
    n: int,
    payload: Annotated[ResponseIn, JsonOrMultipart(...)],
    idempotency_key: Annotated[str | None, IDEMPOTENCY_KEY] = None,
) -> Status[ResponseOut]:
    """Respond to an open consultation, signed in or as a guest (give `name` and `email`).

    Send JSON; or, to attach files, multipart/form-data with the JSON in a part named
    `response` and each file in a part named `files` (PDF, DOCX, ODT or TXT, each under
    10 MB, at most 5). A guest sending multipart also sends `Idempotency-Key`. A refused
    file answers 415 (its type) or 413 (its size) with `errors.files`, and nothing is saved.

    Answers 201 with the reference; 200 with the same when a request with this
    `Idempotency-Key` already made it. Answers that do not fit their question are refused
    with 422 and `errors` keyed `answers.<number>`. A second response from the same person
    replaces their first, which is kept.
    """
    user = caller(request)
    version, _ = _version(user, slug, n)
    multipart = request.content_type == MULTIPART
    if not isinstance(user, User) and not (
        request.content_type == "application/json" or (multipart and idempotency_key)
    ):
        # Another site's page can post a plain form here as its visitors; it cannot send JSON,
        # nor a header such as Idempotency-Key.
        raise ApiError(
            415,
            "Send the response as JSON, with Content-Type: application/json (or as "
            "multipart/form-data with an Idempotency-Key header)",
        )
    attachments = request.FILES.getlist(FILES_PART) if multipart else []
    given = payload.respondent
    answers = [
        services.AnswerIn(
            question=a.question,
            choice=a.choice or "",
            choices=a.choices or [],
            text=a.text or "",
        )
        for a in payload.answers
    ]
    if payload.channel not in (None, Response.Channel.ONLINE):
        return _enter(request, version, payload, answers, attachments, idempotency_key or "")
    if payload.received_at is not None:
        message = "`received_at` is for a response received another way: give its `channel`"
        raise ApiError(422, message, {"received_at": [message]})
    responded = services.respond(
        version=version,
        respondent=services.Respondent(
            user=user if isinstance(user, User) else None,
            name=given.name or "",
            email=given.email or "",
            type=given.type,
            organisation=given.organisation or "",
        ),
        consent=payload.consent,
        answers=answers,
        idempotency_key=idempotency_key or "",
        demographics=payload.demographics,
        attachments=attachments,
    )
    return _responded(responded.response, created=responded.created)


def _responded(response: Response, *, created: bool) -> Status[ResponseOut]:
    attached = files_queries.files_of_responses([response.pk])[response.pk]
    return Status(
        201 if created else 200,
        ResponseOut(
            reference=response.reference,
            status=response.status,
            files=[
                AttachedOut(id=f.pk, name=f.original_name, size=f.size, content_type=f.content_type)
                for f in attached
            ],
            channel=response.channel,
        ),
    )


def _enter(
    request: HttpRequest,
    version: Version,
    payload: ResponseIn,
    answers: list[services.AnswerIn],
    attachments: list[Any],
    idempotency_key: str,
) -> Status[ResponseOut]:
    """A response received by e-mail, post, at a meeting …, entered by one of the
    organisation's analysts or editors (`services.enter_response`): counted at once, also
    after the consultation has closed, until the responses are published."""
    user = caller(request)
    if payload.channel not in services.ENTERED_CHANNELS:
        message = "`channel` must be one of: online, " + ", ".join(services.ENTERED_CHANNELS)
        raise ApiError(422, message, {"channel": [message]})
    if not isinstance(user, User) or not can_analyse(user, version.document.organisation):
        message = (
            "Only the organisation's analysts and editors enter responses received another "
            "way: leave out `channel` (or send online)"
        )
        raise ApiError(403, message, {"channel": [message]})
    if earlier := services.entered_before(version, user, idempotency_key):
        return _responded(earlier, created=False)
    given = payload.respondent
    entered = services.enter_response(
        version=version,
        entered_by=user,
        channel=payload.channel,
        respondent=services.Respondent(
            name=given.name or "",
            email=given.email or "",
            type=given.type,
            organisation=given.organisation or "",
        ),
        consent=payload.consent,
        answers=answers,
        demographics=payload.demographics,
        attachments=attachments,
        received_at=payload.received_at,
        idempotency_key=idempotency_key,
    )
    return _responded(entered, created=True)


def _attached_file(request: HttpRequest, attached: ResponseFile) -> AttachedFileOut:
    return AttachedFileOut(
        id=attached.pk,
        name=attached.original_name,
        size=attached.size,
        content_type=attached.content_type,
        url=request.build_absolute_uri(attached.get_absolute_url()),
        pages=attached.pages,
        text_status=attached.text_status,
        text=attached.text,
    )


class PublishedRespondentOut(Schema):
    type: str = Field(description="individual or organisation")
    name: str = Field(
        description="As the respondent consented: their name, their organisation's, or "
        "'An individual' / 'An organisation'"
    )


class PublishedAnswerOut(Schema):
    question: int
    choice: str
    choices: list[str]
    text: str = Field(description="With redacted passages as '[redacted: <reason>]'")


class PublishedResponseOut(Schema):
    consent: str = Field(description="named or anonymous (confidential ones are never here)")
    submitted_at: datetime | None
    respondent: PublishedRespondentOut
    answers: list[PublishedAnswerOut]


class PublishedResponseList(Schema):
    published_at: datetime
    confidential: int = Field(description="Confidential responses counted but not published")
    items: list[PublishedResponseOut]
    next: str | None = Field(description=NEXT_HELP)


def _published_answers(response: Response) -> list[PublishedAnswerOut]:
    return [
        PublishedAnswerOut(
            question=a.question.number,
            choice=a.choice,
            choices=a.choices,
            text=publication.shown_publicly(a) if a.text else "",
        )
        for a in response.answers.all()
    ]


def _published_list(
    version: Version, pages: Callable[[QuerySet[Response]], Page[Response]]
) -> PublishedResponseList:
    when = publication.published_at(version)
    if when is None:
        raise ApiError(
            403,
            "The responses are not published: only the organisation's analysts and "
            "editors read them",
        )
    published = pages(publication.publishable_responses(version))
    return PublishedResponseList(
        published_at=when,
        confidential=publication.confidential_count(version),
        items=[
            PublishedResponseOut(
                consent=r.consent,
                submitted_at=r.submitted_at,
                respondent=PublishedRespondentOut(
                    type=r.respondent_type, name=publication.public_name(r)
                ),
                answers=_published_answers(r),
            )
            for r in published.items
        ],
        next=published.next,
    )


@router.get(
    "/{slug}/versions/{n}/responses",
    response={200: ResponseList | PublishedResponseList, **errors(400, 401, 403, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_responses(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    n: int,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> ResponseList | PublishedResponseList:
    """For the organisation's analysts and editors: every counted response, confidential
    ones too, each with its equality answers, oldest first (no e-mail addresses). For
    anyone else, once the editors have published them: the counted responses whose authors
    consented, named as consented, with redacted passages hidden, and how many confidential
    ones were counted; 403 before that. A page at a time, either way."""
    user = caller(request)
    version, _ = _version(user, slug, n)

    def pages(responses: QuerySet[Response]) -> Page[Response]:
        return page(
            responses,
            order=RESPONSE_ORDER,
            cursor=cursor,
            limit=limit,
            request=request,
            response=response,
        )

    if not can_analyse(user, version.document.organisation):
        return _published_list(version, pages)
    counted = pages(queries.counted_with_answers(version))
    return ResponseList(
        items=[
            ResponseDetail(
                reference=r.reference,
                status=r.status,
                consent=r.consent,
                channel=r.channel,
                submitted_at=r.submitted_at,
                respondent=RespondentOut(
                    type=r.respondent_type, organisation=r.organisation_name, name=r.respondent_name
                ),
                answers=[
                    AnswerOut(
                        question=a.question.number, choice=a.choice, choices=a.choices, text=a.text
                    )
                    for a in r.answers.all()
                ],
                files=[_attached_file(request, f) for f in r.files.all()],
                demographics={str(k): str(v) for k, v in (r.demographics or {}).items()},
                entered_at=r.entered_at,
                received_at=r.received_at,
            )
            for r in counted.items
        ],
        next=counted.next,
    )


class PublicationOut(Schema):
    published_at: datetime | None = Field(description="When they were published: now")
    url: str = Field(description="The page of the published responses")


@router.post(
    "/{slug}/versions/{n}/responses/publish",
    response={200: PublicationOut, **errors(401, 403, 404, 409)},
    auth=WITH_POWERS,
)
def publish_responses(request: HttpRequest, slug: str, n: int) -> PublicationOut:
    """Publish a closed consultation's responses, as consented (the document's editors;
    409 before it has closed, and once they are published)."""
    user = signed_in_user(request)
    version, _ = _version(user, slug, n)
    consultation = publication.publish_responses(version=version, user=user)
    return PublicationOut(
        published_at=consultation.responses_published_at,
        url=reverse("consultations:published", args=[slug, n]),
    )


# A respondent's own response -------------------------------------------------------------

respondent_router = Router(tags=["consultations"])


class BodyResponseOut(Schema):
    url: str = Field(description="The body's published response to the consultation")
    summary_html: str


class OnClauseOut(Schema):
    heard_html: str = Field(description="What the body heard on the clause; '' if it says nothing")
    changed_html: str = Field(description="What it changed in the clause; '' if it says nothing")


class OwnAnswerOut(PublishedAnswerOut):
    outcome: OnClauseOut | None = Field(
        description="For a question about a clause: what the body's published response says "
        "it heard and changed on that clause; null until it is published, when the question "
        "is not about a clause, the answer is empty, or the response says nothing on it"
    )


class OwnResponseOut(Schema):
    reference: str
    status: str = Field(description="draft, unconfirmed or submitted")
    consent: str = Field(description="named, anonymous or confidential")
    counted: bool = Field(description="Counted in every tally and the summary of responses")
    replaced: bool = Field(description="Replaced by the same person's later response")
    published: bool
    published_as: str = Field(description="The name it is published under; '' if not")
    redacted: bool = Field(description="Whether a moderator hid passages of its answers")
    submitted_at: datetime | None
    answers: list[OwnAnswerOut]
    outcome: BodyResponseOut | None = Field(description="The body's response, once published")


@respondent_router.get(
    "/{reference}",
    response={200: OwnResponseOut, **errors(400, 401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def own_response(
    request: HttpRequest,
    reference: str,
    token: Annotated[
        str | None,
        param.Query(
            None,
            max_length=500,
            description="The token of the link in the receipt e-mail (`?token=` there)",
        ),
    ] = None,
) -> OwnResponseOut:
    """Your response, with the token from your receipt e-mail (or signed in as its author):
    its answers as published (redacted), whether it is counted and published, and the
    body's response. 404 for a wrong or expired token or anyone else's reference."""
    user = caller(request)
    response = (
        Response.objects.select_related("version__document").filter(reference=reference).first()
    )
    by_token = token is not None and tokens.read_response_token(token) == reference
    by_account = isinstance(user, User) and response is not None and response.user_id == user.pk
    if response is None or not (by_token or by_account):
        raise Http404
    answers = list(
        response.answers.select_related("question")
        .prefetch_related("redactions")
        .order_by("question__number")
    )
    outcome = publication.outcome_of(response, answers)
    return OwnResponseOut(
        reference=response.reference,
        status=response.status,
        consent=response.consent,
        counted=outcome.counted,
        replaced=outcome.replaced,
        published=outcome.published,
        published_as=outcome.published_as,
        redacted=outcome.redacted,
        submitted_at=response.submitted_at,
        answers=[
            OwnAnswerOut(
                question=a.question.number,
                choice=a.choice,
                choices=a.choices,
                text=publication.shown_publicly(a) if a.text else "",
                outcome=OnClauseOut(heard_html=said.heard_html, changed_html=said.changed_html)
                if (said := outcome.on_questions.get(a.question.number))
                else None,
            )
            for a in answers
        ],
        outcome=BodyResponseOut(
            url=outcome.body_response_url, summary_html=outcome.body_response_html
        )
        if outcome.body_response_url
        else None,
    )
