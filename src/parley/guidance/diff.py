"""Compare two versions of a document clause by clause, matched by lineage.

A clause keeps its lineage when it is reworded, renumbered or moved, so the
comparison can say "clause 4 became clause 3 and was reworded" rather than
"clause 4 removed, clause 3 added". Word-level differences are marked with
<del> and <ins> carrying hidden "deleted"/"inserted" words, so the change is in
the text itself and not in colour alone.
"""

import difflib
import re
from dataclasses import dataclass, field
from html import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from parley.bilingual import page_language
from parley.guidance.models import Clause, Version

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class ClauseChange:
    """One row of a comparison. `kind` is added, removed, changed or unchanged."""

    kind: str
    old: Clause | None = None
    new: Clause | None = None
    renumbered: bool = False
    moved: bool = False
    reworded: bool = False
    heading_changed: bool = False
    diff_html: str = ""
    origin: str = ""  # "split" or "merge" for a clause made from others
    origin_numbers: list[str] = field(default_factory=list)
    merged_into: str = ""  # for a removed clause whose text went into another
    # The language the text is compared in: Welsh only when every clause involved has it.
    language: str = "en"

    @property
    def clause(self) -> Clause:
        """The clause as it now stands, or as it last stood if removed."""
        clause = self.new or self.old
        assert clause is not None
        return clause

    @property
    def lineage(self) -> str:
        return str(self.clause.lineage)

    def _heading(self, clause: Clause | None) -> str:
        if clause is None:
            return ""
        return (clause.heading_cy or clause.heading) if self.language == "cy" else clause.heading

    @property
    def old_heading(self) -> str:
        return self._heading(self.old)

    @property
    def new_heading(self) -> str:
        return self._heading(self.new)

    @property
    def heading(self) -> str:
        return self._heading(self.clause)

    @property
    def body_html(self) -> str:
        """The clause's text as it now stands, in the comparison's language."""
        clause = self.clause
        return clause.body_html_cy if self.language == "cy" else clause.body_html

    @property
    def lang(self) -> SafeString:
        """` lang="…"` for the text's container when it is not in the page's language."""
        if self.language == page_language():
            return SafeString("")
        return format_html(' lang="{}"', self.language)

    @property
    def described(self) -> str:
        """`summary` in the reader's language, for pages."""
        old = self.old.number if self.old else ""
        new = self.new.number if self.new else ""
        numbers = {"old": old, "new": new, "origins": ", ".join(self.origin_numbers)}
        if self.kind == "added":
            if self.origin and self.origin_numbers:
                if self.origin == "split":
                    return _("Clause %(new)s is new, split from clause %(origins)s") % numbers
                return _("Clause %(new)s is new, merged from clause %(origins)s") % numbers
            return _("Clause %(new)s is new") % numbers
        if self.kind == "removed":
            if self.merged_into:
                return _("Clause %(old)s was merged into clause %(into)s") % {
                    "old": old,
                    "into": self.merged_into,
                }
            return _("Clause %(old)s was removed") % numbers
        if self.kind == "unchanged":
            return _("Clause %(new)s is unchanged") % numbers
        reworded = self.reworded or self.heading_changed
        if self.renumbered:
            if reworded:
                return _("Clause %(old)s became clause %(new)s and was reworded") % numbers
            return _("Clause %(old)s became clause %(new)s") % numbers
        if self.moved and reworded:
            return _("Clause %(new)s moved and was reworded") % numbers
        if self.moved:
            return _("Clause %(new)s moved") % numbers
        return _("Clause %(new)s was reworded") % numbers

    @property
    def summary(self) -> str:
        """A sentence that says what happened, for people and for the API."""
        if self.kind == "added":
            assert self.new is not None  # an added clause is only in the new version
            if self.origin and self.origin_numbers:
                joined = ", ".join(self.origin_numbers)
                verb = "split from" if self.origin == "split" else "merged from"
                return f"Clause {self.new.number} is new, {verb} clause {joined}"
            return f"Clause {self.new.number} is new"
        if self.kind == "removed":
            assert self.old is not None  # a removed clause is only in the old version
            if self.merged_into:
                return f"Clause {self.old.number} was merged into clause {self.merged_into}"
            return f"Clause {self.old.number} was removed"
        assert self.old is not None
        assert self.new is not None
        if self.kind == "unchanged":
            return f"Clause {self.new.number} is unchanged"
        what = []
        if self.moved and not self.renumbered:
            what.append("moved")
        if self.reworded or self.heading_changed:
            what.append("was reworded")
        if self.renumbered:
            return " and ".join(
                [f"Clause {self.old.number} became clause {self.new.number}", *what]
            )
        return f"Clause {self.new.number} " + " and ".join(what)


def word_diff(old: str, new: str) -> str:
    """HTML of `new` with words removed from `old` in <del> and words added in <ins>.

    Changes separated only by spaces are merged, so "just another channel" → "part of
    the job" reads as one deletion and one insertion rather than word by word.
    """
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    runs: list[list[str]] = []  # [kind, removed text, added text]
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        runs.append(["equal" if op == "equal" else "change", removed, added])
    merged: list[list[str]] = []
    for index, run in enumerate(runs):
        between_changes = (
            run[0] == "equal"
            and run[1].isspace()
            and 0 < index < len(runs) - 1
            and merged
            and merged[-1][0] == "change"
            and runs[index + 1][0] == "change"
        )
        if between_changes or (run[0] == "change" and merged and merged[-1][0] == "change"):
            merged[-1][1] += run[1]
            merged[-1][2] += run[2] if run[0] == "change" else run[1]
        else:
            merged.append(list(run))
    out: list[str] = []
    deleted, inserted = escape(_("deleted:")), escape(_("inserted:"))
    for kind, removed, added in merged:
        if kind == "equal":
            out.append(escape(removed))
            continue
        if removed:
            out.append(
                f'<del><span class="govuk-visually-hidden">{deleted} </span>{escape(removed)}</del>'
            )
        if added:
            out.append(
                f'<ins><span class="govuk-visually-hidden">{inserted} </span>{escape(added)}</ins>'
            )
    return "".join(out)


def _moved_lineages(old_order: list[str], new_order: list[str]) -> set[str]:
    """Lineages outside the longest run kept in the same relative order: those that moved."""
    common = set(old_order) & set(new_order)
    a = [lineage for lineage in old_order if lineage in common]
    b = [lineage for lineage in new_order if lineage in common]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    kept = {a[block.a + i] for block in matcher.get_matching_blocks() for i in range(block.size)}
    return common - kept


def _has_welsh(*clauses: Clause) -> bool:
    return all(clause.body_markdown_cy.strip() for clause in clauses)


def compare_versions(old: Version, new: Version, *, language: str = "en") -> list[ClauseChange]:
    """Every clause of both versions, in the new version's order with removals where
    they stood, each saying how it changed. With `language` "cy", text is compared in
    Welsh wherever the clauses involved all have a Welsh version, else in English."""
    welsh = language == "cy"
    old_clauses = list(old.clauses.order_by("position"))
    new_clauses = list(new.clauses.order_by("position"))
    by_lineage_old = {str(c.lineage): c for c in old_clauses}
    by_lineage_new = {str(c.lineage): c for c in new_clauses}
    moved = _moved_lineages(list(by_lineage_old), list(by_lineage_new))
    merged_into = {
        origin: clause.number
        for clause in new_clauses
        if clause.origin == Clause.Origin.MERGE
        for origin in clause.origin_lineages
    }

    changes: list[ClauseChange] = []
    for clause in new_clauses:
        lineage = str(clause.lineage)
        before = by_lineage_old.get(lineage)
        if before is None:
            in_welsh = welsh and _has_welsh(clause)
            changes.append(
                ClauseChange(
                    kind="added",
                    new=clause,
                    origin=clause.origin,
                    origin_numbers=[
                        by_lineage_old[o].number
                        for o in clause.origin_lineages
                        if o in by_lineage_old
                    ],
                    diff_html=word_diff(
                        "", clause.body_markdown_cy if in_welsh else clause.body_markdown
                    ),
                    language="cy" if in_welsh else "en",
                )
            )
            continue
        in_welsh = welsh and _has_welsh(before, clause)
        reworded = before.body_markdown.strip() != clause.body_markdown.strip() or (
            _has_welsh(before, clause)
            and before.body_markdown_cy.strip() != clause.body_markdown_cy.strip()
        )
        heading_changed = before.heading != clause.heading or (
            _has_welsh(before, clause) and before.heading_cy != clause.heading_cy
        )
        renumbered = before.number != clause.number
        is_moved = lineage in moved
        changed = reworded or heading_changed or renumbered or is_moved
        changes.append(
            ClauseChange(
                kind="changed" if changed else "unchanged",
                old=before,
                new=clause,
                renumbered=renumbered,
                moved=is_moved,
                reworded=reworded,
                heading_changed=heading_changed,
                diff_html=(
                    word_diff(before.body_markdown_cy, clause.body_markdown_cy)
                    if in_welsh
                    else word_diff(before.body_markdown, clause.body_markdown)
                )
                if reworded
                else "",
                language="cy" if in_welsh else "en",
            )
        )

    # Removed clauses go back where they stood: after the change of their old predecessor.
    for index, clause in enumerate(old_clauses):
        lineage = str(clause.lineage)
        if lineage in by_lineage_new:
            continue
        in_welsh = welsh and _has_welsh(clause)
        removal = ClauseChange(
            kind="removed",
            old=clause,
            merged_into=merged_into.get(lineage, ""),
            diff_html=word_diff(clause.body_markdown_cy if in_welsh else clause.body_markdown, ""),
            language="cy" if in_welsh else "en",
        )
        position = 0
        for earlier in reversed(old_clauses[:index]):
            match = next((i for i, change in enumerate(changes) if change.old is earlier), None)
            if match is not None:
                position = match + 1
                break
        changes.insert(position, removal)
    return changes
