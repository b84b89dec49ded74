"""docs/permissions.md is what scripts/permissions_doc.py writes from the matrix today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.utils import translation

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "permissions_doc.py"


def _generator():
    spec = importlib.util.spec_from_file_location("permissions_doc", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_permissions_page_is_up_to_date():
    generator = _generator()
    with translation.override("en-gb"):
        expected = generator.render()
    committed = generator.DOC.read_text(encoding="utf-8") if generator.DOC.exists() else ""
    assert committed == expected, (
        "docs/permissions.md is out of date with tests/matrix/: run `make permissions-doc` "
        "and commit docs/permissions.md"
    )


def test_the_page_marks_each_role_for_each_permission():
    generator = _generator()
    with translation.override("en-gb"):
        page = generator.render()
    row = next(line for line in page.splitlines() if "`engagements.read_case_notes`" in line)
    # Commissioner, Deputy, Chief Executive read case notes; officers, analysts, ambassadors and
    # administrators do not (the columns follow Role's order).
    assert row.split("|")[2:9] == [" ✓ ", " ✓ ", " ✓ ", " — ", " — ", " — ", " — "]
    assert "`consultations:edit` /consultations/<int:pk>/edit/" in page
    assert "`messaging:subscribe` /stay-informed/<slug:office>/" in page
