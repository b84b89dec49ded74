"""Write docs/permissions.md: who may do what in Engage, from the permission matrix.

The matrix is typed out in tests/matrix/ (one module per part of Engage) and checked against
the rules and every URL by tests/test_permission_matrix.py; this script turns it into a page an
office can read. tests/test_permissions_doc.py fails when the committed page is out of date.

    make permissions-doc        (or: DEBUG=1 .venv/bin/python scripts/permissions_doc.py)
    ... --check                 exits 1 if docs/permissions.md differs from what it would write
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "permissions.md"
COMMAND = "make permissions-doc"

# What each role is for, in the words an office would use. A new role needs a line here.
ROLE_PURPOSE = {
    "commissioner": "The elected Police and Crime Commissioner: sees the office's work, reads "
    "surgery case notes, publishes decisions, news and documents and moderates comments; "
    "leaves running the schedule, consultations and alerts to the office.",
    "deputy": "The Deputy Police and Crime Commissioner: the same as the Commissioner.",
    "chief_executive": "Runs the office: everything an officer does, and surgery case notes and "
    "the data inventory; imports and analysis of data are left to officers and analysts.",
    "officer": "Policy and engagement staff: the office's day-to-day work (schedule, "
    "stakeholders, activities, consultations, surgeries, alerts, publishing, planning); not "
    "surgery case notes or the data inventory.",
    "analyst": "Works with data: imports, exports, consultation analysis, populations; reads "
    "most of the rest, but not surgeries.",
    "ambassador": "A Community Safety Ambassador, a volunteer: sees the schedule, activities, "
    "concerns, the plan and the dashboard, and files reports for the forum areas assigned to "
    "them.",
    "admin": "Administers Engage for the office: everything an officer does, and the data "
    "inventory; not surgery case notes.",
}

OWNER_ONLY = (
    "Only its owner (an office's calendar feed: also those who manage the office's feeds); "
    'for anyone else it is "not found"'
)

# A part's heading, where the first words of its module's docstring would not do.
TITLES = {
    "consultations_builder": "Consultations: building and running them",
    "consultations_imports": "Consultations: importing responses",
    "consultations_responding": "Consultations: responses",
    "consultations_results": "Consultations: results",
    "decisions": "Decisions",
    "foundation": "The office, places, stakeholders and meetings",
    "messaging_delivery": "Message delivery",
    "outcomes": 'Decisions: "you said, we did"',
    "rota": "The forum rota",
    "surgeries": "Surgeries",
}

# A readable description of each permission. A new permission needs a line here.
DESCRIPTIONS = {
    "core.view_office": "See the office's staff home page",
    "core.view_history": "See the change history of records",
    "places.view_area": "See areas and their populations",
    "places.import_population": "Import population figures and build the force area",
    "stakeholders.view_organisation": "See organisations, contacts and interactions",
    "stakeholders.change_organisation": "Add and change organisations and contacts",
    "stakeholders.log_interaction": "Log an interaction with an organisation, close follow-ups",
    "stakeholders.import_organisations": "Import organisations from a spreadsheet",
    "stakeholders.export_organisations": "Export organisations to a spreadsheet",
    "meetings.view_schedule": "See the partner-meeting schedule, meetings and actions",
    "meetings.change_schedule": "Add, move, cancel and reinstate meetings and series",
    "meetings.import_schedule": "Import a partner-meeting schedule",
    "meetings.record_attendance": "Record who attended a meeting",
    "meetings.manage_actions": "Add and change a meeting's actions",
    "meetings.view_history": "See the change history of meetings",
    "meetings.use_own_feed": "Have a personal calendar feed",
    "meetings.manage_office_feeds": "Manage the office's calendar feeds",
    "meetings.view_diary": "See the Commissioner's diary",
    "meetings.file_forum_report": "File a report for a community forum (an ambassador: "
    "for the forum areas assigned to them)",
    "meetings.view_forum_reports": "See forum reports and the overdue list",
    "meetings.assign_ambassadors": "Assign ambassadors to forum areas",
    "meetings.view_rota": "See the forum rota",
    "meetings.manage_rota": "Create, solve, pin and adopt a forum rota",
    "engagements.view_activity": "See activities, their feedback and briefings",
    "engagements.change_activity": "Add and change activities",
    "engagements.export_activities": "Export activities to a spreadsheet",
    "engagements.view_concern": "See concerns and complaint counts",
    "engagements.change_concern": "Record concerns, their actions and status",
    "engagements.manage_themes": "Manage the themes concerns are filed under",
    "engagements.import_complaints": "Import complaint counts",
    "engagements.view_surgery": "See surgeries, bookings and briefings",
    "engagements.change_surgery": "Run surgeries: sessions, bookings and their actions",
    "engagements.read_case_notes": "Read and add confidential case notes",
    "engagements.view_surgery_themes": "See the anonymised themes raised at surgeries",
    "consultations.view_consultation": "See consultations, responses and results",
    "consultations.change_consultation": "Build and run consultations, moderate statements",
    "consultations.enter_responses": "Type in paper or phone responses",
    "consultations.import_responses": "Import responses and Pol.is conversations",
    "consultations.export_responses": "Export responses",
    "consultations.analyse": "Analyse answers: code them, edit and merge themes",
    "decisions.view_decision": "See decisions and their outcomes",
    "decisions.change_decision": "Record decisions, their evidence and outcomes",
    "decisions.publish_decision": 'Publish decisions and "you said, we did"',
    "messaging.view_alert": "See alerts and appeals and their replies",
    "messaging.send_alert": "Write, send and cancel alerts; retry failed messages",
    "messaging.view_subscribers": "See subscriber numbers and the consent ledger",
    "publishing.view_item": "See news, documents and their comments",
    "publishing.change_item": "Write and change news and documents",
    "publishing.publish_item": "Publish, unpublish and close news and documents",
    "publishing.moderate_comment": "Approve or reject public comments",
    "planning.view_plan": "See the 12-month plan and the gap analysis",
    "planning.change_plan": "Change the 12-month plan",
    "evaluation.view_evaluation": "See the evaluation figures",
    "evaluation.import_social": "Import social media figures",
    "evaluation.change_campaign": "Add and change campaigns",
    "reports.view_dashboard": "See the dashboard",
    "reports.download_reports": "Download the Panel and annual reports",
    "sharing.view": "See benchmarks and the practice library",
    "sharing.export_benchmarks": "Export the office's benchmark file",
    "sharing.import_benchmarks": "Import and remove other offices' benchmark files",
    "sharing.change_case_study": "Write and change case studies",
    "sharing.import_case_studies": "Import case studies",
    "sharing.export_case_studies": "Export case studies and the library",
    "dataprotection.view_inventory": "See and export the data inventory",
    "dataprotection.view_retention": "See what the retention schedule will delete or erase, and the log of its runs",
    "dataprotection.find_person": "Find everything the office holds about a person, and export it as JSON or PDF",
    "dataprotection.manage_requests": "Record and answer subject access and erasure requests",
    "dataprotection.erase_person": "Erase a person's data on request",
}


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
    import django

    django.setup()


def _modules() -> list[tuple[str, ModuleType]]:
    import tests.matrix as matrix

    return [
        (info.name, importlib.import_module(f"tests.matrix.{info.name}"))
        for info in sorted(pkgutil.iter_modules(matrix.__path__), key=lambda i: i.name)
    ]


def _routes() -> dict[str, str]:
    """url name -> its path, e.g. "/consultations/<int:pk>/edit/"."""
    from django.urls import URLPattern, URLResolver, get_resolver

    routes: dict[str, str] = {}

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                space = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p, space, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                routes.setdefault(f"{namespace}{p.name}", "/" + prefix + str(p.pattern))

    walk(get_resolver(), "", "")
    return routes


def _title(name: str, module: ModuleType) -> str:
    """The part's heading: the first words of its module's docstring, without issue numbers."""
    doc = re.sub(r"\s*\(issues? [^)]*\)", "", " ".join((module.__doc__ or name).split()))
    return TITLES.get(name) or doc.split(". ")[0].split(": ")[0].rstrip(".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    from engage.accounts.models import Role

    roles = list(Role)
    label = {r: str(r.label) for r in roles}
    missing_roles = [r.value for r in roles if r.value not in ROLE_PURPOSE]
    if missing_roles:
        raise SystemExit(f"scripts/permissions_doc.py: describe the role(s) {missing_roles}")
    from tests.matrix import MATRIX

    routes = _routes()
    lines = [
        "# Who may do what",
        "",
        "<!-- Written by scripts/permissions_doc.py from tests/matrix/: do not edit by hand;",
        f"     run `{COMMAND}` after changing a role, a permission or a URL. -->",
        "",
        "Everyone who signs in to Engage is a member of one office, with one role. The role says",
        "what they may do; nobody sees or changes another office's records (they are \"not",
        'found"). People who do not sign in use only the public pages listed at the end.',
        "",
        "| Role | What it is for |",
        "| --- | --- |",
    ]
    lines += [f"| {label[r]} | {_cell(ROLE_PURPOSE[r.value])} |" for r in roles]
    lines += [
        "",
        "Each table below is one part of Engage: ✓ means the role may do it, — that it may",
        "not. The addresses are the pages and buttons each permission guards; a member without",
        'the permission is told "You do not have permission to do that".',
        "",
    ]
    header = "| What | " + " | ".join(label[r] for r in roles) + " |"
    rule = "| --- |" + " :-: |" * len(roles)
    public: dict[str, list[str]] = {}
    missing: list[str] = []
    for name, module in _modules():
        title = _title(name, module)
        urls: dict[str, list[str]] = defaultdict(list)
        for url, (perm, _sample, _method) in module.URLS.items():
            urls[perm].append(url)
        perms = list(module.MATRIX) + [
            p for p in urls if p not in module.MATRIX and p != "owner-only"
        ]
        if getattr(module, "PUBLIC", None):
            public[title] = sorted(module.PUBLIC)
        if not perms and "owner-only" not in urls:
            continue
        lines += [f"## {title}", ""]
        if perms:
            lines += [header, rule]
            for perm in perms:
                if perm not in DESCRIPTIONS:
                    missing.append(perm)
                    continue
                marks = " | ".join("✓" if r.value in MATRIX[perm] else "—" for r in roles)
                lines.append(f"| {_cell(DESCRIPTIONS[perm])} (`{perm}`) | {marks} |")
            lines.append("")
        for perm in [*perms, "owner-only"]:
            if not urls.get(perm):
                continue
            what = DESCRIPTIONS.get(perm, perm) if perm != "owner-only" else OWNER_ONLY
            lines.append(f"- {what}:")
            lines += [f"  - `{u}` {routes.get(u, '')}".rstrip() for u in sorted(urls[perm])]
        lines.append("")
    if missing:
        raise SystemExit(f"scripts/permissions_doc.py: describe the permission(s) {missing}")
    lines += [
        "## Public pages",
        "",
        "Open to anyone, signed in or not. Forms on them are rate limited, carry a honeypot and",
        "a minimum time to fill in (see docs/security-testing.md).",
        "",
    ]
    for title, names in public.items():
        lines.append(f"- {title}:")
        lines += [f"  - `{u}` {routes.get(u, '')}".rstrip() for u in names]
    return "\n".join(line for line in _squeeze(lines)) + "\n"


def _squeeze(lines: list[str]) -> list[str]:
    """No two blank lines in a row, none at the end."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


def main(argv: list[str]) -> int:
    _setup()
    from django.utils import translation

    with translation.override("en-gb"):
        text = render()
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"docs/permissions.md is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
