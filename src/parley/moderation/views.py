from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley import pagination, spreadsheets
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions.models import Comment, Discussion, RemovalReason
from parley.moderation import queries, services
from parley.moderation.forms import PolicyForm, RulesForm
from parley.moderation.models import ModerationAction, ModerationRules
from parley.organisations.models import Organisation
from parley.organisations.permissions import can_moderate, moderated_organisation_ids
from parley.validation import whole_number

# Comments a page of the queue shows: each card carries its context and its own form.
QUEUE_PER_PAGE = 50


def _after_deciding(request: AuthenticatedHttpRequest, *, asked: int, spam: bool) -> str:
    """Back to the page the moderator decided from, with its filters, or to the last page
    that is left if their decisions emptied it."""
    left = queries.queue(request.user, spam=spam).count()
    number = min(asked, pagination.last_page(left, QUEUE_PER_PAGE))
    query = {key: request.GET.get(key, "") for key in request.GET}
    return pagination.address(request.path, query, number)


def _decided(action: str, count: int) -> str:
    """The banner after a decision on `count` comments."""
    if action == ModerationAction.Action.APPROVE:
        text = ngettext("%(count)d comment approved", "%(count)d comments approved", count)
    elif action == ModerationAction.Action.REJECT_EDIT:
        text = ngettext(
            "%(count)d edit rejected: the earlier text stays shown",
            "%(count)d edits rejected: the earlier texts stay shown",
            count,
        )
    elif action == ModerationAction.Action.SPAM:
        text = ngettext(
            "%(count)d comment marked as spam", "%(count)d comments marked as spam", count
        )
    else:
        text = ngettext("%(count)d comment removed", "%(count)d comments removed", count)
    return text % {"count": count}


def _decision(request: AuthenticatedHttpRequest) -> tuple[list[int], str, str, str]:
    """(comment ids, action, reason, note) from the queue form: one card's button, or bulk."""
    if one := request.POST.get("one", ""):
        action, _, comment_id = one.partition(":")
        number = whole_number(comment_id)
        ids = [] if number is None else [number]
        return (
            ids,
            action,
            request.POST.get(f"reason-{comment_id}", ""),
            request.POST.get(f"note-{comment_id}", ""),
        )
    ids = [n for i in request.POST.getlist("comments") if (n := whole_number(i)) is not None]
    return (
        ids,
        request.POST.get("action", ""),
        request.POST.get("reason", ""),
        request.POST.get("note", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Held and flagged comments, oldest first, with context, a page at a time; decide one
    by one or in bulk, and come back to the same page."""
    if not can_moderate(request.user):
        raise PermissionDenied
    asked = pagination.number_asked(request)  # 404 before any work for `?page=x`
    error, error_field = "", ""
    showing_spam = request.GET.get("show") == "spam"
    one = ""
    if request.method == "POST":
        ids, action, reason, note = _decision(request)
        one = request.POST.get("one", "").partition(":")[2]
        allowed = queries.decidable(request.user, ids)
        if not ids:
            error, error_field = gettext("Select at least one comment"), "bulk"
        elif len(allowed) != len(set(ids)):
            raise PermissionDenied(gettext("You do not moderate all of the comments you selected."))
        else:
            try:
                count = services.moderate_many(
                    comments=allowed.values(),
                    moderator=request.user,
                    action=action,
                    reason=reason,
                    note=note,
                )
            except services.ModerationRejected as rejected:
                error = rejected.detail
                # The field the error is about: the card's own reason, else the bulk form's.
                field = "reason" if "reason" in rejected.errors else "action"
                error_field = f"{field}-{one}" if one and field == "reason" else f"bulk-{field}"
            except services.NotAllowed:
                raise PermissionDenied from None
            else:
                messages.success(request, _decided(action, count))
                return redirect(_after_deciding(request, asked=asked, spam=showing_spam))
    queued = queries.queue(request.user, spam=showing_spam)
    if error:
        # A refused decision shows the page it came from again, or the last one left.
        asked = min(asked, pagination.last_page(queued.count(), QUEUE_PER_PAGE))
    page = pagination.page_of(queued, QUEUE_PER_PAGE, asked)
    query = {key: request.GET.get(key, "") for key in request.GET}
    return render(
        request,
        "moderation/queue.html",
        {
            "items": queries.with_context(list(page.object_list)),
            "total": page.paginator.count,
            "paging": {
                "page": page,
                **pagination.links(page, lambda n: pagination.address(request.path, query, n)),
            },
            "showing_spam": showing_spam,
            "reasons": RemovalReason.choices,
            "error": error,
            "error_field": error_field,
            # What was typed on the card whose decision failed, to show it again.
            "error_card": whole_number(one) if error_field == f"reason-{one}" else None,
            "card_note": request.POST.get(f"note-{one}", "") if error else "",
            "posted": request.POST if error else {},
            "selected": request.POST.getlist("comments") if error else [],
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def hold_all(request: AuthenticatedHttpRequest, discussion_id: int) -> HttpResponse:
    """Turn holding every new comment on or off for one discussion."""
    discussion = get_object_or_404(
        Discussion.objects.select_related("organisation"), pk=discussion_id
    )
    hold = request.POST.get("hold") == "on"
    try:
        services.hold_all(discussion=discussion, moderator=request.user, hold=hold)
    except services.NotAllowed:
        raise PermissionDenied from None
    messages.success(
        request,
        gettext("Every new comment here is now held for moderation")
        if hold
        else gettext("New comments here follow the usual rules again"),
    )
    return redirect(f"{discussion.url}#comments")


@login_required
@require_GET
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The append-only record of every decision, for moderators."""
    if not can_moderate(request.user):
        raise PermissionDenied
    page, paging = pagination.paged(request, queries.log(request.user), 100)
    return render(request, "moderation/log.html", {"page": page, "paging": paging})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def log_csv(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The whole log as CSV, streamed (it only ever grows)."""
    if not can_moderate(request.user):
        raise PermissionDenied
    writer = spreadsheets.writer(_Echo())
    header = ["when", "moderator", "action", "reason", "note", "from", "to", "comment", "url"]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for action in queries.log(request.user).iterator(chunk_size=500):
            comment: Comment | None = action.comment
            yield writer.writerow(
                [
                    action.created_at.isoformat(),
                    action.moderator.display_name if action.moderator else "(automatic)",
                    action.action,
                    action.reason,
                    action.note,
                    action.from_status,
                    action.to_status,
                    comment.number if comment else "",
                    request.build_absolute_uri(comment.get_absolute_url()) if comment else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="moderation-log-{stamp}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pre-moderation rules: the site's (staff), or an organisation's (its moderators)."""
    slug = request.GET.get("organisation", "")
    organisation = Organisation.objects.filter(slug=slug).first() if slug else None
    if slug and organisation is None:
        raise PermissionDenied(gettext("No such organisation."))
    if organisation is None and not request.user.is_staff:
        ids = moderated_organisation_ids(request.user)
        if not ids:
            raise PermissionDenied
        return redirect(f"{request.path}?organisation={Organisation.objects.get(pk=ids[0]).slug}")
    if organisation is not None and not can_moderate(request.user, organisation):
        raise PermissionDenied
    instance = ModerationRules.objects.filter(organisation=organisation).first()
    form = RulesForm(request.POST or None, instance=instance or ModerationRules())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rules(
                rules=form.save(commit=False), organisation=organisation, moderator=request.user
            )
        except services.NotAllowed:
            raise PermissionDenied from None
        messages.success(request, gettext("The moderation rules were saved"))
        return redirect(request.get_full_path())
    return render(
        request,
        "moderation/rules.html",
        {"form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Site admins publish a new comment policy; earlier ones are kept."""
    if not request.user.is_staff:
        raise PermissionDenied(gettext("Only site administrators can change the comment policy."))
    current = services.current_policy()
    form = PolicyForm(
        request.POST or None, initial={"body": current.body_markdown if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.publish_policy(body=form.cleaned_data["body"], editor=request.user)
        messages.success(request, gettext("The new comment policy is published"))
        return redirect("comment_policy")
    return render(
        request, "moderation/policy_form.html", {"form": form}, status=400 if form.errors else 200
    )
