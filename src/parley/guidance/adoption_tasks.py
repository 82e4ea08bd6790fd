"""Background work for adopters: telling owners and editors which sections to review."""

from django.tasks import task
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from parley.guidance import stored_text
from parley.guidance.models import Adoption, Version
from parley.guidance.tasks import title_of
from parley.notifications import services as notifications
from parley.notifications.models import Kind
from parley.organisations.models import Membership
from parley.organisations.permissions import EDITING_ROLES


@task()
def tell_adopters(version_id: int) -> int:
    """`version` was published: tell the owners and editors of each organisation with a
    section marked for review what changed; returns how many addresses were told."""
    version = Version.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return 0
    told = 0
    adoptions = Adoption.objects.filter(
        document=version.document, sections__needs_review=True
    ).distinct()
    title = title_of(version.document)
    # Lazy texts: each person reads their copy in their own language (notifications.News).
    for adoption in adoptions.select_related("organisation", "version", "document"):
        sections = [s for s in adoption.sections.all() if s.needs_review]
        lines = [
            format_lazy(
                "‘{section}’: {reasons}",
                section=s.title,
                reasons=format_lazy(
                    "; ".join(["{}"] * len(s.review_reasons)),
                    *(stored_text.review_reason_lazy(reason) for reason in s.review_reasons),
                ),
            )
            for s in sections
        ]
        lead = format_lazy(
            ngettext_lazy(
                "Version {number} of ‘{title}’ is published. {organisation} adopted version "
                "{adopted}, and {count} section of its operational guidance relies on clauses "
                "that changed:",
                "Version {number} of ‘{title}’ is published. {organisation} adopted version "
                "{adopted}, and {count} sections of its operational guidance rely on clauses "
                "that changed:",
                len(sections),
            ),
            number=version.number,
            title=title,
            organisation=adoption.organisation.name,
            adopted=adoption.version.number,
            count=len(sections),
        )
        text = format_lazy("{}\n\n{}", lead, format_lazy("\n".join(["- {}"] * len(lines)), *lines))
        html = format_lazy(
            "<p>{}</p><ul>{}</ul>",
            escape(lead),
            format_lazy("<li>{}</li>" * len(lines), *(escape(line) for line in lines)),
        )
        people = [
            m.user
            for m in Membership.objects.filter(
                organisation=adoption.organisation, role__in=EDITING_ROLES
            ).select_related("user")
        ]
        told += len(
            notifications.notify(
                news=notifications.News(
                    kind=Kind.VERSION,
                    subject=format_lazy(
                        _("Review your operational guidance: ‘{title}’ version {number}"),
                        title=title,
                        number=version.number,
                    ),
                    text=text,
                    html=html,
                    url=adoption.get_absolute_url(),
                    group=f"document:{version.document_id}",
                    group_title=title,
                ),
                people=people,
                transactional=True,
            )
        )
    return told
