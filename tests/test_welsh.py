"""The Welsh catalogue is complete for the public site: every string a member of the public can
meet — in the public pages, their forms and errors, and the emails and texts they are sent —
has a Welsh translation in locale/cy (compiled, so this reads what Django itself will show).

Strings are found the way `makemessages` finds them: templates through Django's own
`templatize`, Python through its syntax tree. A string that is the same in both languages goes
in SAME_IN_WELSH with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1]

# What the public sees: the public templates of every app, the shared public and error templates,
# and the messages sent to the public.
TEMPLATE_GLOBS = [
    "templates/public/*.html",
    "templates/*.html",
    "templates/includes/*.html",
    "engage/*/templates/*/public/**/*.html",
    "engage/public/templates/**/*.html",
    "engage/messaging/templates/messaging/messages/**/*",
    "engage/engagements/templates/engagements/activities/feedback*.html",
    "engage/engagements/templates/engagements/public/**/*.html",
    "engage/publishing/templates/publishing/public/**/*.html",
    "engage/reports/templates/reports/**/*.html",
    "engage/core/templates/core/offices.html",
]
# Staff-only includes inside those folders.
TEMPLATE_EXCLUDE = {"templates/includes/staff_navigation.html", "templates/includes/history.html"}
# Python that builds what the public sees: public views and forms, the messages' words.
PYTHON_GLOBS = [
    "engage/public/*.py",
    "engage/public/templatetags/*.py",
    "engage/core/public_forms.py",
    "engage/core/public_cache.py",
    "engage/core/templatetags/engage.py",
    "engage/consultations/responding.py",
    "engage/consultations/response_forms.py",
    "engage/consultations/answers.py",
    "engage/consultations/views/public.py",
    "engage/decisions/views/public.py",
    "engage/messaging/forms.py",
    "engage/messaging/addresses.py",
    "engage/messaging/views/public.py",
    "engage/messaging/rendering.py",
    "engage/messaging/services.py",
    "engage/engagements/views/public*.py",
    "engage/engagements/forms/public*.py",
    "engage/publishing/forms.py",
    "engage/publishing/views/public*.py",
    "engage/reports/open_data.py",
    "engage/reports/views*.py",
]
GETTEXT_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
TEMPLATE_CALL = re.compile(
    r"\b(n?p?gettext)\((u'(?:[^'\\]|\\.)*'|u\"(?:[^\"\\]|\\.)*\")"
    r"(?:,\s*(u'(?:[^'\\]|\\.)*'|u\"(?:[^\"\\]|\\.)*\"))?"
)
# Words that are the same in Welsh, or are names.
SAME_IN_WELSH = {
    "Cymraeg",  # the language's own name
    "Engage",  # the product's name
    "Email",  # not used alone in Welsh pages? kept only if a template uses it as a label
    "Cost",  # the Welsh word is "cost" too
}


def _files(globs: list[str]) -> list[Path]:
    found = {p for g in globs for p in ROOT.glob(g) if p.is_file()}
    return sorted(p for p in found if str(p.relative_to(ROOT)) not in TEMPLATE_EXCLUDE)


def _template_strings(path: Path) -> list[tuple[str, str | None, str | None]]:
    """(context, singular, plural) for each translatable string in a template."""
    found = []
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        kind, first, second = match.groups()
        a = ast.literal_eval(first[1:])
        b = ast.literal_eval(second[1:]) if second else None
        if kind == "pgettext":
            found.append((a, b, None))
        elif kind == "ngettext":
            found.append(("", a, b))
        elif kind == "npgettext":
            found.append((a, b, None))
        else:
            found.append(("", a, None))
    return found


def _python_strings(path: Path) -> list[tuple[str, str | None, str | None]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if not args or not isinstance(args[0], str):
            continue
        if name.startswith("pgettext"):
            found.append((args[0], args[1] if len(args) > 1 else None, None))
        elif name.startswith("ngettext"):
            found.append(("", args[0], args[1] if len(args) > 1 else None))
        else:
            found.append(("", args[0], None))
    return found


def _untranslated(context: str, singular: str | None, plural: str | None) -> bool:
    if not singular or not singular.strip() or singular in SAME_IN_WELSH:
        return False
    if not re.search(r"[A-Za-z]", re.sub(r"%\(\w+\)[sd]|\{\w*\}", "", singular)):
        return False  # nothing to translate: only placeholders, numbers and punctuation
    with translation.override("cy"):
        if plural is not None:
            # "%(n)s person" may be right in Welsh too: a plural counts if it has Welsh forms.
            forms = {translation.ngettext(singular, plural, n) for n in (1, 2, 3, 8)}
            return forms <= {singular, plural}
        if context:
            return translation.pgettext(context, singular) == singular
        return translation.gettext(singular) == singular


def _missing() -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    for path in _files(TEMPLATE_GLOBS):
        for context, singular, plural in _template_strings(path):
            if _untranslated(context, singular, plural):
                missing.setdefault(str(path.relative_to(ROOT)), []).append(singular or "")
    for path in _files(PYTHON_GLOBS):
        for context, singular, plural in _python_strings(path):
            if _untranslated(context, singular, plural):
                missing.setdefault(str(path.relative_to(ROOT)), []).append(singular or "")
    return missing


def test_the_checker_finds_strings_in_templates_and_python():
    template = ROOT / "engage/public/templates/public/_entries.html"
    assert ("", "%(n)s person came", "%(n)s people came") in _template_strings(template)
    python = ROOT / "engage/public/privacy.py"
    assert ("", "Community alerts", None) in _python_strings(python)


@pytest.mark.django_db
def test_every_public_string_is_in_welsh():
    missing = _missing()
    report = "\n".join(f"{path}: {strings}" for path, strings in sorted(missing.items()))
    assert missing == {}, f"Untranslated public strings (run make messages):\n{report}"


def _catalogue_gaps(po: str) -> list[str]:
    """msgids in a .po file with an empty or fuzzy Welsh translation (the header aside)."""
    gaps = []
    for entry in po.split("\n\n")[1:]:
        lines = [line for line in entry.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        texts: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                key, _, rest = line.partition(" ")
                texts[key] = ast.literal_eval(rest)
            elif line.startswith('"') and key:
                texts[key] += ast.literal_eval(line)
        translations = [text for name, text in texts.items() if name.startswith("msgstr")]
        if fuzzy or not translations or not all(translations):
            gaps.append(texts.get("msgid", entry[:60]))
    return gaps


def test_the_checker_finds_gaps_in_a_catalogue():
    po = (
        'msgid ""\nmsgstr "header"\n\nmsgid "Yes"\nmsgstr "Ie"\n\n#, fuzzy\nmsgid "No"\nmsgstr "Ie"'
    )
    po += '\n\nmsgid "Send"\nmsgstr ""\n\nmsgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
    po += 'msgstr[0] "%(n)s diwrnod"\nmsgstr[1] ""\n'
    assert _catalogue_gaps(po) == ["No", "Send", "%(n)s day"]


def test_the_whole_interface_is_in_welsh():
    po = (ROOT / "locale/cy/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    assert _catalogue_gaps(po) == [], "Untranslated or fuzzy in locale/cy (run make messages)"
