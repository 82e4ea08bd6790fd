"""docs/admin.md lists every model our apps register in Django's admin, and nothing else."""

import re
from pathlib import Path

from django.contrib import admin

DOC = Path(__file__).resolve().parents[1] / "docs" / "admin.md"


def test_every_model_registered_in_the_admin_has_its_row_in_docs_admin_md() -> None:
    ours = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if type(model_admin).__module__.startswith("parley.")
    }
    rows = set(re.findall(r"^\| ([a-z_]+\.[A-Za-z]+) \|", DOC.read_text(), re.MULTILINE))
    assert rows == ours
