"""The structure checks itself.

The dependencies between apps that docs/architecture.md states are import-linter
contracts in pyproject.toml, checked by `lint-imports` in `make test`. What import-linter
cannot see is which *names* are imported: this test reads every module of `src/parley`
with `ast` and fails when a module uses another module's private, `_`-prefixed name,
whether imported (`from parley.api.discussions import _is_shown`) or reached through the
module (`discussion_views._keep_draft`). A name another module needs is made public in
the right place. Private modules (`_wiki_demo.py`) may be imported from their own package
(import-linter's `private_modules` contract checks that).
"""

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import parley

SRC = Path(parley.__file__).parent
ROOT = SRC.parent
PROJECT = ROOT.parent


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module `from … import` names, relative imports made absolute."""
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private_names_used(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Each use in `source` (the text of `module`) of another module's private name, as
    `module:line owner.name`."""
    tree = ast.parse(source)
    own_package = module if is_package else module.rpartition(".")[0]
    modules: dict[str, str] = {}  # a local name → the Parley module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported = _absolute(node, module, is_package)
            if imported.split(".")[0] != "parley":
                continue
            for alias in node.names:
                target = f"{imported}.{alias.name}"
                if _is_module(target):
                    modules[alias.asname or alias.name] = target
                    if _private(alias.name) and imported != own_package:
                        yield f"{module}:{node.lineno} {target}"
                elif _private(alias.name) and imported != module:
                    yield f"{module}:{node.lineno} {target}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "parley" and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != module
            and _private(node.attr)
        ):
            yield f"{module}:{node.lineno} {modules[node.value.id]}.{node.attr}"


def test_no_module_uses_another_modules_private_names() -> None:
    found = [
        use
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        for use in private_names_used(
            path.read_text(encoding="utf-8"),
            _module_of(path),
            is_package=path.name == "__init__.py",
        )
    ]

    assert found == []


def test_the_check_sees_a_private_name_imported_or_reached_through_a_module() -> None:
    source = (
        "from parley.api.discussions import _is_shown as is_shown\n"
        "from parley.api.discussions import router\n"
        "from parley.discussions import views as discussion_views\n"
        "from parley.management.commands import _wiki_demo\n"
        "from parley.moderation.flags import flag_comment, _weight\n"
        "from .models import _private_helper\n"
        "import parley.markup as markup\n"
        "\n"
        "discussion_views._keep_draft(request)\n"
        "discussion_views.handle_comment(request)\n"
        "discussion_views.__name__\n"
        "markup._clean(html)\n"
    )

    found = list(private_names_used(source, "parley.notifications.targets"))

    assert found == [
        "parley.notifications.targets:1 parley.api.discussions._is_shown",
        "parley.notifications.targets:4 parley.management.commands._wiki_demo",
        "parley.notifications.targets:5 parley.moderation.flags._weight",
        "parley.notifications.targets:6 parley.notifications.models._private_helper",
        "parley.notifications.targets:9 parley.discussions.views._keep_draft",
        "parley.notifications.targets:12 parley.markup._clean",
    ]


def test_a_private_module_may_be_imported_from_its_own_package() -> None:
    source = "from parley.management.commands import _wiki_demo as wiki_demo\n"

    assert not list(private_names_used(source, "parley.management.commands.demo"))


def _section(markdown: str, heading: str) -> str:
    """The text of `## heading` in `markdown`, up to the next `##` heading."""
    _, found, rest = markdown.partition(f"\n## {heading}\n")
    assert found, f"docs/architecture.md has no '## {heading}' section"
    return rest.split("\n## ", 1)[0]


def layers_drawn(markdown: str) -> list[str]:
    """The layers in the diagram of docs/architecture.md, top first: the first word of
    each line of the section's first code block, siblings joined by ` : `."""
    block = _section(markdown, "The apps and their arrows").split("```")[1]
    return [
        match.group(1)
        for line in block.splitlines()
        if (match := re.match(r"([a-z_]+(?: : [a-z_]+)*)(?:\s|$)", line))
    ]


def apps_described(markdown: str) -> list[str]:
    """The apps given a line in docs/architecture.md, in order."""
    return re.findall(r"^- `([a-z_]+)` — ", _section(markdown, "One line per app"), re.M)


def _layers_contract() -> list[str]:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [
        " : ".join(app.strip().removeprefix("parley.") for app in layer.split(":"))
        for layer in contract["layers"]
    ]


def _app_directories() -> set[str]:
    return {path.parent.name for path in SRC.glob("*/apps.py")}


def test_the_map_draws_the_layers_of_the_contract_in_order() -> None:
    markdown = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")

    assert layers_drawn(markdown) == _layers_contract()


def test_the_map_and_the_contract_name_every_app_and_only_apps() -> None:
    markdown = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    in_contract = [app for layer in _layers_contract() for app in layer.split(" : ")]

    assert sorted(in_contract) == sorted(_app_directories())
    assert apps_described(markdown) == in_contract


def test_the_map_check_reads_the_diagram_and_the_app_lines() -> None:
    markdown = (
        "# Map\n\n## The apps and their arrows\n\nText.\n\n```\n"
        "api          only parley.urls imports it\n"
        "discussions\n"
        "organisations : accounts  siblings\n"
        "```\n\n## One line per app\n\n"
        "- `api` — the API.\n- `discussions` — comments.\nNot an app line.\n\n## Next\n"
        "- `wiki` — elsewhere.\n"
    )

    assert layers_drawn(markdown) == ["api", "discussions", "organisations : accounts"]
    assert apps_described(markdown) == ["api", "discussions"]
