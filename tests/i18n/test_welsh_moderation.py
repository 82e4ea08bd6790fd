"""The moderation queue says why each comment waits, and why readers flagged it, in the
moderator's language, whatever language the reasons were stored in."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.test.html import parse_html
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation import flags
from parley.moderation.models import ModerationRules
from parley.organisations.models import Organisation
from tests.builders import comment_as
from tests.html import text


def _queue(
    signed_in: Callable[[User], Client], moderator: User, language: str, query: str = ""
) -> str:
    client = signed_in(moderator)
    client.cookies["django_language"] = language
    return client.get(f"/moderation/{query}").content.decode()


def test_the_queue_in_welsh_says_why_comments_wait_and_why_they_were_flagged(
    post: Post,
    participant: User,
    outsider: User,
    moderator: User,
    signed_in: Callable[[User], Client],
) -> None:
    ModerationRules.objects.create(
        organisation=post.organisation, flags_to_hide=1, held_phrases="lawyer"
    )
    Client().post(
        post.get_absolute_url(),
        {"author_name": "Gus Guest", "author_email": "gus@example.net", "body": "First words"},
    )
    comment_as(post, participant, "My lawyer will hear of this")
    flagged = comment_as(post, participant, "Something people object to.")
    outsider.date_joined = timezone.now() - timedelta(days=30)  # settled: the report counts
    outsider.save(update_fields=["date_joined"])
    flags.flag_comment(
        comment=flagged, reason="abusive", user=outsider, reporter_key="", ip="198.51.100.7"
    )
    assert Comment.objects.filter(status=Status.PENDING).count() == 3
    old = comment_as(post, participant, "Written before the reasons were translated")
    Comment.objects.filter(pk=old.pk).update(
        status=Status.PENDING, held_because="checked by hand, 2019"
    )

    welsh = _queue(signed_in, moderator, "cy")
    assert "y sylw cyntaf o’r cyfeiriad e-bost hwn" in welsh
    assert "yn cynnwys geiriau y mae cymedrolwr yn eu gwirio: lawyer" in welsh
    assert "1 person wedi rhoi gwybod amdano" in welsh
    assert "Wedi rhoi gwybod amdano: Sarhaus neu fygythiol (1)" in text(parse_html(welsh))
    assert "checked by hand, 2019" in welsh  # not a known reason: shown as stored
    for english in ("first comment from", "words a moderator checks", "flagged by", "abusive (1)"):
        assert english not in welsh

    log = _queue(signed_in, moderator, "cy", "log/")
    assert "1 person wedi rhoi gwybod amdano" in log
    assert "(Wedi&#x27;i gymeradwyo → Yn aros i gael ei gymedroli)" in log
    assert "flagged by" not in log

    english = _queue(signed_in, moderator, "en-gb")
    assert "first comment from this e-mail address" in english
    assert "flagged by 1 person" in english
    assert "Flagged: Abusive or threatening (1)" in text(parse_html(english))


def test_the_spam_queue_in_welsh_gives_the_spam_reasons_in_welsh(
    post: Post,
    organisation: Organisation,
    participant: User,
    moderator: User,
    signed_in: Callable[[User], Client],
) -> None:
    ModerationRules.objects.create(organisation=organisation, blocked_phrases="cheap pills")
    spam = comment_as(post, participant, "Buy CHEAP PILLS today")
    assert spam.status == Status.SPAM
    assert spam.spam_reasons == ["contains blocked words: cheap pills"]  # stored as its code

    welsh = _queue(signed_in, moderator, "cy", "?show=spam")
    assert "yn cynnwys geiriau sydd wedi’u rhwystro: cheap pills" in welsh
    assert "contains blocked words" not in welsh
