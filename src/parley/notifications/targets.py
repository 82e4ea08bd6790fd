"""What a follow points at: the public discussion, document or organisation behind a
`(target, id)` pair, with its title and address.

Used by the follow page and the API: the view layer, which may know every app (and
asks `discussions` which discussions are public). `notifications.services` itself
stores targets by kind and id and knows none of them.
"""

from dataclasses import dataclass

from parley.discussions.queries import public_discussion
from parley.guidance.models import Document, Version
from parley.notifications.models import Target
from parley.organisations.models import Organisation


@dataclass(frozen=True)
class Followable:
    id: int
    title: str
    url: str


def resolve(target: str, target_id: int) -> Followable | None:
    """The public thing `(target, target_id)` names, or None when there is none."""
    if target == Target.SITE:
        return Followable(0, "", "/")
    if target == Target.DISCUSSION:
        discussion = public_discussion(target_id)
        if discussion is None:
            return None
        return Followable(discussion.pk, discussion.title, discussion.url)
    if target == Target.DOCUMENT:
        document = Document.objects.filter(pk=target_id).first()
        if document and Version.objects.public().filter(document=document).exists():
            return Followable(document.pk, document.title, document.get_absolute_url())
        return None
    if target == Target.ORGANISATION:
        organisation = Organisation.objects.filter(pk=target_id).first()
        if organisation:
            return Followable(organisation.pk, organisation.name, "")
    return None
