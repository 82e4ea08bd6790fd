"""Who is told, in which language and how often: an account, or a guest by e-mail
address, each with a `Recipient` row made the first time it is needed.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from parley.accounts.models import User
from parley.notifications import tokens
from parley.notifications.models import Frequency, Kind, Recipient

# Who is told: an account, or a guest by e-mail address.
Person = User | str


def default_frequency(kind: str) -> str:
    """Everyone with a confirmed address hears at once about everything they follow and
    everything about their own comments; each person can change each kind."""
    return Frequency.IMMEDIATE if kind in Kind.values else Frequency.NEVER


def frequency_of(recipient: Recipient, kind: str) -> str:
    chosen = (recipient.frequencies or {}).get(kind)
    return chosen if chosen in Frequency.values else default_frequency(kind)


def current_language() -> str:
    """The language of this request (or task), as one of settings.LANGUAGES."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _ in settings.LANGUAGES]
    if active in codes:
        return active
    base = active.split("-")[0]
    return next((code for code in codes if code.split("-")[0] == base), settings.LANGUAGE_CODE)


def remember(recipient: Recipient, language: str) -> None:
    if recipient.language != language:
        recipient.language = language
        recipient.save(update_fields=["language"])


@transaction.atomic
def remember_language(*, person: Person, language: str) -> Recipient | None:
    """Write this person's e-mails in `language` from now on: the one they just used here
    (signing up, commenting as a guest, following, choosing their preferences)."""
    recipient = recipient_of(person, create_guest=True)
    if recipient is not None:
        remember(recipient, language)
    return recipient


def language_of(person: Person) -> str:
    """The language to write to this person in; the site's default for a stranger."""
    if isinstance(person, User):
        found = Recipient.objects.filter(user=person).values_list("language", flat=True)
    else:
        address = person.strip().lower()
        found = Recipient.objects.filter(user=None, email=address).values_list(
            "language", flat=True
        )
    return next(iter(found), settings.LANGUAGE_CODE)


def recipient_for_user(user: User) -> Recipient:
    """The account's recipient row, made the first time it is needed."""
    recipient, _ = Recipient.objects.get_or_create(user=user)
    recipient.user = user  # saves a query for the address
    return recipient


def guest_recipient(email: str, *, create: bool) -> Recipient | None:
    address = email.strip().lower()
    if not address:
        return None
    recipient = Recipient.objects.filter(user=None, email=address).first()
    if recipient is None and create:
        try:
            with transaction.atomic():
                recipient = Recipient.objects.create(email=address)
        except IntegrityError:  # made by a concurrent request
            recipient = Recipient.objects.get(user=None, email=address)
    return recipient


def recipient_of(person: Person, *, create_guest: bool) -> Recipient | None:
    if isinstance(person, User):
        return recipient_for_user(person)
    return guest_recipient(person, create=create_guest)


def preferences_link(recipient: Recipient) -> str:
    if recipient.user_id is not None:
        return tokens.absolute(reverse("notifications:preferences"))
    return tokens.preferences_url(recipient.pk)
