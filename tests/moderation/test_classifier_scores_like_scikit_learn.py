"""Web workers score spam in plain Python from exported weights, exactly as scikit-learn
would with the model it trained, and never load scikit-learn, numpy or scipy to do it."""

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from parley.moderation import classifier
from tests.moderation.test_classifier import comments, labelled

VARIED = [
    "",
    "   \n\t  ",
    "a",
    "OK",
    "Mae'r cynllun yn dda iawn, diolch! Rwy'n cefnogi cymal 4 — ŵyr, ŷd, ïe.",
    "Diolch yn fawr am y cyfle i ymateb; byddai'n well gen i gael y ddogfen yn Gymraeg.",
    "🎉🎉 great news 👍🏽 for the high street!!! 😀😀😀",
    "Купить дешево виагру без рецепта http://пример.рф/купить и t.me/deals_77",
    "Ἀθῆναι and İstanbul and straße: ﬁne ＦＵＬＬＷＩＤＴＨ text",
    "See https://www.gov.uk/guidance/parking-permits?ref=1 and www.example.org/a_b",
    "Write to support12@cheappills24.xyz or call +44 700 123 4567 NOW FREE CASH $500",
    "tabs\tand  double  spaces\u00a0\u00a0and\u2003em spaces\r\nand new lines",
    "ab  cd e\u0301 re\u0301sume\u0301 1234 5 x-y_z o'neill don’t",
    "Buy cialis cialis cialis cialis online cheap cheap https://bit.ly/3xYz9Qa",
    "new site: kidsmediausa  . com and adf. ly / KlD3Y or ｗｗｗ.ｅｂａｙ.ｃｏｍ/ｕｓｒ",
    " ".join(comments(8, spam=False, seed=40)),
]


# The fitted vectorizers by block, scikit-learn's regression (untyped), and our export.
type Fitted = tuple[dict[str, Any], Any, classifier.Parameters]


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    examples = labelled(60, seed=1) + [(text, False) for text in VARIED[4:7]]
    texts = [text for text, _ in examples]
    vectorizers = classifier.fit_vectorizers(texts)
    regression = classifier.fit_regression(
        classifier.transform(vectorizers, texts), [is_spam for _, is_spam in examples], 10.0
    )
    exported = classifier.export(vectorizers, regression, documents=len(texts))
    # Through the stored layout and back, as a web worker loads it.
    stored = classifier.Parameters.from_json(json.loads(json.dumps(exported.to_json())))
    assert stored is not None
    return vectorizers, regression, stored


def test_the_analysers_are_scikit_learns() -> None:
    preprocess = classifier.preprocess
    words = TfidfVectorizer(ngram_range=(1, 2), preprocessor=preprocess).build_analyzer()
    characters = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), preprocessor=preprocess
    ).build_analyzer()
    for text in VARIED + comments(20, spam=True, seed=41):
        assert classifier.word_terms(text) == words(text), text
        assert classifier.character_terms(text) == characters(text), text


def test_plain_python_scores_equal_scikit_learns(
    fitted: Fitted,
) -> None:
    vectorizers, regression, parameters = fitted
    texts = VARIED + comments(20, spam=True, seed=42) + comments(20, spam=False, seed=43)
    features = classifier.transform(vectorizers, texts)
    decisions = regression.decision_function(features)
    probabilities = regression.predict_proba(features)[:, 1]
    for text, decision, probability in zip(texts, decisions, probabilities, strict=True):
        ours = parameters.decision(text)
        assert abs(ours - decision) < 1e-9, text
        assert abs(1 / (1 + math.exp(-ours)) - probability) < 1e-9, text
    # The texts do reach every block: the test would pass vacuously otherwise.
    assert len({round(float(d), 6) for d in decisions}) > len(texts) // 2


def test_scoring_loads_neither_scikit_learn_nor_numpy(fitted: Fitted, tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    model.write_text(json.dumps(fitted[2].to_json()))
    script = f"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "parley.settings"
import django
django.setup()
from parley.moderation import classifier
parameters = classifier.Parameters.from_json(json.loads(open({str(model)!r}).read()))
probability, reasons = parameters.explain("Cheap cialis, fast discreet delivery! https://bit.ly/x")
assert probability > 0.5 and reasons, (probability, reasons)
print(sorted(m for m in ("sklearn", "numpy", "scipy") if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "chosen",
    [
        classifier.Settings(words=(1, 1), characters=(3, 5)),
        classifier.Settings(signs_left_out=("promote:", "links:"), balanced=True),
    ],
    ids=["narrower n-grams", "signs left out, balanced"],
)
def test_other_settings_score_as_scikit_learn_too(chosen: classifier.Settings) -> None:
    # The scorer does not know the settings: it must still equal scikit-learn exactly.
    examples = [*labelled(60, seed=2), (VARIED[14], True), (VARIED[10], True)]
    texts = [text for text, _ in examples]
    vectorizers = classifier.fit_vectorizers(texts, chosen)
    regression = classifier.fit_regression(
        classifier.transform(vectorizers, texts),
        [is_spam for _, is_spam in examples],
        10.0,
        balanced=chosen.balanced,
    )
    exported = classifier.export(vectorizers, regression, documents=len(texts))
    stored = classifier.Parameters.from_json(json.loads(json.dumps(exported.to_json())))
    assert stored is not None
    left_out = chosen.signs_left_out
    assert left_out == () or not any(
        term.startswith(left_out) for term in stored.blocks["signs"].frequencies
    )
    checked = VARIED + comments(20, spam=True, seed=44) + comments(20, spam=False, seed=45)
    decisions = regression.decision_function(classifier.transform(vectorizers, checked))
    for text, decision in zip(checked, decisions, strict=True):
        assert abs(stored.decision(text) - decision) < 1e-9, text


def test_settings_cannot_widen_what_the_scorer_reads() -> None:
    with pytest.raises(ValueError, match="n-gram ranges"):
        classifier.Settings(characters=(2, 6))
    with pytest.raises(ValueError, match="n-gram ranges"):
        classifier.Settings(words=(1, 3))
