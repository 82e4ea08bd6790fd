"""What every write to guidance shares: the refusal it raises, before saving anything,
and the `GuidanceChange` log it adds to (who, when, what) once it succeeds.
"""

from parley.accounts.models import User
from parley.guidance.models import Document, GuidanceChange, Version
from parley.validation import Rejected


class GuidanceRejected(Rejected):
    """The change to the guidance was not saved."""


def record(
    *,
    document: Document,
    user: User | None,
    action: str,
    version: Version | None = None,
    **detail: object,
) -> None:
    GuidanceChange.objects.create(
        document=document, version=version, user=user, action=action, detail=detail
    )
