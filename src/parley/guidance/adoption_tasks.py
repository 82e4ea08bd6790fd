"""Background work for adopters: telling owners and editors which sections to review."""

from django.tasks import task
from django.utils.html import escape

from parley.guidance.models import Adoption, Version
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
    for adoption in adoptions.select_related("organisation", "version", "document"):
        sections = [s for s in adoption.sections.all() if s.needs_review]
        lines = [f"‘{s.title}’: {'; '.join(s.review_reasons)}" for s in sections]
        text = (
            f"Version {version.number} of ‘{version.document.title}’ is published. "
            f"{adoption.organisation.name} adopted version {adoption.version.number}, and "
            f"{len(sections)} section(s) of its operational guidance rely on clauses that "
            "changed:\n\n" + "\n".join(f"- {line}" for line in lines)
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
                    subject=f"Review your operational guidance: ‘{version.document.title}’ "
                    f"version {version.number}",
                    text=text,
                    html="<p>"
                    + escape(text.split("\n\n")[0])
                    + "</p><ul>"
                    + "".join(f"<li>{escape(line)}</li>" for line in lines)
                    + "</ul>",
                    url=adoption.get_absolute_url(),
                    group=f"document:{version.document_id}",
                    group_title=version.document.title,
                ),
                people=people,
                transactional=True,
            )
        )
    return told
