"""Precision and recall of the evidence classifier (`parley.insights.engine.evidence`) per
kind, on the labelled set written for Parley (tests/data/evidence_labelled.jsonl): no public
annotated corpus of argument types in public comments is reachable offline. Run:

    .venv/bin/python bench/evidence.py

and copy the table into docs/performance.md."""

import json
from pathlib import Path

from parley.insights.engine.evidence import KINDS, kinds

DATA = Path(__file__).parents[1] / "tests" / "data"
LABELLED = DATA / "evidence_labelled.jsonl"  # written beside the rules, to develop them
HELD_OUT = DATA / "evidence_heldout.jsonl"  # written after the rules were fixed, never tuned on


def measure(path: Path = LABELLED) -> dict[str, tuple[float, float, int]]:
    """kind → (precision, recall, how many texts are labelled with it)."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    out: dict[str, tuple[float, float, int]] = {}
    for kind in KINDS:
        true_positive = false_positive = false_negative = 0
        for row in rows:
            found = kind in kinds(row["text"])
            wanted = kind in row["kinds"]
            true_positive += found and wanted
            false_positive += found and not wanted
            false_negative += wanted and not found
        precision = true_positive / max(1, true_positive + false_positive)
        recall = true_positive / max(1, true_positive + false_negative)
        out[kind] = (precision, recall, true_positive + false_negative)
    return out


def main() -> None:
    for name, path in (("development set", LABELLED), ("held-out set", HELD_OUT)):
        rows = sum(1 for line in path.read_text().splitlines() if line.strip())
        print(f"{name}: {rows} labelled comments ({path.name})")
        print("| kind | labelled | precision | recall |")
        print("|---|---:|---:|---:|")
        for kind, (precision, recall, labelled) in measure(path).items():
            print(f"| {kind} | {labelled} | {precision:.2f} | {recall:.2f} |")
        print()


if __name__ == "__main__":
    main()
