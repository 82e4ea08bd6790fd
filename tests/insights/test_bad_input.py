"""Awkward consultations: the analysis completes and the page says what it could not find."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.guidance.models import Version
from parley.insights import services
from parley.insights.models import Analysis
from tests.insights.conftest import add_comment

CASES = {
    "empty": [],
    "one comment": ["Only one person wrote anything at all about this."],
    "one word each": ["Yes", "No", "Maybe", "Agreed"],
    "all identical": [
        "Withdraw clause two now please: it takes away the right of residents to be heard "
        "before the council decides, and nobody asked for that change."
    ]
    * 5,
    "short and all identical": ["Withdraw clause two now please"] * 5,
    "not English": [
        "Rwy'n cefnogi'r egwyddor hon yn llwyr oherwydd ei bod yn glir.",
        "Dylai staff gael hyfforddiant cyn defnyddio cyfryngau cymdeithasol.",
        "Nid wyf yn cytuno â'r cymal hwn o gwbl.",
    ],
    "emoji only": ["👍👍", "🎉", "😡😡😡", "🙂"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_analysis_completes_and_the_page_explains(
    consulting: Version, editor: User, signed_in: Callable[[User], Client], case: str
) -> None:
    for n, text in enumerate(CASES[case]):
        add_comment(consulting.discussion, text, n=n)
    analysis = services.analyse(version=consulting)
    assert analysis.state == Analysis.State.DONE
    assert analysis.comment_count == len(CASES[case])
    page = signed_in(editor).get(
        reverse("insights:insights", args=[consulting.document.slug, consulting.number])
    )
    assert page.status_code == 200
    html = page.content.decode()
    if case in {"empty", "one comment", "one word each", "emoji only"}:
        assert 'id="notes"' in html
    if case == "empty":
        assert "There are no public comments to analyse yet." in html
    if case == "one comment":
        assert "only one comment" in html
    if case == "all identical":
        assert analysis.campaigns.get().size == 5
    if case == "short and all identical":  # a common phrase, however often sent
        assert analysis.campaigns.count() == 0
    if case == "emoji only":
        assert analysis.campaigns.count() == 0
        assert analysis.themes.count() == 0
        assert "No themes were found" in html
