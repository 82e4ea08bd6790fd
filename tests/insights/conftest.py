"""A consultation with a planted corpus: two campaigns of near-identical comments, and
distinct comments on two topics, spread over clauses, stances and days."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from parley.accounts.models import User
from parley.discussions.models import Comment, Discussion, Status
from parley.guidance import services as guidance
from parley.guidance.models import Version
from parley.insights import services
from parley.insights.models import Analysis
from tests.builders import close

GUEST_EMAIL = "signatory{n}@example.net"
GUEST_IP = "198.51.100.{n}"

LETTER = (
    "I am writing to object to this clause because it would make it harder for ordinary "
    "members of the public to understand how decisions about their local services are "
    "made and who is accountable when things go wrong, and I urge you to withdraw it "
    "before the guidance is published"
)
LETTER_EDITS = [
    LETTER,
    LETTER,
    LETTER + " today",
    LETTER.replace("ordinary", "everyday"),
    "Dear editors, " + LETTER,
    LETTER + " please",
]
SHORT_LETTER = (
    "Please keep the commitment to publish every decision in plain English with the reasons "
    "given, so that residents can follow what was decided and why it was decided"
)
PRIVACY = [
    "Personal data shared on social media must be protected, and staff need to know the data "
    "protection rules before they post anything about residents.",
    "Protecting residents' personal data should come first; the privacy rules and data "
    "protection law apply online just as they do in the office.",
    "I worry about privacy: staff could share personal data by accident, so the data "
    "protection training needs to cover social media posts.",
    "Data protection and privacy deserve their own clause, because personal data leaks on "
    "social media are hard to undo.",
]
TRAINING = [
    "Staff need proper training and time to learn the platforms; managers should plan the "
    "training budget for it.",
    "Without training, junior staff will not feel confident posting; please fund regular "
    "training sessions for every team.",
    "Training should be practical, with examples, and managers should give staff time for "
    "training during working hours.",
    "Please offer training for managers too, so they can support staff who are new to the "
    "platforms and need time to learn.",
]


@dataclass
class Corpus:
    version: Version
    letter: list[Comment]
    short_letter: list[Comment]
    privacy: list[Comment]
    training: list[Comment]

    @property
    def all(self) -> list[Comment]:
        return self.letter + self.short_letter + self.privacy + self.training


def add_comment(
    discussion: Discussion,
    body: str,
    *,
    stance: str = "",
    created_at: datetime | None = None,
    n: int = 1,
    status: str = Status.APPROVED,
) -> Comment:
    """An approved guest comment, numbered as discussions.services would number it (written
    directly: posting dozens through post_comment would meet its rate limits)."""
    Discussion.objects.filter(pk=discussion.pk).update(
        last_number=F("last_number") + 1,
        comment_count=F("comment_count") + (1 if status == Status.APPROVED else 0),
    )
    number = Discussion.objects.values_list("last_number", flat=True).get(pk=discussion.pk)
    return Comment.objects.create(
        discussion=discussion,
        number=number,
        path=f"{number:07d}",
        author_name=f"Signatory {n}",
        author_email=GUEST_EMAIL.format(n=n),
        body_markdown=body,
        body_html=f"<p>{body}</p>",
        stance=stance,
        status=status,
        ip_address=GUEST_IP.format(n=n % 250 + 1),
        created_at=created_at or timezone.now(),
    )


@pytest.fixture
def corpus(consulting: Version) -> Corpus:
    clauses = list(consulting.clauses.select_related("discussion").order_by("position"))
    start = timezone.now() - timedelta(days=3)
    n = iter(range(1, 1000))
    letter = [
        add_comment(
            clauses[0].discussion,
            text,
            stance="oppose",
            created_at=start + timedelta(hours=i * 5),
            n=next(n),
        )
        for i, text in enumerate(LETTER_EDITS)
    ]
    short_letter = [
        add_comment(
            consulting.discussion, SHORT_LETTER, stance="support", created_at=start, n=next(n)
        )
        for _ in range(3)
    ]
    privacy = [
        add_comment(
            clauses[1].discussion,
            text,
            stance="neutral",
            created_at=start + timedelta(days=1),
            n=next(n),
        )
        for text in PRIVACY
    ]
    training = [
        add_comment(
            clauses[2].discussion,
            text,
            stance="support",
            created_at=start + timedelta(days=2),
            n=next(n),
        )
        for text in TRAINING
    ]
    return Corpus(consulting, letter, short_letter, privacy, training)


@pytest.fixture
def analysed(corpus: Corpus) -> Corpus:
    services.analyse(version=corpus.version)
    return corpus


def publish_response(version: Version, editor: User) -> None:
    close(version)
    response = guidance.save_response(version=version, user=editor, summary="We listened.")
    guidance.publish_response(response=response, user=editor)


def analysis(version: Version) -> Analysis:
    return Analysis.objects.get(version=version)
