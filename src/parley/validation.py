"""The one way a service refuses input: field by field, with the HTTP status that fits."""

from django.db.models import Model
from django.utils.translation import ngettext


class Rejected(Exception):
    """Nothing was saved. `errors` maps each field (or "__all__") to what is wrong with it."""

    def __init__(
        self, errors: dict[str, list[str]], *, status: int = 400, retry_after: int | None = None
    ) -> None:
        self.errors = errors
        self.status = status
        self.retry_after = retry_after
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))

    @property
    def detail(self) -> str:
        return next(iter(self.errors.values()))[0]


BIGGEST_ID = 2**63 - 1  # the largest integer both SQLite and PostgreSQL (bigint) store


def whole_number(text: str | None) -> int | None:
    """`text` as a number a database can look up, or None: ASCII digits only (`"²".isdigit()`
    is true, yet int() refuses it) and no larger than any id can be."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= BIGGEST_ID else None


def too_long(model: type[Model], **values: str | None) -> dict[str, list[str]]:
    """An error for each of `values` longer than its `model` field's max_length. Services check
    this themselves: SQLite stores an over-long value where PostgreSQL refuses it."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if value is not None and limit is not None and len(value) > limit:
            errors[name] = [
                ngettext(
                    "This must be %(limit)s character or fewer",
                    "This must be %(limit)s characters or fewer",
                    limit,
                )
                % {"limit": limit}
            ]
    return errors
