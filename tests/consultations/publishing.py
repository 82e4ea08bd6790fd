"""A closed consultation with one response of each kind of consent, for the publication
and redaction tests."""

from dataclasses import dataclass

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.consultations.tokens import confirm_token
from parley.guidance.models import Version
from tests.builders import close, make_user
from tests.consultations.conftest import good_answers

SECRET = "Confidential: my neighbour Zed"


def answers(text: str) -> list[consultations.AnswerIn]:
    given = good_answers()
    given[3] = consultations.AnswerIn(question=4, text=text)
    return given


def respond_as_user(
    version: Version,
    user: User,
    consent: str,
    text: str = "Shorter, please.",
    organisation: str = "",
) -> Response:
    return consultations.respond(
        version=version,
        respondent=consultations.Respondent(
            user=user,
            type="organisation" if organisation else "individual",
            organisation=organisation,
        ),
        consent=consent,
        answers=answers(text),
    ).response


def respond_as_guest(version: Version, email: str, name: str, consent: str, text: str) -> Response:
    return consultations.respond(
        version=version,
        respondent=consultations.Respondent(name=name, email=email),
        consent=consent,
        answers=answers(text),
    ).response


def confirm(response: Response) -> Response:
    return consultations.confirm_response(token=confirm_token(response))


@dataclass
class Responses:
    version: Version
    named: Response
    anonymous: Response
    on_behalf: Response
    confidential: Response
    unconfirmed: Response
    replaced: Response


def responses_to(version: Version) -> Responses:
    """Six responses to an open version, then the version closed: a named one, an anonymous
    one, an anonymous one on behalf of an organisation, a confidential one, a guest's never
    confirmed, and one replaced by its author's later response (the named one)."""
    nia = make_user("nia@example.net", "Nia Named")
    replaced = respond_as_user(version, nia, "named", "First thoughts.")
    named = respond_as_user(version, nia, "named", "Call Nia on 0123.")
    anonymous = respond_as_user(
        version, make_user("ann@example.net", "Ann Anon"), "anonymous", "Be brief."
    )
    on_behalf = respond_as_user(
        version,
        make_user("olu@example.net", "Olu Org"),
        "anonymous",
        "Members agree.",
        "Walkers Club",
    )
    confidential = respond_as_user(
        version, make_user("cai@example.net", "Cai Secret"), "confidential", SECRET
    )
    unconfirmed = respond_as_guest(version, "gus@example.net", "Gus Guest", "named", "Unsure now.")
    close(version)
    for response in (replaced, named, unconfirmed):
        response.refresh_from_db()
    return Responses(version, named, anonymous, on_behalf, confidential, unconfirmed, replaced)
