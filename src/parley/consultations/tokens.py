"""The signed links a respondent is e-mailed: to confirm a guest's address, and to come
back to a response saved part-way. Each names the response by its reference."""

from django.core import signing

from parley.consultations.models import Response

CONFIRM_SALT = "parley.consultations.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 3600
RESUME_SALT = "parley.consultations.resume"
RESUME_MAX_AGE = 366 * 24 * 3600


def resume_token(response: Response) -> str:
    return signing.dumps(response.reference, salt=RESUME_SALT)


def read_resume_token(token: str) -> str | None:
    """The reference a save-and-return link names; it works until the consultation closes
    (checked where it is used) and at most RESUME_MAX_AGE."""
    try:
        return str(signing.loads(token, salt=RESUME_SALT, max_age=RESUME_MAX_AGE))
    except signing.BadSignature:
        return None


def confirm_token(response: Response) -> str:
    return signing.dumps(response.reference, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except signing.BadSignature:
        return None


RESPONSE_SALT = "parley.consultations.response"
RESPONSE_MAX_AGE = 2 * 366 * 24 * 3600  # long enough to see what became of it


def response_token(response: Response) -> str:
    """The token in the receipt e-mail that opens "your response" (page and API)."""
    return signing.dumps(response.reference, salt=RESPONSE_SALT)


def read_response_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=RESPONSE_SALT, max_age=RESPONSE_MAX_AGE))
    except signing.BadSignature:
        return None
