"""Write the field tables of docs/benchmark-format.md from the JSON Schemas themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engage.sharing import benchmarks, library

DOCS = Path(settings.BASE_DIR) / "docs" / "benchmark-format.md"
BEGIN = "<!-- benchmark fields: made by `manage.py benchmark_docs` from the schemas, do not edit by hand -->"
END = "<!-- end of benchmark fields -->"


def _type(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"one of [{name}](#{name.lower()})"
    if "const" in spec:
        return f"`{spec['const']}`" if spec["const"] != "" else "empty"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" if v else "empty" for v in spec["enum"])
    kinds = spec.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = {"null": "null", "integer": "whole number", "number": "number", "string": "text"}
    text = " or ".join(str(words.get(k, k)) for k in kinds if k)
    if spec.get("format") == "date":
        text += " (date)"
    if spec.get("format") == "uuid":
        text += " (UUID)"
    if "pattern" in spec:
        # A | in a table cell ends the cell, even inside backticks, unless escaped.
        text += " matching `{}`".format(spec["pattern"].replace("|", "\\|"))
    return text


def _fields(spec: dict[str, Any], schema: dict[str, Any], prefix: str = "") -> list[str]:
    """A row per field, nested objects' fields after their parent, named by their path."""
    rows = []
    required = set(spec.get("required", []))
    for name, sub in spec.get("properties", {}).items():
        path = f"{prefix}{name}"
        if sub.get("type") == "object" or (
            isinstance(sub.get("type"), list) and "object" in sub["type"]
        ):
            kind = "object" if sub.get("type") == "object" else "object or null"
            rows.append(
                f"| `{path}` | {kind} | {'yes' if name in required else 'no'} | {sub.get('description', '')} |"
            )
            rows += _fields(sub, schema, f"{path}.")
        elif sub.get("type") == "array":
            items = sub.get("items", {})
            if "$ref" in items:
                target = schema["$defs"][items["$ref"].rsplit("/", 1)[-1]]
                rows.append(
                    f"| `{path}` | list | {'yes' if name in required else 'no'} | {sub.get('description', '')} |"
                )
                rows += _fields(target, schema, f"{path}[].")
            else:
                rows.append(
                    f"| `{path}` | list of {_type(items, schema)} | {'yes' if name in required else 'no'} | {sub.get('description', '')} |"
                )
        else:
            rows.append(
                f"| `{path}` | {_type(sub, schema)} | {'yes' if name in required else 'no'} | {sub.get('description', '')} |"
            )
    return rows


def _table(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    return ["| field | type | required | meaning |", "|---|---|---|---|", *_fields(spec, schema)]


def docs_markdown() -> str:
    """The fields, measures and categories of both formats as Markdown, from the schemas."""
    bench = benchmarks.schema()
    lines = [f"### Benchmark fields (`{bench['$id']}`)", "", bench["description"], ""]
    lines += _table(bench, bench)
    lines += ["", "### Measures", ""]
    lines += ["| measure | category | value | meaning |", "|---|---|---|---|"]
    for entry in bench["$defs"]["measure"]["allOf"]:
        const = entry["if"]["properties"].get("measure", {}).get("const")
        if const is None:
            continue
        then = entry["then"]["properties"]
        lines.append(
            f"| `{const}` | {_type(then['category'], bench)} | {_type(then['value'], bench)} | "
            f"{entry['title']}. {entry['description']} |"
        )
    lines += ["", "### Categories", ""]
    for name in ("channel", "activityType", "audience"):
        spec = bench["$defs"][name]
        lines += [f"#### {name}", "", spec["description"], ""]
    cases = library.schema()
    lines += [f"### Case study fields (`{cases['$id']}`)", "", cases["description"], ""]
    lines += _table(cases, cases)
    return "\n".join(lines).rstrip() + "\n"


def with_docs(text: str) -> str:
    """The page with the part between the markers made afresh."""
    before, begin, rest = text.partition(BEGIN)
    _old, end, after = rest.partition(END)
    if not begin or not end:
        raise CommandError(f"{DOCS} has lost its markers: {BEGIN} … {END}")
    return f"{before}{BEGIN}\n\n{docs_markdown()}\n{END}{after}"


class Command(BaseCommand):
    help = "Rewrite the field tables in docs/benchmark-format.md from engage/sharing/schema/."

    def handle(self, *args: Any, **options: Any) -> None:
        DOCS.write_text(with_docs(DOCS.read_text()))
        self.stdout.write(f"Wrote {DOCS}")
