"""`parley demo`: load demonstration content into an empty site; a second run changes nothing."""

import secrets
import time
from argparse import ArgumentParser
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.management.commands import _guidance_demo as guidance_demo
from parley.moderation import services as moderation
from parley.organisations.models import Membership, Organisation, Role

ORGANISATION_SLUG = "public-service-digital"
# The demo's staff come with an authenticator app already set up, all with one secret.
STAFF_EMAILS = ["editor@demo.invalid", "moderator@demo.invalid", "council@demo.invalid"]

POST_BODY_CY = """\
Mae’r rhan fwyaf o weision cyhoeddus ar-lein yn eu hamser eu hunain, ac mae llawer yn defnyddio’r
cyfryngau cymdeithasol yn eu gwaith. Rydyn ni wedi ysgrifennu drafft cyntaf o egwyddorion byr,
clir, a hoffen ni glywed eich barn cyn i ni gytuno arnyn nhw.

[Darllenwch yr egwyddorion a dywedwch eich dweud](/guidance/principles-for-taking-part-online/)

Mae’r ymgynghoriad ar agor am chwe wythnos, a byddwn yn cyhoeddi beth glywson ni a beth newidion ni.
"""

POST_BODY = (
    """\
Most public servants are online in their own time, and many use social media in their work.
We think clear, short principles help people take part with confidence, so we have written
a first draft and we would like to hear what you think before we settle on it.

## The draft principles

"""
    + "\n".join(
        f"{n}. **{heading}.** {text}"
        for n, (heading, text) in enumerate(guidance_demo.PRINCIPLES, start=1)
    )
    + """

## How to take part

Comment on the whole set or on a single principle:

[Read the principles and have your say](/guidance/principles-for-taking-part-online/)

Principle 4 is the one we are least sure of:

[Principle 4](/guidance/principles-for-taking-part-online/versions/1/clauses/4/)

Tell us what is missing, what is unclear and what would help you most. The consultation
is open for six weeks, and we will publish what we heard and what we changed.
"""
)

COMMENTS: list[tuple[str, str, int | None]] = [
    # (author, body, index of the comment it replies to)
    (
        "priya",
        "This is a welcome start. Principle 2 is the one most colleagues worry about: "
        "a worked example of what *impartial* looks like in a reply would help a lot.",
        None,
    ),
    (
        "tom",
        "I run our team's account. Principle 4 matters more than it looks: if social media "
        "is treated as just another channel, it is the first thing dropped when we are busy.",
        None,
    ),
    (
        "ceri",
        "Agree with Tom. Could the guidance say who should be answering replies out of "
        "hours? That is where things go wrong for us.",
        1,
    ),
    (
        "priya",
        "@Ceri Jones good point. Our council has an out-of-hours rota, and it works "
        "because it is written down. Happy to share how we set it up.",
        2,
    ),
    (
        "dev",
        "On principle 3, please add something about screenshots. People forget that a "
        "deleted post can still be copied and shared.",
        None,
    ),
    (
        "tom",
        "Thanks @Priya Shah, that would be really useful. A template rota would make a "
        "good page in the supporting guidance.",
        3,
    ),
    (
        "amara",
        "Principle 1 should say what to do if your personal account is mistaken for an "
        "official one. It happens more than you would think.",
        None,
    ),
]


class Command(BaseCommand):
    help = "Load demonstration content (an organisation, a post and its discussion) if absent."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--code",
            action="store_true",
            help="Only print the demo staff's current authenticator code.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["code"] or Organisation.objects.filter(slug=ORGANISATION_SLUG).exists():
            if not options["code"]:
                self.stdout.write("Demo content is already loaded; nothing changed.")
            self._print_code()
            return
        password = secrets.token_urlsafe(12)
        totp_secret = generate_totp_secret()
        with transaction.atomic():
            self._load(password)
            for user in User.objects.filter(email__in=STAFF_EMAILS):
                TOTP.activate(user, totp_secret)
        credentials = settings.VAR_DIR / "demo-credentials.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(
            "Demo accounts (this file stays on this machine):\n"
            f"  editor:    editor@demo.invalid      {password}\n"
            f"  moderator: moderator@demo.invalid   {password}\n"
            f"  council:   council@demo.invalid     {password}  (owner of an adopter)\n"
            f"Their authenticator app secret (TOTP): {totp_secret}\n"
            "  `parley demo --code` prints the current code.\n"
        )
        credentials.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(
            f"Sign in as editor@demo.invalid or moderator@demo.invalid with password {password}"
        )
        self.stdout.write(
            f"Their authenticator app is set up with the secret {totp_secret} "
            "(add it to an authenticator app, or run `parley demo --code`)"
        )
        self.stdout.write(f"(both written to {credentials})")
        self._print_code()

    def _print_code(self) -> None:
        """The code the demo staff's authenticator app shows now, when the second factor is on."""
        authenticator = Authenticator.objects.filter(
            user__email="moderator@demo.invalid", type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None or not settings.PARLEY_STAFF_SECOND_FACTOR:
            return
        secret = decrypt(authenticator.data["secret"])
        now = int(time.time())
        code = format_hotp_value(hotp_value(secret, now // 30))
        self.stdout.write(
            f"Authenticator code for the demo staff now: {code} "
            f"(for {30 - now % 30} s more; `parley demo --code` prints the next)"
        )

    def _load(self, password: str) -> None:
        organisation = Organisation.objects.create(
            name="Office for Public Service Digital",
            slug=ORGANISATION_SLUG,
            description="A demonstration public body that writes guidance in the open.",
            website="https://example.org/",
            contact_email="accessibility@demo.invalid",
        )
        editor = self._user("editor@demo.invalid", "Alex Rivera", password)
        moderator = self._user("moderator@demo.invalid", "Sam Okafor", password)
        Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
        Membership.objects.create(organisation=organisation, user=moderator, role=Role.MODERATOR)
        priya = self._user("priya@demo.invalid", "Priya Shah", None)

        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title="Principles for taking part online",
            body=POST_BODY,
            title_cy="Egwyddorion ar gyfer cymryd rhan ar-lein",
            body_cy=POST_BODY_CY,
            status=Post.Status.PUBLISHED,
            tags=["social media", "guidance", "consultation"],
        )
        # Published the morning the consultation opened; its comments follow, one a day.
        opened = timezone.now() - guidance_demo.OPENED
        Post.objects.filter(pk=post.pk).update(published_at=opened + timedelta(hours=1))
        guests = {
            "tom": ("Tom Hughes", "tom@demo.invalid", "https://example.com/tom"),
            "ceri": ("Ceri Jones", "ceri@demo.invalid", ""),
            "dev": ("Dev Patel", "dev@demo.invalid", ""),
            "amara": ("Amara Okoye", "amara@demo.invalid", ""),
        }
        posted: list[Comment] = []
        for index, (who, body, parent) in enumerate(COMMENTS):
            if who == "priya":
                author = discussions.Author(user=priya, ip=f"198.51.100.{index + 1}")
            else:
                name, email, url = guests[who]
                author = discussions.Author(
                    name=name, email=email, url=url, ip=f"198.51.100.{index + 1}"
                )
            comment = discussions.post_comment(
                discussion=post.discussion,
                body=body,
                author=author,
                parent_number=posted[parent].number if parent is not None else None,
            ).comment
            if comment.status != "approved":
                moderation.moderate(comment=comment, moderator=moderator, action="approve")
            posted.append(guidance_demo.dated(comment, opened + timedelta(days=index, hours=3)))
        # One first-time guest waits in the moderation queue.
        discussions.post_comment(
            discussion=post.discussion,
            body="Will there be a version of this for contractors and agency staff?",
            author=discussions.Author(name="Jo Lewis", email="jo@demo.invalid", ip="198.51.100.99"),
        )
        guidance_demo.load(
            organisation=organisation,
            editor=editor,
            moderator=moderator,
            priya=priya,
            password=password,
        )
        _form_letter_and_insights(organisation, moderator)
        _coding_frame(organisation, editor)
        blog.create_post(
            author=editor,
            organisation=organisation,
            title="What we heard in the first week",
            body="A draft summary of the first week's comments, to publish next week.",
            status=Post.Status.DRAFT,
        )

    def _user(self, email: str, name: str, password: str | None) -> User:
        from allauth.account.models import EmailAddress

        user = User.objects.create_user(email=email, password=password, display_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user


FORM_LETTER = (
    "As a public servant I think the line between work and personal accounts must be "
    "drawn by each person, not by the employer, and this principle should say so clearly"
)
SIGNATORIES = ["Rhys Evans", "Nia Thomas", "Owen Price", "Megan Lloyd", "Gareth Davies"]


def _form_letter_and_insights(organisation: Organisation, moderator: User) -> None:
    """A small campaign on the open consultation, then the analysis of every consultation,
    so the demo's insights pages have campaigns, themes and charts to show."""
    from parley.guidance.models import Version
    from parley.insights import services as insights

    consultation = Version.objects.filter(
        document__organisation=organisation, status=Version.Status.CONSULTATION
    ).first()
    if consultation is not None:
        clause = consultation.clauses.order_by("position").first()
        assert clause is not None  # the demo's consultations all have clauses
        for n, name in enumerate(SIGNATORIES):
            # Some signatories add words of their own, which the campaign's page shows.
            own = [
                "",
                "\n\nI have run my team's account for six years and nobody has ever told me "
                "which of its posts were mine to write.",
                "",
                "\n\nPlease publish the Welsh version of this guidance on the same day.",
                "",
            ]
            comment = discussions.post_comment(
                discussion=clause.discussion,
                body=FORM_LETTER + "." + own[n],
                author=discussions.Author(
                    name=name, email=f"signatory{n}@demo.invalid", ip=f"198.51.100.{150 + n}"
                ),
                stance="oppose",
            ).comment
            if comment.status != "approved":
                moderation.moderate(comment=comment, moderator=moderator, action="approve")
            # The form letter went round in the consultation's first week.
            opened = timezone.now() - guidance_demo.OPENED
            guidance_demo.dated(comment, opened + timedelta(days=5, hours=9 + n))
    for version in Version.objects.filter(
        document__organisation=organisation, opens_at__isnull=False
    ):
        insights.analyse(version=version)


def _coding_frame(organisation: Organisation, editor: User) -> None:
    """The analysts' coding frame of the closed consultation on the correspondence standards:
    a theme merged from two and one made by hand, each tied to its clause and cited by the
    published response ("1 comment in the theme …")."""
    from parley.guidance.models import ClauseResponse, Version
    from parley.insights import frame

    version = Version.objects.filter(
        document__organisation=organisation,
        document__slug="standards-for-answering-public-correspondence",
        number=1,
    ).first()
    if version is None:
        return
    clauses = {c.number: c for c in version.clauses.all()}
    entries = {e.lineage: e for e in ClauseResponse.objects.filter(response__version=version)}

    def comments_on(number: str) -> list[int]:
        public = Comment.objects.public().filter(discussion_id=clauses[number].discussion_id)
        return list(public.values_list("pk", flat=True))

    slow = frame.create_theme(version=version, user=editor, name="Replies are slow")
    deadlines = frame.create_theme(version=version, user=editor, name="Reply deadlines")
    frame.tag_comments(version=version, user=editor, comment_ids=comments_on("1"), add=[slow])
    slow.refresh_from_db()
    deadlines.refresh_from_db()
    merged = frame.merge_themes(
        theme=slow,
        into=deadlines,
        user=editor,
        revision=slow.revision,
        into_revision=deadlines.revision,
    )
    named = frame.create_theme(version=version, user=editor, name="A named person to write to")
    frame.tag_comments(version=version, user=editor, comment_ids=comments_on("3"), add=[named])
    frame.mark_reviewed(
        version=version, user=editor, comment_ids=comments_on("1") + comments_on("3")
    )
    for theme, number in ((merged, "1"), (named, "3")):
        theme.refresh_from_db()
        lineage = clauses[number].lineage
        frame.link_theme(
            theme=theme,
            user=editor,
            revision=theme.revision,
            lineages=[str(lineage)],
            responses=[entries[lineage].pk] if lineage in entries else [],
        )
