"""The demo office's sharing: two neighbours' benchmark files and a practice library.

The neighbours are invented ("West Mercia OPCC (demo)" and "Leicestershire OPCC (demo)"): their
files are in demo_data/, one as JSON and one as CSV, made for 2026-27 quarter 2. They are moved
to the last complete quarter before `today`, so the comparison always has a quarter to show, and
go through the same checks and import as any uploaded file. Two case studies are written up from
the demo office's own activities and two are imported from a neighbour's library export.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity
from engage.sharing import benchmarks, library, queries, services
from engage.sharing.benchmarks import Quarter

DATA = Path(__file__).resolve().parent / "demo_data"
BENCHMARK_FILES = ("west-mercia-demo-benchmark.json", "leicestershire-demo-benchmark.csv")
LIBRARY_FILE = "leicestershire-demo-case-studies.json"

# The demo office's activities to write up (titles from core/demo.py), and what was learned.
WRITE_UPS = {
    "Rural crime roadshow": (
        "Rural crime roadshow at the cattle market",
        "On market day the Commissioner, the force's rural crime team and the Neighbourhood "
        "Watch coordinator took a stand and a trailer to the cattle market. Farmers had their "
        "tools and quad bikes marked while they talked, and signed up to the rural alerts.",
        "Farmers came to us because we went to where they already were on market day. A trailer "
        "with the force's rural crime team and a marking kit for tools drew more people than the "
        "stand with leaflets. Next time, bring the fire service's arson officer: half of the "
        "questions were about hay-barn fires.",
        "rural, farmers, roadshow",
    ),
    "Youth club visit": (
        "Friday engagement: youth club visit",
        "A Friday evening at the youth club with the Deputy Commissioner and two youth workers. "
        "The young people chose the topics a week before; the youth workers ran the session in "
        "small groups and the Deputy joined each group in turn.",
        "Young people spoke when the youth workers, not the officers, led the session, and when "
        "the Commissioner sat with them rather than standing at the front. Ask the club what "
        "they want to talk about a week before; the off-road bikes came up in every group.",
        "young people, youth club, listening",
    ),
}


def _redated(path: Path, quarter: Quarter) -> tuple[bytes, str]:
    """The demo file as it would be for `quarter`: only its dates change."""
    parsed = benchmarks.read_file(path.read_bytes(), path.name)
    if not parsed.is_valid or parsed.document is None:
        raise RuntimeError(f"{path.name}: {parsed.errors}")
    doc = parsed.document
    doc["quarter"] = benchmarks.document(
        office_name="", force_area_code="", quarter=quarter, population=None, measures=[]
    )["quarter"]
    if path.suffix == ".csv":
        return benchmarks.to_csv(doc).encode(), path.name
    return benchmarks.to_json(doc).encode(), path.name


def _write_up(office: Office, title: str, what: str, lessons: str, tags: str, by: User) -> None:
    activity = (
        Activity.objects.for_office(office).filter(title=title).order_by("-starts_at").first()
    )
    if activity is None:
        return
    fields = queries.draft_from_activity(activity)
    fields.update(
        {
            "activity": activity,
            "what_was_done": f"{fields['what_was_done']}\n\n{what}",
            "lessons": lessons,
            "tags": tags,
            "published": True,
        }
    )
    services.write_case_study(office, fields, by=by)


def build_sharing(
    office: Office, people: dict[str, User], today: dt.date, rng: random.Random
) -> None:
    """Import the neighbours' benchmark files and build the practice library.

    Nothing here draws on `rng` (the figures are the files'), so the rest of the demo is the
    same with or without it.
    """
    by = people.get("research") or people["officer"]
    quarter = Quarter.last_complete(today)
    for name in BENCHMARK_FILES:
        data, filename = _redated(DATA / name, quarter)
        parsed = benchmarks.read_file(data, filename)
        services.import_benchmark_file(office, parsed, filename=filename, by=by)
    for title, what, lessons, tags in WRITE_UPS.values():
        _write_up(office, title, what, lessons, tags, by=people["officer"])
    # One more of our own, not yet published: a draft to finish.
    services.write_case_study(
        office,
        {
            "title": "Precept consultation on paper in libraries",
            "what_was_done": (
                "Paper copies of the precept survey, with a freepost envelope, were left in every "
                "library in the county for the six weeks the consultation was open, and read out "
                "on the local radio phone-in."
            ),
            "audiences": ["older_people", "rural"],
            "area_type": "mixed",
            "outcome": "One response in six came on paper, most from people over 65.",
            "lessons": "",
            "tags": "consultation, paper, older people",
            "published": False,
        },
        by=people["officer"],
    )
    parsed_library = library.read_file((DATA / LIBRARY_FILE).read_bytes())
    if not parsed_library.is_valid:
        raise RuntimeError(f"{LIBRARY_FILE}: {parsed_library.errors}")
    services.import_case_studies(office, parsed_library, filename=LIBRARY_FILE, by=by)
