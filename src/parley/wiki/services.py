"""Every write to the wiki: spaces, pages and their revisions, supported clauses,
and copying the site's model operational guidance into an adopter's space.

Each function checks everything first and raises WikiRejected (EditConflict for a
save based on an old revision), so a refused change saves nothing.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.guidance import services as guidance
from parley.guidance.models import Adoption, Document, OperationalSection, Version
from parley.organisations.models import Organisation
from parley.validation import Rejected
from parley.wiki import queries, stored_text
from parley.wiki.models import SITE_SPACE, Page, Revision, Space, SupportedClause
from parley.wiki.render import render_page

TITLE_MAX = 200
MESSAGE_MAX = 300
RESERVED_SLUGS = {"new", "settings", "adopt"}  # the space's own addresses


class WikiRejected(Rejected):
    """The change to the wiki was not saved."""


class EditConflict(WikiRejected):
    """Someone saved the page after the edit began; `current` is what they saved."""

    def __init__(self, current: Revision) -> None:
        super().__init__(
            {
                "body": [
                    _(
                        "%(name)s saved this page (revision %(number)s) after you started "
                        "editing: your text is below, next to theirs"
                    )
                    % {
                        "name": current.author.display_name if current.author else _("Someone"),
                        "number": current.number,
                    }
                ]
            },
            status=409,
        )
        self.current = current


@transaction.atomic
def site_space() -> Space:
    """The site's own space, made the first time it is needed (editors only)."""
    space, _ = Space.objects.get_or_create(
        slug=SITE_SPACE,
        defaults={"name": "Supporting guidance", "edit_policy": Space.EditPolicy.EDITORS},
    )
    return space


@transaction.atomic
def space_for(organisation: Organisation) -> Space:
    """The organisation's space, made the first time it is needed (members may edit)."""
    space, _ = Space.objects.get_or_create(
        organisation=organisation,
        defaults={"slug": organisation.slug, "name": organisation.name},
    )
    return space


@transaction.atomic
def set_edit_policy(*, space: Space, policy: str) -> Space:
    """Who may edit the space's pages from now on."""
    if policy not in Space.EditPolicy.values:
        raise WikiRejected({"edit_policy": [_("Choose who may edit this space")]})
    space.edit_policy = policy
    space.save(update_fields=["edit_policy"])
    return space


def _without_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL, and no one means to type one.
    return text.replace("\x00", "")


def _check(title: str, message: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Enter a title")]
    elif len(title.strip()) > TITLE_MAX:
        errors["title"] = [_("The title must be %(max)s characters or fewer") % {"max": TITLE_MAX}]
    elif not slugify(title):
        errors["title"] = [_("The title needs at least one letter or number")]
    elif slugify(title) in RESERVED_SLUGS:
        errors["title"] = [f"‘{title.strip()}’ is kept for the wiki’s own pages: choose another"]
    if len(message) > MESSAGE_MAX:
        errors["message"] = [
            _("The summary must be %(max)s characters or fewer") % {"max": MESSAGE_MAX}
        ]
    return errors


def _render(page: Page, slugs: set[str]) -> None:
    rendered = render_page(page.body_markdown, space_slug=page.space.slug, existing_slugs=slugs)
    page.body_html, page.toc, page.links = rendered.html, rendered.toc, rendered.links


def _slugs(space: Space) -> set[str]:
    return set(Page.objects.filter(space=space).values_list("slug", flat=True))


def _revise(page: Page, user: User | None, message: str) -> Revision:
    page.revision_number += 1
    page.updated_at = timezone.now()
    _render(page, _slugs(page.space) | {page.slug})
    page.save()
    return Revision.objects.create(
        page=page,
        number=page.revision_number,
        title=page.title,
        body_markdown=page.body_markdown,
        author=user,
        message=message.strip(),
    )


@transaction.atomic
def create_page(
    *, space: Space, user: User | None, title: str, body: str, message: str = ""
) -> Page:
    """A new page with its first revision and its own discussion; pages that already
    linked to this title now link to it rather than offering to create it."""
    title, body, message = _without_nul(title).strip(), _without_nul(body), _without_nul(message)
    errors = _check(title, message)
    slug = slugify(title)[:200]
    if not errors and Page.objects.filter(space=space, slug=slug).exists():
        errors["title"] = [
            _("There is already a page called ‘%(title)s’ in %(space)s")
            % {"title": title, "space": space.name}
        ]
    if errors:
        raise WikiRejected(errors)
    url = f"/wiki/{space.slug}/{slug}/"
    page = Page(
        space=space,
        title=title,
        slug=slug,
        body_markdown=body,
        discussion=discussions.create_discussion(
            kind=Discussion.Kind.WIKI, title=title, url=url, organisation=space.organisation
        ),
    )
    _revise(page, user, message or stored_text.CREATED.store())
    slugs = _slugs(space)
    for linking in Page.objects.filter(space=space).exclude(pk=page.pk):
        if slug in linking.links:  # rendering changes nothing else: no new revision
            _render(linking, slugs)
            linking.save(update_fields=["body_html", "toc", "links"])
    return page


@transaction.atomic
def edit_page(
    *, page: Page, user: User | None, title: str, body: str, message: str, base_revision: int
) -> Page:
    """Save a new revision of the page. `base_revision` is the revision the edit started
    from: if someone saved since, EditConflict is raised and nothing is saved."""
    page = Page.objects.select_for_update().select_related("space").get(pk=page.pk)
    if page.revision_number != base_revision:
        current = page.revisions.select_related("author").get(number=page.revision_number)
        raise EditConflict(current)
    title, body, message = _without_nul(title).strip(), _without_nul(body), _without_nul(message)
    errors = _check(title, message)
    slug = slugify(title)[:200]
    if (
        not errors
        and slug != page.slug
        and Page.objects.filter(space=page.space, slug=slug).exclude(pk=page.pk).exists()
    ):
        errors["title"] = [
            _("There is already a page called ‘%(title)s’ in %(space)s")
            % {"title": title, "space": page.space.name}
        ]
    if errors:
        raise WikiRejected(errors)
    if title == page.title and body == page.body_markdown:
        return page  # nothing changed: no empty revision
    retitled = title != page.title
    page.title, page.body_markdown = title, body
    _revise(page, user, message)
    if retitled:
        _sync_sections_of(page)
    return page


@transaction.atomic
def revert_page(*, page: Page, user: User | None, revision: Revision) -> Page:
    """A new revision that puts back an earlier revision's title and text."""
    if revision.page_id != page.pk:
        raise WikiRejected({"revision": [_("That revision belongs to another page")]})
    page = Page.objects.select_for_update().select_related("space").get(pk=page.pk)
    retitled = revision.title != page.title
    page.title, page.body_markdown = revision.title, revision.body_markdown
    _revise(page, user, f"Reverted to revision {revision.number}")
    if retitled:
        _sync_sections_of(page)
    return page


def _sync_sections_of(page: Page) -> None:
    """Keep the operational sections a page holds in step with its title."""
    if page.space.organisation is None:
        return
    OperationalSection.objects.filter(key=section_key(page)).update(title=page.title[:200])


@transaction.atomic
def set_supported_clauses(
    *, page: Page, document: Document | None, lineages: list[str]
) -> list[SupportedClause]:
    """Declare which clauses (by lineage) of one document the page supports; none clears
    them. In an adopter's space, the page becomes a section of its operational guidance."""
    lineages = sorted({str(lineage) for lineage in lineages})
    if lineages and document is None:
        raise WikiRejected(
            {"document": [_("Choose the document whose clauses this page supports")]}
        )
    if document is not None and lineages:
        guidance.check_lineages(document=document, lineages=lineages)
    previous = set(page.supported_clauses.values_list("document_id", flat=True))
    page.supported_clauses.all().delete()
    rows = SupportedClause.objects.bulk_create(
        SupportedClause(page=page, document=document, lineage=lineage) for lineage in lineages
    )
    organisation = page.space.organisation
    if organisation is not None:
        touched = previous | ({document.pk} if document is not None else set())
        for adoption in Adoption.objects.filter(organisation=organisation, document__in=touched):
            guidance.map_section(
                adoption=adoption,
                key=section_key(page),
                title=page.title,
                url=page.get_absolute_url(),
                lineages=lineages if document and adoption.document_id == document.pk else [],
            )
    return rows


def section_key(page: Page) -> str:
    """How an operational section names the wiki page that holds its text."""
    return queries.section_key(page)


@transaction.atomic
def sync_sections(*, adoption: Adoption) -> int:
    """Make every page in the adopter's space that supports clauses of the adopted
    document a section of its operational guidance; returns how many there are."""
    space = space_for(adoption.organisation)
    count = 0
    pages = Page.objects.filter(space=space, supported_clauses__document=adoption.document)
    for page in pages.distinct().select_related("space"):
        guidance.map_section(
            adoption=adoption,
            key=section_key(page),
            title=page.title,
            url=page.get_absolute_url(),
            lineages=[str(s.lineage) for s in page.supported_clauses.all()],
        )
        count += 1
    return count


@transaction.atomic
def copy_model_guidance(*, adoption: Adoption, user: User) -> list[Page]:
    """Copy the site's model operational guidance for the adopted document (the site
    space's pages that support its clauses) into the adopter's space, keeping each
    page's clauses; pages whose title the adopter already uses are left alone."""
    space = space_for(adoption.organisation)
    copied: list[Page] = []
    models = (
        Page.objects.filter(space=site_space(), supported_clauses__document=adoption.document)
        .distinct()
        .prefetch_related("supported_clauses")
    )
    taken = _slugs(space)
    for model in models:
        if model.slug in taken:
            continue
        page = create_page(
            space=space,
            user=user,
            title=model.title,
            body=model.body_markdown,
            message=stored_text.COPIED.store(title=model.title),
        )
        set_supported_clauses(
            page=page,
            document=adoption.document,
            lineages=[str(s.lineage) for s in model.supported_clauses.all()],
        )
        copied.append(page)
    return copied


@transaction.atomic
def adopt(
    *,
    organisation: Organisation,
    version: Version,
    user: User,
    adopted_on: date,
    statement: str = "",
    copy_model: bool = False,
) -> Adoption:
    """Adopt a published version (guidance.services.adopt_version), make the pages of the
    organisation's space that support its clauses its operational sections and, if
    asked, start from a copy of the site's model operational guidance."""
    adoption = guidance.adopt_version(
        organisation=organisation,
        version=version,
        user=user,
        adopted_on=adopted_on,
        statement=statement,
    )
    if copy_model:
        copy_model_guidance(adoption=adoption, user=user)
    sync_sections(adoption=adoption)
    return adoption
