"""Importing responses from a spreadsheet: every bad row named (row, column, problem) and
nothing imported; all rows or none; the same file again adds nothing; the command's output
and exit codes; the pages for editors only."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from parley.accounts.models import User
from parley.consultations import imports
from parley.consultations.models import Response, ResponseImport
from parley.consultations.services import ConsultationRejected
from parley.guidance.models import Version
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import make_user

HEADERS = "Ref,Name,Email,Q1,Q2,Q3,Q4,Q5,Consent\n"
GOOD = (
    HEADERS
    + "A1,Pat Post,,Yes,Blogs;Video,Agree,Shorter,2,confidential\n"
    + "A2,Sam Card,sam@example.net,no,,strongly disagree,,1,Publish my response with my name\n"
)
COLUMNS = {
    "Ref": "ignore",
    "Name": "name",
    "Email": "email",
    "Q1": "question:1",
    "Q2": "question:2",
    "Q3": "question:3",
    "Q4": "question:4",
    "Q5": "question:5",
    "Consent": "consent",
}
MAPPING = {"channel": "post", "consent": "confidential", "columns": COLUMNS}


def _import(version: Version, text: str, **options: object) -> imports.Imported:
    return imports.import_responses(
        version=version,
        table=imports.read_table(text.encode(), "responses.csv"),
        column_map=imports.ColumnMap.from_json(MAPPING),
        by=None,
        **options,  # type: ignore[arg-type]
    )


def test_every_row_is_imported_as_a_counted_response_with_its_answers(
    open_version: Version,
) -> None:
    result = _import(open_version, GOOD)
    assert (result.imported, result.already) == (2, 0)
    pat, sam = Response.objects.counted().order_by("guest_name")
    assert (pat.channel, pat.consent, pat.guest_email) == ("post", "confidential", "")
    assert sam.consent == "named"
    answers = {a.question.number: a for a in sam.answers.select_related("question")}
    assert answers[1].choice == "No"  # matched to the option, whatever the case
    assert answers[3].choice == "strongly_disagree"  # the scale's label read as its value
    pat_answers = {a.question.number: a for a in pat.answers.select_related("question")}
    assert pat_answers[2].choices == ["Blogs", "Video"]
    assert pat.import_key
    assert pat.import_key != sam.import_key


def test_importing_the_same_file_again_adds_nothing(open_version: Version) -> None:
    _import(open_version, GOOD)
    again = _import(open_version, GOOD)
    assert (again.imported, again.already) == (0, 2)
    assert Response.objects.count() == 2


def test_identical_rows_are_two_responses_and_stay_two(open_version: Version) -> None:
    text = HEADERS + "A1,Pat Post,,Yes,,,,,\n" * 2
    assert _import(open_version, text).imported == 2
    assert _import(open_version, text).imported == 0
    assert Response.objects.count() == 2


def test_a_bad_row_imports_nothing_and_names_row_column_and_problem(
    open_version: Version,
) -> None:
    bad = GOOD + "A3,Kim,kim@,Maybe,,,,,\n"
    with pytest.raises(imports.ImportRejected) as refused:
        _import(open_version, bad)
    problems = {(e.row, e.column): e.problem for e in refused.value.rows}
    assert "is not one of the choices of question 1" in problems[(4, "Q1")]
    assert "e-mail address" in problems[(4, "Email")]
    assert not Response.objects.exists()


def test_a_missing_or_unmapped_column_is_named(open_version: Version) -> None:
    text = "Name,Q1,Extra\nPat,Yes,x\n"
    with pytest.raises(imports.ImportRejected) as refused:
        _import(open_version, text)
    columns = {e.column for e in refused.value.rows if e.row == 1}
    assert {"Extra", "Email", "Q2", "Ref", "Consent"} <= columns


def test_a_csv_in_another_encoding_is_refused_with_what_to_do(open_version: Version) -> None:
    content = (HEADERS + "A1,Siân Jônes,,Yes,,,,,\n").encode("cp1252")
    with pytest.raises(ConsultationRejected) as refused:
        imports.read_table(content, "responses.csv")
    assert "“responses.csv” is not in UTF-8" in refused.value.detail
    assert "line 2" in refused.value.detail


def test_an_xlsx_file_is_read_like_a_csv(open_version: Version) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    table = imports.read_table(out.getvalue(), "responses.xlsx")
    assert table.headers == HEADERS.strip().split(",")
    assert [number for number, _cells in table.rows] == [2, 3]


def test_a_row_replaces_the_same_addresses_earlier_response(open_version: Version) -> None:
    _import(open_version, GOOD)
    later = HEADERS + "B1,Sam Card,SAM@example.net,Yes,,,,,\n"
    _import(open_version, later)
    counted = Response.objects.counted().filter(guest_name="Sam Card")
    assert [r.guest_email for r in counted] == ["SAM@example.net"]
    assert Response.objects.filter(guest_name="Sam Card").count() == 2


def test_the_same_address_twice_in_a_file_is_a_bad_row(open_version: Version) -> None:
    text = HEADERS + "A1,Sam,sam@example.net,Yes,,,,,\nA2,Sam,sam@example.net,No,,,,,\n"
    with pytest.raises(imports.ImportRejected) as refused:
        _import(open_version, text)
    [problem] = refused.value.rows
    assert (problem.row, problem.column) == (3, "Email")


# The command ---------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Callable[[str], tuple[Path, Path]]:
    def write(text: str) -> tuple[Path, Path]:
        (tmp_path / "responses.csv").write_text(text, encoding="utf-8")
        (tmp_path / "map.json").write_text(json.dumps(MAPPING), encoding="utf-8")
        return tmp_path / "responses.csv", tmp_path / "map.json"

    return write


def _command(version: Version, paths: tuple[Path, Path], *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import-responses",
        str(paths[0]),
        "--document",
        version.document.slug,
        "--version",
        str(version.number),
        "--mapping",
        str(paths[1]),
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_says_how_many(
    open_version: Version, files: Callable[[str], tuple[Path, Path]]
) -> None:
    out, _err = _command(open_version, files(GOOD))
    assert out.strip() == "Imported: 2 responses"
    assert Response.objects.counted().count() == 2
    out, _err = _command(open_version, files(GOOD))
    assert out.strip() == "Imported: 0 responses (2 already imported)"


def test_the_command_records_who_entered_the_responses(
    open_version: Version, files: Callable[[str], tuple[Path, Path]], organisation: Organisation
) -> None:
    analyst = make_user("analyst@example.org", "Ana Lyst")
    Membership.objects.create(organisation=organisation, user=analyst, role=Role.ANALYST)
    out, err = _command(open_version, files(GOOD), "--entered-by", "Analyst@Example.org")
    assert out.strip() == "Imported: 2 responses"
    assert "Entered by: Ana Lyst <analyst@example.org>" in err
    assert {r.entered_by for r in Response.objects.all()} == {analyst}


def test_without_entered_by_nobody_is_recorded_and_the_command_says_so(
    open_version: Version, files: Callable[[str], tuple[Path, Path]]
) -> None:
    out, err = _command(open_version, files(GOOD))
    assert out.strip() == "Imported: 2 responses"
    assert "Entered by: nobody recorded" in err
    assert {r.entered_by for r in Response.objects.all()} == {None}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "there is no active account “nobody@example.org”"),
        ("moderator@example.org", "moderator@example.org is not an analyst, editor or owner"),
        ("elsewhere@example.org", "elsewhere@example.org is not an analyst, editor or owner"),
    ],
)
def test_entered_by_someone_who_may_not_enter_responses_exits_1_and_imports_nothing(
    email: str,
    message: str,
    open_version: Version,
    files: Callable[[str], tuple[Path, Path]],
    moderator: User,
    other_moderator: User,
) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        _command(open_version, files(GOOD), "--entered-by", email)
    assert refused.value.returncode == 1
    assert not Response.objects.exists()


def test_a_dry_run_says_what_it_would_import_and_imports_nothing(
    open_version: Version, files: Callable[[str], tuple[Path, Path]]
) -> None:
    out, _err = _command(open_version, files(GOOD), "--dry-run")
    assert out.strip() == "Would import: 2 responses (dry run)"
    assert not Response.objects.exists()


def test_the_command_fails_naming_each_bad_row_exits_1_and_imports_nothing(
    open_version: Version, files: Callable[[str], tuple[Path, Path]]
) -> None:
    paths = files(GOOD + "A3,Kim,,Maybe,,,,,\n")
    with pytest.raises(CommandError, match="Nothing imported: 1 problem") as refused:
        _command(open_version, paths)
    assert refused.value.returncode == 1  # what `parley` exits with
    assert not Response.objects.exists()


def test_the_command_prints_row_column_and_problem(
    open_version: Version,
    files: Callable[[str], tuple[Path, Path]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = files(GOOD + "A3,Kim,,Maybe,,,,,\n")
    with pytest.raises(CommandError):
        call_command(
            "import-responses",
            str(paths[0]),
            "--document",
            open_version.document.slug,
            "--version",
            "1",
            "--mapping",
            str(paths[1]),
        )
    assert "Row 4, column “Q1”: “Maybe” is not one of the choices of question 1" in (
        capsys.readouterr().err
    )


# The pages ------------------------------------------------------------------------------


def _upload(client: Client, version: Version, text: bytes, name: str = "r.csv") -> Any:
    url = reverse("consultations:import_responses", args=[version.document.slug, 1])
    given = io.BytesIO(text)
    given.name = name
    return client.post(url, {"channel": "post", "file": given})


def test_an_editor_uploads_maps_checks_and_imports(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    uploaded = _upload(client, open_version, GOOD.encode())
    assert uploaded.status_code == 302
    mapping_url = uploaded["Location"]
    page = client.get(mapping_url)
    html = page.content.decode()
    assert "Pat Post" in html  # the columns' sample values
    form = {f"column_{i}": COLUMNS[h] for i, h in enumerate(HEADERS.strip().split(","))}
    checked = client.post(mapping_url, {**form, "consent": "", "action": "check"})
    assert "2 responses are ready to import" in checked.content.decode()
    assert not Response.objects.exists()
    done = client.post(mapping_url, {**form, "consent": "", "action": "import"})
    assert done.status_code == 302
    assert Response.objects.counted().filter(channel="post", entered_by=editor).count() == 2


def test_the_mapping_page_lists_every_bad_row_and_imports_nothing(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    uploaded = _upload(client, open_version, (GOOD + "A3,Kim,,Maybe,,,,,\n").encode())
    mapping_url = uploaded["Location"]
    form = {f"column_{i}": COLUMNS[h] for i, h in enumerate(HEADERS.strip().split(","))}
    page = client.post(mapping_url, {**form, "consent": "", "action": "import"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "is not one of the choices of question 1" in html
    assert not Response.objects.exists()


def test_a_file_in_the_wrong_encoding_is_refused_beside_the_field(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    page = _upload(signed_in(editor), open_version, "Name\nSiân\n".encode("cp1252"))
    assert page.status_code == 400
    assert "is not in UTF-8" in page.content.decode()


@pytest.mark.parametrize("who", ["moderator", "other_moderator", "analyst_of_other"])
def test_a_moderator_or_another_organisations_member_cannot_import(
    open_version: Version,
    who: str,
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
    other_organisation: Organisation,
) -> None:
    if who == "analyst_of_other":
        user = make_user("ana@elsewhere.example", "Ana Elsewhere")
        Membership.objects.create(organisation=other_organisation, user=user, role=Role.EDITOR)
    else:
        user = request.getfixturevalue(who)
    client = signed_in(user)
    page = _upload(client, open_version, GOOD.encode())
    assert page.status_code == 403
    assert not Response.objects.exists()


def test_the_page_sends_a_file_of_more_rows_than_a_request_should_check_to_the_command(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    rows = "".join(f"A{n},Pat {n},,Yes,,,,,\n" for n in range(imports.PAGE_ROWS + 1))
    page = _upload(signed_in(editor), open_version, (HEADERS + rows).encode())
    assert page.status_code == 400
    assert "import it with the import-responses command" in page.content.decode()
    assert not ResponseImport.objects.exists()
