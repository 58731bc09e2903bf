"""Errors that services raise and views turn into clear Vietnamese messages."""


class ValidationFailed(Exception):
    """Input refused; `errors` maps a field name (or "__all__") to a Vietnamese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class ConflictError(Exception):
    """Someone else changed the record since the form was opened."""
