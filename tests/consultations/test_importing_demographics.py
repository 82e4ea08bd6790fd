"""A bulk import maps columns to the equality questions the consultation asks
(`demographics.<key>`): each cell checked against the question's answers, as the form
checks them; a bad one names row, column and problem and nothing is imported; the answers
are kept for analysts and never published."""

import io
import json
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import imports, publication
from parley.consultations import services as consultations
from parley.consultations.models import Response, ResponseImport
from parley.guidance import services as guidance
from parley.guidance.models import Version
from tests.builders import close
from tests.html import attribute, find_all, text


def page_text(page: HttpResponseBase) -> str:
    assert isinstance(page, HttpResponse)
    return text(parse_html(page.content.decode()))


def selected(page: HttpResponseBase) -> list[str | None]:
    """The value of every chosen option of the page's selects."""
    assert isinstance(page, HttpResponse)
    return [
        attribute(option, "value")
        for option in find_all(page.content.decode(), "option")
        if "selected" in dict(option.attributes)
    ]


HEADERS = "Name,Q1,Age,Welsh?\n"
GOOD = HEADERS + "Pat Post,Yes,35 to 44,fluent\n" + 'Sam Card,No,,"yes,  FLUENTLY"\n'
COLUMNS = {
    "Name": "name",
    "Q1": "question:1",
    "Age": "demographics.age",
    "Welsh?": "demographics.welsh_speaker",
}
MAPPING: dict[str, object] = {"channel": "post", "consent": "named", "columns": COLUMNS}


@pytest.fixture
def asking(questioned: Version, editor: User) -> Version:
    """The open version, asking respondents their age and whether they speak Welsh."""
    consultations.set_up_consultation(
        version=questioned, user=editor, layout="one_page", demographics=["age", "welsh_speaker"]
    )
    now = timezone.now()
    return guidance.schedule_consultation(
        version=questioned,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def _import(
    version: Version, text: str, mapping: Mapping[str, object] = MAPPING
) -> imports.Imported:
    return imports.import_responses(
        version=version,
        table=imports.read_table(text.encode(), "postcards.csv"),
        column_map=imports.ColumnMap.from_json(mapping),
        by=None,
    )


def test_equality_answers_are_imported_by_value_or_label(asking: Version) -> None:
    assert _import(asking, GOOD).imported == 2
    pat, sam = Response.objects.counted().order_by("guest_name")
    assert pat.demographics == {"age": "35_44", "welsh_speaker": "fluent"}
    assert sam.demographics == {"welsh_speaker": "fluent"}  # an empty cell is no answer


def test_a_welsh_label_is_read_too(asking: Version) -> None:
    _import(asking, HEADERS + 'Pat Post,Yes,,"Gallaf, yn rhugl"\n')
    assert Response.objects.get().demographics == {"welsh_speaker": "fluent"}


def test_an_answer_that_is_not_one_of_the_questions_names_row_column_and_imports_nothing(
    asking: Version,
) -> None:
    with pytest.raises(imports.ImportRejected) as refused:
        _import(asking, GOOD + "Kim,Yes,about forty,no\n")
    [problem] = refused.value.rows
    assert (problem.row, problem.column) == (4, "Age")
    assert "“about forty” is not one of the answers to “What is your age?”" in problem.problem
    assert "35_44" in problem.problem
    assert not Response.objects.exists()


def test_an_equality_question_the_consultation_does_not_ask_is_a_mapping_error(
    asking: Version,
) -> None:
    mapping = MAPPING | {"columns": COLUMNS | {"Age": "demographics.religion"}}
    with pytest.raises(imports.ImportRejected) as refused:
        _import(asking, GOOD, mapping)
    [problem] = refused.value.rows
    assert (problem.row, problem.column) == (1, "Age")
    assert "does not ask the equality question “religion”" in problem.problem
    assert not Response.objects.exists()


def test_the_command_imports_equality_answers(asking: Version, tmp_path: Path) -> None:
    (tmp_path / "postcards.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "map.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    out = io.StringIO()
    args = ["--document", asking.document.slug, "--version", "1", "--mapping"]
    call_command(
        "import-responses",
        str(tmp_path / "postcards.csv"),
        *args,
        str(tmp_path / "map.json"),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert out.getvalue().strip() == "Imported: 2 responses"
    (tmp_path / "bad.csv").write_text(HEADERS + "Kim,Yes,99,no\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-responses",
            str(tmp_path / "bad.csv"),
            *args,
            str(tmp_path / "map.json"),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Row 2, column “Age”: “99” is not one of the answers" in err.getvalue()


def test_the_mapping_page_offers_and_guesses_the_asked_equality_questions(
    asking: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    kept = imports.keep_upload(
        version=asking,
        by=editor,
        file_name="postcards.csv",
        content=(
            "Name,Q1,What is your age?,welsh speaker\n" + "Pat Post,Yes,16 to 24,no\n"
        ).encode(),
        channel="post",
    )
    url = reverse("consultations:import_mapping", args=[asking.document.slug, 1, kept.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert selected(page) == [
        "name",
        "question:1",
        "demographics.age",
        "demographics.welsh_speaker",
    ]
    values = {attribute(o, "value") for o in find_all(page.content.decode(), "option")}
    assert "demographics.religion" not in values  # not asked
    imported = client.post(
        url,
        {
            "column_0": "name",
            "column_1": "question:1",
            "column_2": "demographics.age",
            "column_3": "demographics.welsh_speaker",
            "consent": "named",
            "action": "import",
        },
    )
    assert imported.status_code == 302
    assert Response.objects.get().demographics == {"age": "16_24", "welsh_speaker": "no"}
    assert ResponseImport.objects.get().imported == 1


def test_the_mapping_page_lists_a_bad_equality_answer_and_keeps_the_choices(
    asking: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    kept = imports.keep_upload(
        version=asking,
        by=editor,
        file_name="postcards.csv",
        content=b"Name,Q1,Age,Welsh?\nPat Post,Yes,old,no\n",
        channel="post",
    )
    url = reverse("consultations:import_mapping", args=[asking.document.slug, 1, kept.pk])
    checked = client.post(
        url,
        {
            "column_0": "name",
            "column_1": "question:1",
            "column_2": "demographics.age",
            "column_3": "ignore",
            "consent": "named",
            "action": "check",
        },
    )
    assert checked.status_code == 422
    cells = [text(cell) for cell in find_all(checked.content.decode(), "td")]
    assert cells[:2] == ["2", "Age"]
    assert cells[2].startswith("“old” is not one of the answers to “What is your age?”")
    assert selected(checked)[:4] == ["name", "question:1", "demographics.age", "ignore"]
    assert not Response.objects.exists()


def test_imported_equality_answers_are_never_published(
    asking: Version, editor: User, client: Client
) -> None:
    _import(asking, GOOD)
    close(asking)
    publication.publish_responses(version=asking, user=editor)
    published = client.get(reverse("consultations:published", args=[asking.document.slug, 1]))
    assert published.status_code == 200
    text = page_text(published)
    assert "Pat Post" in text
    assert "35" not in text
    assert "fluent" not in text.lower()
