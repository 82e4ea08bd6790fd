"""What moderators change (the rules, the spam model) applies to the very next comment,
whichever process made the change: nothing posting reads is kept stale in memory."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Status
from parley.moderation import classifier
from parley.moderation.models import SpamModel
from parley.organisations.models import Organisation
from tests.builders import comment_as
from tests.moderation.test_classifier import comments, labelled

RULES = {
    "hold_first_guest_comment": "on",
    "max_links": "2",
    "blocked_phrases": "",
    "min_seconds_to_submit": "3",
    "flags_to_hide": "3",
}


def test_a_moderators_rule_change_applies_to_the_next_comment(
    post: Post,
    participant: User,
    moderator: User,
    organisation: Organisation,
    signed_in: Callable[[User], Client],
) -> None:
    assert comment_as(post, participant, "A complaint, first").status == Status.APPROVED
    client = signed_in(moderator)
    address = f"/moderation/rules/?organisation={organisation.slug}"
    assert client.post(address, {**RULES, "held_phrases": "complaint"}).status_code == 302
    assert comment_as(post, participant, "A complaint, second").status == Status.PENDING
    assert client.post(address, {**RULES, "held_phrases": ""}).status_code == 302
    assert comment_as(post, participant, "A complaint, third").status == Status.APPROVED


def test_a_spam_model_saved_by_another_process_scores_the_next_comment(
    post: Post, participant: User
) -> None:
    spam = comments(3, spam=True, seed=500)
    assert comment_as(post, participant, spam[0]).spam_score == 0.0  # no model yet
    # The task worker trains in its own process: this one is not told, and sees the row.
    model = classifier.train(labelled(60, seed=1))
    SpamModel.objects.create(examples=120, spam_examples=60, parameters=model.to_json())
    caught = comment_as(post, participant, spam[1])
    assert (caught.status, caught.spam_score > 0.9) == (Status.SPAM, True)

    flipped = classifier.train((text, not is_spam) for text, is_spam in labelled(60, seed=1))
    SpamModel.objects.create(examples=120, spam_examples=60, parameters=flipped.to_json())
    passed = comment_as(post, participant, spam[2])
    assert (passed.status, passed.spam_score < 0.1) == (Status.APPROVED, True)
