"""The learned spam classifier: trained on moderators' decisions, silent until it has."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.moderation import classifier, tasks
from parley.moderation.models import ModerationAction, SpamModel
from tests.builders import comment_as

SPAM = [
    "Buy {drug} online without prescription at {link}",
    "Cheap {drug} and {drug}, fast discreet delivery! {link}",
    "Earn ${n},000 a week trading {coin} from home. Join now {link}",
    "Best online casino: {n}00 free spins, no deposit needed {link}",
    "Invest in {coin} today and double your money in {n} days {link}",
    "Great post! Check out my site about {niche}: {link}",
]
GENUINE = [
    "I support clause {n}: the {thing} in {place} needs {need}.",
    "The draft should say how {group} will be consulted about the {thing}.",
    "As a {role} in {place}, I think the {thing} proposal goes too far.",
    "Please publish the evidence on the {thing} before the consultation closes.",
    "Clause {n} is unclear about the {thing}; could you add an example for {group}?",
    "Thank you. The {thing} works well in {place} and {need} would make it better.",
]
FILLS = {
    "drug": ["viagra", "cialis", "tramadol", "xanax", "levitra", "ozempic"],
    "coin": ["bitcoin", "crypto", "ethereum", "forex"],
    "niche": ["weight loss", "dating", "seo services", "payday loans"],
    "link": [
        "https://cheap-pills.example.xyz",
        "http://www.bestcasino.example.top/?ref=9",
        "https://cryptoprofit.example.biz/join",
        "www.megadeals.example.ru",
        "https://bit.ly/3xYz9Qa",
    ],
    "n": ["2", "3", "4.1", "5", "7", "9"],
    "thing": ["cycle lane", "parking charge", "library hours", "bin collection", "bus route"],
    "place": ["Leeds", "Croydon", "Hull", "Exeter", "Salford", "York"],
    "need": ["a safer crossing", "clearer signs", "more notice", "step-free access"],
    "group": ["disabled residents", "carers", "shop owners", "parents", "tenants"],
    "role": ["parent", "bus driver", "shopkeeper", "nurse", "pensioner"],
}


def comments(count: int, *, spam: bool, seed: int) -> list[str]:
    """`count` comments from the templates above, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 (made-up comments, not secrets)
    templates = SPAM if spam else GENUINE
    return [
        rng.choice(templates).format_map({key: rng.choice(FILLS[key]) for key in FILLS})
        for _ in range(count)
    ]


def labelled(count: int, seed: int) -> list[tuple[str, bool]]:
    return [(text, True) for text in comments(count, spam=True, seed=seed)] + [
        (text, False) for text in comments(count, spam=False, seed=seed + 1)
    ]


@pytest.fixture(scope="module")
def parameters() -> classifier.Parameters:
    return classifier.train(labelled(60, seed=1))


def test_held_out_spam_scores_high_and_genuine_comments_low(
    parameters: classifier.Parameters,
) -> None:
    for text in comments(30, spam=True, seed=100):
        assert parameters.probability(text) > 0.9, text
    for text in comments(30, spam=False, seed=101):
        assert parameters.probability(text) < 0.1, text


def test_a_copied_genuine_comment_cannot_hide_a_spam_link(
    parameters: classifier.Parameters,
) -> None:
    genuine = comments(1, spam=False, seed=7)[0]
    assert parameters.explain(genuine)[1] == []
    probability, reasons = parameters.explain(f"{genuine} https://bit.ly/4aBc")
    assert probability > 0.5
    assert reasons[0] == "a link to bit.ly, which looks like sites seen in spam"


def test_reasons_name_the_words_typical_of_spam(parameters: classifier.Parameters) -> None:
    probability, reasons = parameters.explain("Cheap cialis, fast discreet delivery!")
    assert probability > 0.5
    assert reasons[0].startswith("words typical of spam: ")
    assert "cheap" in reasons[0].split(": ")[1].split(", ")


def test_the_same_decisions_give_the_same_model() -> None:
    first = classifier.train(labelled(30, seed=5))
    second = classifier.train(labelled(30, seed=5))
    assert first.to_json() == second.to_json()
    assert classifier.Parameters.from_json(first.to_json()) == classifier.Parameters.from_json(
        second.to_json()
    )


def test_training_needs_both_kinds() -> None:
    with pytest.raises(ValueError, match="two examples of both"):
        classifier.train([(text, True) for text in comments(10, spam=True, seed=1)])


@pytest.mark.django_db
def test_with_no_model_nothing_is_scored() -> None:
    assert classifier.spam_probability("Buy cheap viagra https://bit.ly/x") == (0.0, [])


@pytest.mark.django_db
def test_a_model_trained_on_too_few_decisions_says_nothing() -> None:
    few = labelled(classifier.MIN_EXAMPLES_OF_EACH - 1, seed=3)
    classifier.save_model(classifier.train(few), len(few), len(few) // 2)
    assert classifier.spam_probability("Buy cheap viagra https://bit.ly/x") == (0.0, [])


@pytest.mark.django_db
def test_a_saved_model_is_used_until_a_newer_one_replaces_it(
    parameters: classifier.Parameters, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    spam = comments(1, spam=True, seed=200)[0]
    classifier.save_model(parameters, 120, 60)
    probability, reasons = classifier.spam_probability(spam)
    assert probability > 0.9
    assert reasons
    with django_assert_num_queries(1):  # loaded once; then only "is there a newer one?"
        assert classifier.spam_probability(spam)[0] == probability

    flipped = classifier.train((text, not is_spam) for text, is_spam in labelled(60, seed=1))
    classifier.save_model(flipped, 120, 60)
    assert classifier.spam_probability(spam)[0] < 0.1


@pytest.mark.django_db
def test_only_the_latest_few_models_are_kept(parameters: classifier.Parameters) -> None:
    saved = [
        classifier.save_model(parameters, 120, 60, trained_at=timezone.now() + timedelta(i))
        for i in range(classifier.MODELS_KEPT + 2)
    ]
    kept = list(SpamModel.objects.values_list("pk", flat=True))
    assert kept == [model.pk for model in reversed(saved)][: classifier.MODELS_KEPT]


def decide(comment: Comment, action: str) -> None:
    ModerationAction.objects.create(comment=comment, action=action)


def guest(i: int) -> discussions.Author:
    return discussions.Author(name=f"Guest {i}", email=f"guest{i}@example.net", ip=f"192.0.2.{i}")


def test_training_examples_are_the_moderators_latest_decisions(post: Post, moderator: User) -> None:
    approved, spam, changed, removed, deleted = (
        comment_as(post, guest(i), f"Comment number {i}") for i in range(5)
    )
    decide(approved, ModerationAction.Action.APPROVE)
    decide(spam, ModerationAction.Action.SPAM)
    decide(changed, ModerationAction.Action.APPROVE)
    decide(changed, ModerationAction.Action.SPAM)  # the later decision counts
    decide(removed, ModerationAction.Action.REMOVE)  # not a verdict on spam
    decide(deleted, ModerationAction.Action.APPROVE)
    discussions.delete_comment(comment=deleted)

    assert sorted(classifier.training_examples()) == [
        ("Comment number 0", False),
        ("Comment number 1", True),
        ("Comment number 2", True),
    ]


def test_every_tenth_decision_retrains_the_model_in_the_background(
    post: Post,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    each = classifier.MIN_EXAMPLES_OF_EACH
    texts = labelled(each, seed=11)
    for i, (text, is_spam) in enumerate(texts):
        comment = comment_as(post, guest(i), text)
        decide(
            comment, ModerationAction.Action.SPAM if is_spam else ModerationAction.Action.APPROVE
        )
        with django_capture_on_commit_callbacks(execute=True) as queued:
            tasks.after_decision()
        assert len(queued) == (1 if (i + 1) % tasks.RETRAIN_EVERY == 0 else 0)
        # Retraining before there are enough decisions of each kind saves nothing.
        assert SpamModel.objects.exists() == (i + 1 == 2 * each)

    model = SpamModel.objects.get()
    assert (model.examples, model.spam_examples) == (2 * each, each)
    # Twenty decisions of each kind are too few for certainty, but enough to tell.
    assert classifier.spam_probability(comments(1, spam=True, seed=300)[0])[0] > 0.5
    assert classifier.spam_probability(comments(1, spam=False, seed=301)[0])[0] < 0.5

    # Decisions before the model was trained no longer count towards the next one.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        tasks.after_decision()
    assert queued == []


def test_decisions_taken_together_count_each_and_removals_do_not_count(
    post: Post,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    batch = [comment_as(post, guest(i), f"Comment number {i}") for i in range(12)]
    for comment in batch[:10]:
        decide(comment, ModerationAction.Action.APPROVE)
    with django_capture_on_commit_callbacks() as queued:
        tasks.after_decision(
            comment_ids=[c.pk for c in batch[:10]], action=ModerationAction.Action.APPROVE
        )
    assert len(queued) == 1
    for comment in batch[10:]:
        decide(comment, ModerationAction.Action.REMOVE)
        with django_capture_on_commit_callbacks() as queued:
            tasks.after_decision(comment_ids=[comment.pk], action=ModerationAction.Action.REMOVE)
        assert queued == []


def test_the_retrain_task_waits_for_enough_decisions(post: Post, settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    for i, (text, is_spam) in enumerate(labelled(5, seed=12)):
        decide(comment_as(post, guest(i), text), "spam" if is_spam else "approve")
    result = tasks.retrain_spam_model.enqueue()
    assert result.return_value is None
    assert not SpamModel.objects.exists()


def test_reasons_name_whole_words_of_the_comment_never_pieces_of_them(
    parameters: classifier.Parameters,
) -> None:
    text = "Cheap cialis, fast discreet delivery! Earn $5,000 a week from home"
    probability, reasons = parameters.explain(text)
    assert probability > 0.5
    named = reasons[-1].split(": ")[1].split(", ")
    assert named
    assert set(named) <= set(classifier.word_terms(text))


@pytest.mark.parametrize(
    ("text", "signs"),
    [
        (
            "Hey guys, check out my new channel and please subscribe!!",
            {"promote:check out", "promote:own work", "promote:subscribe", "promote:please do"},
        ),
        ("pls sub to me, I sub back", {"promote:please do", "promote:subscribe"}),
        ("Like 4 like? follow me", {"promote:x for x", "promote:follow"}),
        ("Search DJ Marvel on iTunes", {"promote:go there"}),
        ("Earn money from home, FREE gift card", {"promote:money"}),
        ("Like this comment if you are watching in 2015", {"promote:like this"}),
        ("thumbs up if you agree, and give it a like", {"promote:like this"}),
    ],
)
def test_self_promotion_is_one_sign_however_it_is_worded(text: str, signs: set[str]) -> None:
    found = {term for term in classifier.sign_terms(text) if term.startswith("promote:")}
    assert found == signs


@pytest.mark.parametrize(
    "text",
    [
        "I just came to check the view count",
        "Clause 4 is unclear about the bus route; could you add an example for carers?",
        "Mae'r cynllun yn dda iawn, diolch!",
    ],
)
def test_talk_about_the_page_is_not_self_promotion(text: str) -> None:
    assert not [term for term in classifier.sign_terms(text) if term.startswith("promote:")]


@pytest.mark.database_independent
@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Hey, check out my new website!! kidsmediausa  . com", "site:kidsmediausa.com"),
        ("free gems at adf. ly / KlD3Y", "site:adf.ly"),
        ("ｈｔｔｐ://ｗｗｗ.ｅｂａｙ.ｃｏｍ/ｕｓｒ/shoes", "site:ebay.com"),
        ("go to www . freegems . net now", "site:freegems.net"),
    ],
)
def test_addresses_written_to_dodge_filters_are_read_as_links(text: str, site: str) -> None:
    assert site in classifier.sign_terms(text)


@pytest.mark.database_independent
@pytest.mark.parametrize(
    "text",
    [
        "I love it. Come on, everyone",
        "Version 2 . 0 of the plan is better. Info at the library. Be quick. Co-ops too",
    ],
)
def test_sentences_are_not_joined_into_addresses(text: str) -> None:
    assert not [term for term in classifier.sign_terms(text) if term.startswith("site:")]
    assert classifier.normalise(text) == text
