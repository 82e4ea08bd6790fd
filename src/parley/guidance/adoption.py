"""Adoption and operational guidance: an organisation adopts a published version, maps
its own sections to clauses, and is told which sections to review when a new version
changes a clause they rely on.
"""

from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.guidance import adoption_tasks, diff
from parley.guidance.changes import GuidanceRejected, record
from parley.guidance.diff import ClauseChange
from parley.guidance.models import Adoption, Clause, Document, OperationalSection, Version
from parley.organisations.models import Organisation


@transaction.atomic
def adopt_version(
    *,
    organisation: Organisation,
    version: Version,
    user: User,
    adopted_on: date,
    statement: str = "",
) -> Adoption:
    """Record that `organisation` adopts a published version; adopting a later version
    replaces the earlier adoption and clears every section's review mark."""
    errors: dict[str, list[str]] = {}
    if version.status != Version.Status.PUBLISHED:
        errors["version"] = [
            _("Version %(number)s is %(phase)s: only the published version can be adopted")
            % {"number": version.number, "phase": version.phase_label.lower()}
        ]
    if len(statement) > ADOPTION_STATEMENT_MAX:
        errors["statement"] = [
            _("The statement must be %(max)s characters or fewer")
            % {"max": f"{ADOPTION_STATEMENT_MAX:,}"}
        ]
    if errors:
        raise GuidanceRejected(errors, status=409 if "version" in errors else 400)
    adoption, _created = Adoption.objects.update_or_create(
        organisation=organisation,
        document=version.document,
        defaults={
            "version": version,
            "adopted_on": adopted_on,
            "statement": statement.strip(),
            "adopted_by": user,
            "updated_at": timezone.now(),
        },
    )
    adoption.sections.update(needs_review=False, review_reasons=[])
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"{organisation.name} adopted version {version.number}",
    )
    return adoption


ADOPTION_STATEMENT_MAX = 2_000


def _check_lineages(document: Document, lineages: list[str]) -> dict[str, list[str]]:
    """Errors for lineages that are not clauses of `document` (naming the other document
    when a lineage is a clause of one)."""
    wanted = {str(lineage) for lineage in lineages}
    ours = {
        str(lineage)
        for lineage in Clause.objects.filter(
            version__document=document, lineage__in=wanted
        ).values_list("lineage", flat=True)
    }
    if not wanted - ours:
        return {}
    elsewhere = (
        Clause.objects.filter(lineage__in=wanted - ours)
        .select_related("version__document")
        .order_by("-version__number")
        .first()
    )
    if elsewhere is not None:
        return {
            "lineages": [
                _(
                    "Clause %(number)s belongs to ‘%(other)s’, not ‘%(title)s’: map only "
                    "clauses of ‘%(title)s’"
                )
                % {
                    "number": elsewhere.number,
                    "other": elsewhere.version.document.title,
                    "title": document.title,
                }
            ]
        }
    return {"lineages": [_("Choose clauses of ‘%(title)s’") % {"title": document.title}]}


@transaction.atomic
def map_section(
    *, adoption: Adoption, key: str, title: str, url: str = "", lineages: list[str]
) -> OperationalSection | None:
    """Make (or change) the operational section named `key` rely on `lineages`, which
    must be clauses of the adopted document; no lineages removes the section."""
    if not lineages:
        OperationalSection.objects.filter(adoption=adoption, key=key).delete()
        return None
    if errors := _check_lineages(adoption.document, lineages):
        raise GuidanceRejected(errors)
    section, _created = OperationalSection.objects.update_or_create(
        adoption=adoption,
        key=key,
        defaults={"title": title[:200], "url": url, "lineages": sorted(set(lineages))},
    )
    return section


def check_lineages(*, document: Document, lineages: list[str]) -> None:
    """Refuse (GuidanceRejected) lineages that are not clauses of `document`."""
    if errors := _check_lineages(document, lineages):
        raise GuidanceRejected(errors)


@transaction.atomic
def mark_adoptions_for_review(*, version: Version) -> list[OperationalSection]:
    """`version` was just published: mark every adopter's section that relies on a clause
    it changed, saying how, and tell the adopters' owners and editors after commit."""
    marked: list[OperationalSection] = []
    adoptions = (
        Adoption.objects.filter(document=version.document)
        .exclude(version=version)
        .select_related("version")
        .prefetch_related("sections")
    )
    for adoption in adoptions:
        changed = {
            change.lineage: _how_changed(change)
            for change in diff.compare_versions(adoption.version, version)
            if change.kind != "unchanged"
        }
        for section in adoption.sections.all():
            reasons = [changed[lineage] for lineage in section.lineages if lineage in changed]
            if reasons:
                section.needs_review, section.review_reasons = True, reasons
                section.save(update_fields=["needs_review", "review_reasons"])
                marked.append(section)
    if marked:
        transaction.on_commit(partial(adoption_tasks.tell_adopters.enqueue, version.pk))
    return marked


def _how_changed(change: ClauseChange) -> str:
    """ "clause 4, which was reworded": what became of a clause a section relies on."""
    if change.old is None:  # a new clause cannot be relied on yet; kept for completeness
        return change.summary
    what: list[str] = []
    if change.kind == "removed":
        what.append(
            f"was merged into clause {change.merged_into}" if change.merged_into else "was removed"
        )
    else:
        if change.renumbered:
            assert change.new is not None  # only a clause in both versions is renumbered
            what.append(f"became clause {change.new.number}")
        elif change.moved:
            what.append("moved")
        if change.reworded or change.heading_changed:
            what.append("was reworded")
    return f"clause {change.old.number}, which " + " and ".join(what)
