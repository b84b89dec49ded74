"""docs/benchmark-format.md is made from the schemas: it must say what they say."""

from pathlib import Path

from django.conf import settings

from engage.sharing import benchmarks
from engage.sharing.management.commands.benchmark_docs import with_docs


def test_the_docs_match_the_schemas():
    docs = (Path(settings.BASE_DIR) / "docs" / "benchmark-format.md").read_text()
    assert with_docs(docs) == docs, "run: manage.py benchmark_docs"
    for name in benchmarks.measure_titles():
        assert f"| `{name}` |" in docs
    for field in benchmarks.CSV_HEADER:
        assert field in docs
