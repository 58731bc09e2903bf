"""Refusals that services raise: a machine code beside the Vietnamese message.

Pages show the message on the field it names (`core.forms.apply_service_errors`); tests, the
command line and the API branch on `code`, never on the wording, which may be improved.
"""

from enum import StrEnum


class Code(StrEnum):
    """Why a service refused."""

    NOT_PERMITTED = "not_permitted"  # the person's role or relation to the record does not allow it
    WRONG_STATE = "wrong_state"  # the record's state does not allow this step now
    REQUIRED = "required"  # a value that must be given is missing
    INVALID = "invalid"  # a value is malformed, out of range or contradicts another
    DUPLICATE = "duplicate"  # the record exists already
    NOT_FOUND = "not_found"  # a named record does not exist (or is no longer in force)
    FILE_REFUSED = "file_refused"  # a file too large, of another type, damaged or unreadable
    STALE = "stale"  # someone changed the record since the form was opened


class ServiceError(Exception):
    """A refusal; `code` says why in a word that does not change with the wording."""

    code: Code


class ValidationFailed(ServiceError):
    """Input refused; `errors` maps a field name (or "__all__") to a Vietnamese message."""

    def __init__(self, errors: dict[str, str], code: Code = Code.INVALID) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.code = code


class ConflictError(ServiceError):
    """Someone else changed the record since the form was opened."""

    code = Code.STALE
