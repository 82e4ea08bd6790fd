"""Rows whose writes have side effects (a page's kept copy, its ETag) are written in bulk only
by their app's service, which calls the one named invalidation: `Discussion` rows by
`discussions.services` (`update_discussions`, `delete_discussion`), `Post` rows by
`blog.services`. Another app calling `.update()` or `.delete()` on them directly would
leave a stale page behind, so this reads every module's code and finds such calls."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "parley"

# model name -> the one module that may update or delete its rows in bulk
OWNERS = {"Discussion": "discussions/services.py", "Post": "blog/services.py"}
# The demo command dates a fresh post back before any page of it can have been kept.
ALLOWED = {("Post", "management/commands/demo.py")}


def _model_of(node: ast.expr) -> str | None:
    """`Discussion` for `Discussion.objects.filter(...)...`, else None."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                return node.value.id
            node = node.value
        else:
            return None


def bulk_writes() -> set[tuple[str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        module = str(path.relative_to(SRC))
        if "/migrations/" in module:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=module)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"update", "delete", "bulk_update"}
                and (model := _model_of(node.func.value)) in OWNERS
                and OWNERS[model] != module
            ):
                found.add((model, module))
    return found


def test_discussion_and_post_rows_are_written_in_bulk_only_by_their_service() -> None:
    assert bulk_writes() - ALLOWED == set()


def test_the_check_finds_a_direct_update() -> None:
    tree = ast.parse("Discussion.objects.filter(pk=1).update(is_open=False)")
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert isinstance(call.func, ast.Attribute)
    assert _model_of(call.func.value) == "Discussion"
