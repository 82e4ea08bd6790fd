"""The one way a service refuses input: field by field, with the HTTP status that fits."""


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
