"""The spam filter learns from what moderators decide, through the real decision path."""

from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Status
from parley.moderation import services
from parley.moderation.models import ModerationRules, SpamModel
from parley.organisations.models import Organisation
from tests.moderation.test_classifier import comments


def test_moderators_decisions_train_the_filter_that_then_catches_new_spam(
    post: Post,
    moderator: User,
    organisation: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # Every comment is held, so moderators decide on each, as in a sensitive consultation.
    ModerationRules.objects.create(organisation=organisation, hold_everything=True)
    spam, genuine = comments(25, spam=True, seed=1), comments(25, spam=False, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        for index, (body, is_spam) in enumerate(
            [(b, True) for b in spam[:20]] + [(b, False) for b in genuine[:20]]
        ):
            author = discussions.Author(
                name=f"Person {index}", email=f"p{index}@example.net", ip=f"192.0.2.{index}"
            )
            comment = discussions.post_comment(
                discussion=post.discussion, body=body, author=author
            ).comment
            services.moderate(
                comment=comment, moderator=moderator, action="spam" if is_spam else "approve"
            )
    assert SpamModel.objects.exists()

    unseen_spam = discussions.post_comment(
        discussion=post.discussion,
        body=spam[24],
        author=discussions.Author(name="New", email="new@example.net", ip="198.51.100.7"),
    ).comment
    unseen_genuine = discussions.post_comment(
        discussion=post.discussion,
        body=genuine[24],
        author=discussions.Author(name="Kind", email="kind@example.net", ip="198.51.100.8"),
    ).comment
    assert unseen_spam.status == Status.SPAM
    assert unseen_spam.spam_score >= 0.9
    assert unseen_spam.spam_reasons
    assert unseen_genuine.status == Status.PENDING  # held by the rule, not as spam
    assert unseen_genuine.spam_score < 0.5
