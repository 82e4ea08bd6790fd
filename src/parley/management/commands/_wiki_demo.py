"""Demo wiki and adoption for `parley demo`: model operational guidance in the site's
space, and a council that adopted version 1 of the correspondence standards, with
operational guidance mapped to its clauses, before version 2 was published."""

from datetime import date

from parley.accounts.models import User
from parley.guidance.models import Document, Version
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki import services as wiki

COUNCIL_SLUG = "northfield"

MODEL_PAGES = [
    # (title, clause numbers of the principles it supports, text)
    (
        "Using personal accounts",
        ["1"],
        "## When your account is yours\n\nSay in your profile that your views are your own. "
        "See also [[Out-of-hours rota]].\n\n## When it is mistaken for an official one\n\n"
        "Correct it publicly and tell your communications team.",
    ),
    (
        "Out-of-hours rota",
        ["4"],
        "## Who answers\n\nA named person each evening and weekend.\n\n## A template\n\n"
        "| Day | Name | Back-up |\n| --- | --- | --- |\n| Saturday | | |\n| Sunday | | |",
    ),
]

COUNCIL_SECTIONS = [
    # (title, clause numbers of the correspondence standards, text)
    (
        "Acknowledging letters",
        ["1"],
        "We send an acknowledgement within 3 working days and a full answer within "
        "20 working days.",
    ),
    (
        "Naming a contact",
        ["3"],
        "Every reply gives the officer's name and direct telephone number.",
    ),
    (
        "Filing replies",
        ["4"],
        "Replies are filed in the records system with the letter they answer.",
    ),
]


def load_model_guidance(*, principles: Document, editor: User) -> None:
    """Supporting guidance for the principles in the site's space."""
    space = wiki.site_space()
    clauses = {c.number: str(c.lineage) for c in principles.versions.get(number=1).clauses.all()}
    for title, numbers, body in MODEL_PAGES:
        page = wiki.create_page(space=space, user=editor, title=title, body=body)
        wiki.set_supported_clauses(
            page=page, document=principles, lineages=[clauses[n] for n in numbers]
        )


def load_adopter(*, version: Version, password: str | None, adopted_on: date) -> User:
    """A council whose owner adopted `version` (published) with operational guidance."""
    from allauth.account.models import EmailAddress

    council = Organisation.objects.create(
        name="Northfield Borough Council",
        slug=COUNCIL_SLUG,
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        description="A demonstration council that adopts the correspondence standards.",
        website="https://example.org/northfield",
    )
    owner = User.objects.create_user(
        email="council@demo.invalid", password=password, display_name="Morgan Hale"
    )
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    Membership.objects.create(organisation=council, user=owner, role=Role.OWNER)
    space = wiki.space_for(council)
    clauses = {c.number: str(c.lineage) for c in version.clauses.all()}
    for title, numbers, body in COUNCIL_SECTIONS:
        page = wiki.create_page(space=space, user=owner, title=title, body=body)
        wiki.set_supported_clauses(
            page=page, document=version.document, lineages=[clauses[n] for n in numbers]
        )
    wiki.adopt(
        organisation=council,
        version=version,
        user=owner,
        adopted_on=adopted_on,
        statement="Northfield adopts these standards for every service that answers the public.",
    )
    return owner
