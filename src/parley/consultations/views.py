"""Pages of a consultation: the editor's questions, and the respondent's journey (the form,
"check your answers", submitting, the e-mailed confirmation and the private receipt)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley.accounts.models import User
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import queries, question_sets, services, tokens
from parley.consultations.forms import QuestionForm, ResponseForm, SetUpForm
from parley.consultations.models import Consultation, Question, Response
from parley.files import queries as files_queries
from parley.files import services as files
from parley.files import uploads
from parley.forms import show_rejection
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse, can_edit
from parley.validation import Rejected

OWN_RESPONSES = "consultation_responses"  # the references this browser session made
# The response form's files are stopped while they stream past 10 MB, not 50 MB.
uploads.limit("consultations:respond", files.RESPONSE_MAX_SIZE)
uploads.limit("consultations:respond_about_you", files.RESPONSE_MAX_SIZE)


def _editable(request: HttpRequest, slug: str, number: int) -> Version:
    version, editor = queries.version_or_404(request.user, slug, number)
    if not editor:
        raise PermissionDenied(_("Only the document’s editors can change its questions"))
    return version


def _questions_url(version: Version) -> str:
    return reverse("consultations:questions", args=[version.document.slug, version.number])


# Questions -----------------------------------------------------------------------------


def questions(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version, editor = queries.version_or_404(request.user, slug, number)
    return render(
        request,
        "consultations/questions.html",
        {
            "document": version.document,
            "version": version,
            "questions": queries.questions_of(version),
            "can_edit": editor and version.status == Version.Status.DRAFT,
            "is_editor": editor,
            "can_analyse": version.is_public
            and can_analyse(request.user, version.document.organisation),
        },
    )


def _question_page(
    request: HttpRequest, version: Version, form: QuestionForm, question: Question | None
) -> HttpResponse:
    return render(
        request,
        "consultations/question_form.html",
        {"document": version.document, "version": version, "form": form, "question": question},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_question(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = _editable(request, slug, number)
    form = QuestionForm(request.POST or None, clauses=list(version.clauses.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(version=version, user=request.user, question=form.question())
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(_questions_url(version))
    return _question_page(request, version, form, None)


def _question(version: Version, question: int) -> Question:
    return get_object_or_404(Question, version=version, pk=question)


@login_required
@require_http_methods(["GET", "POST"])
def edit_question(
    request: AuthenticatedHttpRequest, slug: str, number: int, question: int
) -> HttpResponse:
    version = _editable(request, slug, number)
    the_question = _question(version, question)
    form = QuestionForm(
        request.POST or None,
        clauses=list(version.clauses.all()),
        initial=QuestionForm.initial_for(the_question),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                question=the_question, user=request.user, change=form.question()
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(_questions_url(version))
    return _question_page(request, version, form, the_question)


@login_required
@require_POST
def move_question(
    request: AuthenticatedHttpRequest, slug: str, number: int, question: int
) -> HttpResponse:
    version = _editable(request, slug, number)
    the_question = _question(version, question)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""), 0)
    last = version.questions.count()
    to = min(max(the_question.number + step, 1), last)
    if step and to != the_question.number:
        try:
            services.move_question(question=the_question, user=request.user, to=to)
        except Rejected as rejected:
            raise PermissionDenied(rejected.detail) from None
    return redirect(f"{_questions_url(version)}#question-{to}")


@login_required
@require_http_methods(["GET", "POST"])
def delete_question(
    request: AuthenticatedHttpRequest, slug: str, number: int, question: int
) -> HttpResponse:
    version = _editable(request, slug, number)
    the_question = _question(version, question)
    error = ""
    if request.method == "POST":
        try:
            services.remove_question(question=the_question, user=request.user)
        except Rejected as rejected:
            error = rejected.detail
        else:
            return redirect(_questions_url(version))
    return render(
        request,
        "consultations/delete_question.html",
        {
            "document": version.document,
            "version": version,
            "question": the_question,
            "error": error,
        },
        status=409 if error else 200,
    )


def _set_up_page(
    request: HttpRequest, version: Version, form: SetUpForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "consultations/set_up.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "can_edit": version.status == Version.Status.DRAFT,
            "sets": question_sets.SETS.values(),
        },
        status=status if status != 200 else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """The editor chooses the layout and the equality questions, and may add a template
    set of questions."""
    version = _editable(request, slug, number)
    settings = services.settings_of(version)
    form = SetUpForm(
        request.POST or None,
        initial={"layout": settings.layout, "demographics": settings.demographics},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_up_consultation(
                version=version,
                user=request.user,
                layout=form.cleaned_data["layout"],
                demographics=form.cleaned_data["demographics"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
            return _set_up_page(request, version, form, status=rejected.status)
        return redirect(_questions_url(version))
    return _set_up_page(request, version, form)


@login_required
@require_POST
def add_set(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = _editable(request, slug, number)
    chosen = question_sets.SETS.get(request.POST.get("set", ""))
    try:
        if chosen is None:
            raise Rejected({"set": [_("Choose one of the sets of questions")]})
        services.add_question_set(version=version, user=request.user, questions=chosen.questions)
    except Rejected as rejected:
        settings = services.settings_of(version)
        form = SetUpForm({"layout": settings.layout, "demographics": settings.demographics})
        form.is_valid()
        show_rejection(form, rejected)
        return _set_up_page(request, version, form, status=rejected.status)
    return redirect(_questions_url(version))


def responses(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Every counted response, confidential ones too: for the organisation's analysts and
    editors only."""
    version, _editor = queries.version_or_404(request.user, slug, number)
    if not can_analyse(request.user, version.document.organisation):
        raise PermissionDenied(_("Only the organisation’s analysts and editors read responses"))
    rows = queries.counted_responses(version)
    return render(
        request,
        "consultations/responses.html",
        {
            "document": version.document,
            "version": version,
            "responses": rows,
            "confidential": sum(r.consent == Response.Consent.CONFIDENTIAL for r in rows),
            "organisations": sum(
                r.respondent_type == Response.RespondentType.ORGANISATION for r in rows
            ),
            "channels": [
                (channel.label, n)
                for channel in Response.Channel
                if (n := sum(r.channel == channel for r in rows))
            ],
            "receiving": services.receiving(version),
            "can_import": can_edit(request.user, version.document.organisation),
        },
    )


# Responding ----------------------------------------------------------------------------


def _remember(request: HttpRequest, response: Response) -> None:
    own = request.session.get(OWN_RESPONSES, [])
    if response.reference not in own:
        request.session[OWN_RESPONSES] = [*own, response.reference][-50:]


def _own_response(request: HttpRequest, reference: str) -> Response:
    """A response this person made (by account, or in this browser session); else 404."""
    response = (
        Response.objects.select_related("version__document", "user")
        .filter(reference=reference)
        .first()
    )
    if response is None:
        raise Http404("No such response")
    user = request.user if isinstance(request.user, User) else None
    if response.user_id is not None:
        mine = user is not None and response.user_id == user.pk
    else:
        mine = reference in request.session.get(OWN_RESPONSES, [])
    if not mine:
        raise Http404("No such response")
    return response


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version, _editor = queries.version_or_404(request.user, slug, number)
    user = request.user if isinstance(request.user, User) else None
    draft_reference = request.POST.get("draft") or request.GET.get("draft") or ""
    draft = _own_response(request, draft_reference) if draft_reference else None
    if draft is not None and (draft.status != Response.Status.DRAFT or draft.version != version):
        draft = None
    settings = services.settings_of(version)
    if (
        request.method == "GET"
        and settings.layout == Consultation.Layout.PER_QUESTION
        and version.phase == "open"
        and version.questions.exists()
    ):
        return redirect(_step_url(version, 1, draft))
    form = ResponseForm(
        request.POST or None,
        request.FILES or None,
        questions=queries.questions_of(version),
        clauses=list(version.clauses.all()),
        guest=user is None,
        demographics=settings.demographics,
        attachments=True,
        initial=ResponseForm.initial_for(draft) if draft else None,
    )
    saving = request.POST.get("action") == "save"
    too_large = request.method == "POST" and _refused_for_size(request, form)
    if request.method == "POST" and not too_large and form.is_valid():
        data = form.cleaned_data
        respondent = services.Respondent(
            user=user,
            name=data.get("name", ""),
            email=data.get("email", ""),
            type=data["respondent_type"],
            organisation=data["organisation"],
        )
        try:
            saved = services.save_draft(
                version=version,
                respondent=respondent,
                consent=data["consent"],
                answers=form.answers(),
                draft=draft,
                partial=saving,
                demographics=form.demographic_answers(),
                attachments=form.uploads(),
            )
        except Rejected as rejected:
            form.show(rejected)
        else:
            _remember(request, saved)
            if saving:
                return render(
                    request,
                    "consultations/saved.html",
                    {"response": saved, "version": version, "document": version.document},
                )
            return redirect("consultations:check", saved.reference)
    return render(
        request,
        "consultations/respond.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "draft": draft,
            "attached": files_queries.files_of_responses([draft.pk])[draft.pk] if draft else [],
            "is_open": version.phase == "open",
        },
        status=400 if form.errors else 200,
    )


def _refused_for_size(request: HttpRequest, form: ResponseForm) -> bool:
    """Whether a file was stopped while it streamed for passing 10 MB; if so, the error is
    beside the files field, and every answer typed above it is there to show again."""
    name = uploads.refused_name(request)
    if name is None:
        return False
    form.is_valid()  # the answers typed, checked as usual
    form.add_error("files", _("“%(name)s” is larger than 10 MB") % {"name": name or _("The file")})
    return True


@require_POST
def remove_file(request: HttpRequest, reference: str, file: int) -> HttpResponse:
    """Remove a file from your draft response; back to the form, where it was listed."""
    response = _own_response(request, reference)
    try:
        services.remove_attachment(response=response, file_id=file)
    except Rejected as rejected:
        if rejected.status == 404:
            raise Http404("No such file") from None
        return redirect("consultations:receipt", reference)
    version = response.version
    if _per_question(version):
        return redirect(f"{_step_url(version, 'about-you', response)}#attached-files")
    url = reverse("consultations:respond", args=[version.document.slug, version.number])
    return redirect(f"{url}?draft={response.reference}#attached-files")


def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The save-and-return link: opens the draft it names in this browser, on any device,
    while the consultation is open."""
    reference = tokens.read_resume_token(token)
    response = (
        Response.objects.select_related("version__document")
        .filter(reference=reference, status=Response.Status.DRAFT)
        .first()
        if reference
        else None
    )
    if response is None or response.version.phase != "open":
        raise Http404("This link is not valid, has expired, or the response was sent")
    _remember(request, response)
    url = reverse(
        "consultations:respond", args=[response.version.document.slug, response.version.number]
    )
    return redirect(f"{url}?draft={response.reference}")


# One question a page ------------------------------------------------------------------


def _step_url(version: Version, step: int | str, draft: Response | None, back: str = "") -> str:
    """The page of question `step` (or "about-you") of the one-question-a-page journey."""
    if step == "about-you":
        url = reverse(
            "consultations:respond_about_you", args=[version.document.slug, version.number]
        )
    else:
        url = reverse(
            "consultations:respond_question", args=[version.document.slug, version.number, step]
        )
    query = [f"draft={draft.reference}"] if draft else []
    if back:
        query.append(f"return={back}")
    return f"{url}?{'&'.join(query)}" if query else url


def _step_draft(request: HttpRequest, version: Version) -> Response | None:
    """The draft named in the address or the form, if it is this person's and still a
    draft of this version (someone else's is a 404)."""
    reference = request.POST.get("draft") or request.GET.get("draft") or ""
    draft = _own_response(request, reference) if reference else None
    if draft is not None and (
        draft.status != Response.Status.DRAFT or draft.version_id != version.pk
    ):
        return None
    return draft


def _continuing(
    request: HttpRequest, version: Version, draft: Response | None
) -> tuple[services.Respondent, str, list[services.AnswerIn], dict[str, object]]:
    """Who responds, their consent, answers and equality answers so far, to save again
    with one page's changes."""
    user = request.user if isinstance(request.user, User) else None
    if draft is None:
        return services.Respondent(user=user), "", [], {}
    respondent = services.Respondent(
        user=user,
        name=draft.guest_name,
        email=draft.guest_email,
        type=draft.respondent_type,
        organisation=draft.organisation_name,
    )
    asked = set(services.settings_of(version).demographics)
    return (
        respondent,
        draft.consent,
        queries.answers_given(draft),
        {key: value for key, value in draft.demographics.items() if key in asked},
    )


def _per_question(version: Version) -> bool:
    return services.settings_of(version).layout == Consultation.Layout.PER_QUESTION


@require_http_methods(["GET", "POST"])
def respond_question(request: HttpRequest, slug: str, number: int, question: int) -> HttpResponse:
    """One question on its own page, then Continue to the next (or back to "check your
    answers" when changing an answer). Each Continue keeps the answers as a draft."""
    version, _editor = queries.version_or_404(request.user, slug, number)
    draft = _step_draft(request, version)
    if not _per_question(version) or version.phase != "open":
        url = reverse("consultations:respond", args=[slug, number])
        return redirect(f"{url}?draft={draft.reference}" if draft else url)
    questions = queries.questions_of(version)
    the_question = next((q for q in questions if q.number == question), None)
    if the_question is None:
        raise Http404("No such question")
    user = request.user if isinstance(request.user, User) else None
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        questions=[the_question],
        clauses=list(version.clauses.all()),
        guest=user is None,
        about_you=False,
        initial=ResponseForm.initial_for(draft) if draft else None,
    )
    back = "check" if request.GET.get("return") == "check" else ""
    if request.method == "POST" and form.is_valid():
        answer = form.answers()[0]
        respondent, consent, answers, equality = _continuing(request, version, draft)
        answers = [a for a in answers if a.question != question] + [answer]
        try:
            if the_question.required and not (
                answer.choice or answer.choices or answer.text.strip()
            ):
                raise Rejected(
                    {
                        f"answers.{question}": [
                            _("Answer question %(number)s") % {"number": question}
                        ]
                    }
                )
            saved = services.save_draft(
                version=version,
                respondent=respondent,
                consent=consent,
                answers=answers,
                draft=draft,
                demographics=equality,
                step=True,
            )
        except Rejected as rejected:
            form.show(rejected)
        else:
            _remember(request, saved)
            if back:
                return redirect("consultations:check", saved.reference)
            following = question + 1 if question < len(questions) else "about-you"
            return redirect(_step_url(version, following, saved))
    if question > 1:
        back_url = _step_url(version, question - 1, draft)
    else:
        back_url = version.get_absolute_url()
    if back and draft:
        back_url = reverse("consultations:check", args=[draft.reference])
    return render(
        request,
        "consultations/respond_question.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "draft": draft,
            "question": the_question,
            "count": len(questions),
            "back_url": back_url,
            "back": back,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def respond_about_you(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """After the questions: who responds, the equality questions, and consent."""
    version, _editor = queries.version_or_404(request.user, slug, number)
    draft = _step_draft(request, version)
    if not _per_question(version) or version.phase != "open":
        url = reverse("consultations:respond", args=[slug, number])
        return redirect(f"{url}?draft={draft.reference}" if draft else url)
    user = request.user if isinstance(request.user, User) else None
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        questions=[],
        clauses=[],
        guest=user is None,
        demographics=services.settings_of(version).demographics,
        attachments=True,
        initial=ResponseForm.initial_for(draft) if draft else None,
    )
    too_large = request.method == "POST" and _refused_for_size(request, form)
    if request.method == "POST" and not too_large and form.is_valid():
        data = form.cleaned_data
        _respondent, _consent, answers, _equality = _continuing(request, version, draft)
        respondent = services.Respondent(
            user=user,
            name=data.get("name", ""),
            email=data.get("email", ""),
            type=data["respondent_type"],
            organisation=data["organisation"],
        )
        missing: dict[str, list[str]] = {}
        if user is None and not data.get("name", "").strip():
            missing["respondent.name"] = [_("Enter your name")]
        if user is None and not data.get("email", "").strip():
            missing["respondent.email"] = [
                _("Enter an e-mail address in the correct format, like name@example.com")
            ]
        if not data["consent"]:
            missing["consent"] = [_("Say whether we may publish your response")]
        try:
            if missing:
                raise Rejected(missing)
            saved = services.save_draft(
                version=version,
                respondent=respondent,
                consent=data["consent"],
                answers=answers,
                draft=draft,
                demographics=form.demographic_answers(),
                step=True,
                attachments=form.uploads(),
            )
        except Rejected as rejected:
            form.show(rejected)
        else:
            _remember(request, saved)
            return redirect("consultations:check", saved.reference)
    count = version.questions.count()
    back_url = _step_url(version, count, draft) if count else version.get_absolute_url()
    if request.GET.get("return") == "check" and draft:
        back_url = reverse("consultations:check", args=[draft.reference])
    return render(
        request,
        "consultations/respond_about_you.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "draft": draft,
            "attached": files_queries.files_of_responses([draft.pk])[draft.pk] if draft else [],
            "back_url": back_url,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, reference: str) -> HttpResponse:
    """'Check your answers', then submit."""
    response = _own_response(request, reference)
    if response.status != Response.Status.DRAFT:
        return redirect("consultations:receipt", reference)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.submit_response(response=response)
        except Rejected as rejected:
            error, status = rejected.detail, rejected.status
        else:
            return redirect("consultations:receipt", reference)
    return render(
        request,
        "consultations/check.html",
        {
            "response": response,
            "version": response.version,
            "document": response.version.document,
            "answers": queries.answers_of(response),
            "attached": files_queries.files_of_responses([response.pk])[response.pk],
            "error": error,
            "per_question": _per_question(response.version),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to a guest: a button (so that a mail scanner fetching the link
    confirms nothing), which counts their response."""
    reference = tokens.read_confirm_token(token)
    response = Response.objects.filter(reference=reference).first() if reference else None
    if response is None:
        raise Http404("This link is not valid or has expired")
    if request.method == "POST":
        response = services.confirm_response(token=token)
        _remember(request, response)
        return redirect("consultations:receipt", response.reference)
    return render(request, "consultations/confirm.html", {"response": response})
