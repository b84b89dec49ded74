"""Benchmark of the full analysis of a consultation (issue 4, Speed).

100,000 synthetic responses in a temporary SQLite database to a consultation of 10 questions
(single and multiple choice, two scales, a ranking, a number, a precept choice, statement
voting, and two free-text questions with realistic sentences), weighted to five districts'
census-shaped figures. Measured several times each, in the same run:

- ours: `analysis.analyse(consultation)`, everything: reading the responses, weighting,
  counts and cross-tabs, themes (written as Theme and ThemeCode rows), opinion groups;
- the baseline: TF-IDF + MiniBatchKMeans alone on the same two questions' texts, in memory.

Run: DEBUG=1 .venv/bin/python bench/bench_analysis.py   (or: make bench BENCH=bench/bench_analysis.py)
"""

from __future__ import annotations

import cProfile
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
_db = Path(tempfile.mkdtemp(prefix="engage-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402 (after choosing the database)

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from sklearn.cluster import MiniBatchKMeans  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from engage.accounts.models import User  # noqa: E402
from engage.consultations import analysis, themes  # noqa: E402
from engage.consultations.models import (  # noqa: E402
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    Run,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
    Theme,
    ThemeCode,
)
from engage.core.models import Office  # noqa: E402
from engage.places import census  # noqa: E402
from engage.places.models import Area, AreaKind, Dimension, PopulationFigure  # noqa: E402

N = 100_000
RUNS = 3
PROFILE = "--profile" in sys.argv

TOPICS = {
    "patrols": [
        "I never see officers on foot patrol in {place} any more",
        "more visible patrols in {place} town centre at night would make people feel safer",
        "bring back the local bobby walking the beat, patrols put off criminals",
        "police cars drive through {place} but nobody ever stops to talk to residents",
    ],
    "speeding": [
        "speeding cars on the main road through {place} are dangerous",
        "drivers race past the primary school in {place}, we need speed cameras",
        "the speed limit is ignored every evening and nobody enforces it",
        "boy racers and noisy modified cars speeding round {place} late at night",
    ],
    "drugs": [
        "drug dealing in the park in {place} is obvious and nothing happens",
        "county lines dealers are recruiting teenagers near the estate",
        "the smell of cannabis outside the shops every afternoon",
        "needles left in the play area, drug use is out of control",
    ],
    "reporting": [
        "the 101 number takes an hour to answer so people give up reporting",
        "I reported a burglary online and never heard back from anyone",
        "waiting forty minutes on 101 to report a crime is not acceptable",
        "nobody calls back after you report antisocial behaviour",
    ],
    "victims": [
        "victims of domestic abuse need proper support, not a leaflet",
        "after my car was stolen nobody told me what was happening with the case",
        "support for victims of fraud, especially older people scammed online",
        "keep victims informed, I waited months for an update",
    ],
    "youth": [
        "give young people somewhere to go, the youth club in {place} closed",
        "groups of teenagers causing trouble outside the chip shop",
        "more youth workers and activities would stop antisocial behaviour",
        "schools and police should work together with young people",
    ],
}
OPENERS = ["", "", "Honestly, ", "In my view ", "Please ", "As a resident, ", "Simply put, "]
PLACES = ["Rugby", "Warwick", "Nuneaton", "Stratford", "Kenilworth", "Atherstone", "Bedworth"]


def sentence(rng: random.Random, topic: str) -> str:
    text = rng.choice(OPENERS) + rng.choice(TOPICS[topic]).format(place=rng.choice(PLACES))
    if rng.random() < 0.4:
        other = rng.choice(list(TOPICS))
        text += ". Also " + rng.choice(TOPICS[other]).format(place=rng.choice(PLACES))
    return text[0].upper() + text[1:] + "."


def create_tables() -> None:
    models = [
        Office,
        User,
        Area,
        Area.history.model,  # type: ignore[attr-defined]
        PopulationFigure,
        Consultation,
        Consultation.history.model,  # type: ignore[attr-defined]
        Section,
        Question,
        Option,
        Statement,
        Response,
        Run,
        Theme,
        ThemeCode,
    ]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)


def build() -> tuple[Consultation, list[list[str]]]:
    rng = random.Random(2026)
    office = Office.objects.create(name="Bench OPCC", short_name="Bench", slug="bench")
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Benchshire")
    districts = []
    for d in range(5):
        district = Area.objects.create(
            office=office, kind=AreaKind.DISTRICT, name=f"District {d + 1}", parent=force
        )
        districts.append(district)
        scale = 1 + d / 4
        PopulationFigure.objects.bulk_create(
            [
                PopulationFigure(
                    area=district,
                    dimension=Dimension.AGE_BAND,
                    category=band.label,
                    value=int(scale * (9000 - 60 * band.first_year)),
                    source="synthetic",
                )
                for band in census.AGE_BANDS
            ]
            + [
                PopulationFigure(
                    area=district,
                    dimension=Dimension.ETHNIC_GROUP,
                    category=group,
                    value=int(scale * value),
                    source="synthetic",
                )
                for group, value in zip(
                    census.ETHNIC_GROUPS, [7000, 3000, 2500, 1500, 86000], strict=True
                )
            ]
        )
    for sex, value in (("Female", 306000), ("Male", 294000)):
        PopulationFigure.objects.create(
            area=force, dimension=Dimension.SEX, category=sex, value=value, source="synthetic"
        )
    consultation = Consultation.objects.create(
        office=office,
        title="Precept 2027",
        slug="precept-2027",
        description="Bench",
        strategic_area=StrategicArea.PRECEPT,
        status=Status.CLOSED,
        area=force,
    )
    section = Section.objects.create(consultation=consultation, title="Questions")

    def ask(kind: str, text: str, **fields: object) -> Question:
        return Question.objects.create(
            consultation=consultation, section=section, kind=kind, text=text, **fields
        )

    def options(
        question: Question, labels: list[str], amounts: list[str] | None = None
    ) -> list[int]:
        return [
            Option.objects.create(
                question=question,
                label=label,
                position=i,
                amount=Decimal(amounts[i]) if amounts else None,
            ).pk
            for i, label in enumerate(labels)
        ]

    single = ask(QuestionKind.SINGLE, "How safe do you feel?")
    single_o = options(single, ["Very safe", "Fairly safe", "Unsafe", "Very unsafe"])
    multiple = ask(QuestionKind.MULTIPLE, "What worries you?")
    multiple_o = options(multiple, ["Burglary", "Speeding", "Drugs", "Fraud", "Violence"])
    scales = [ask(QuestionKind.SCALE, f"Scale {i}", scale_min=1, scale_max=5) for i in range(2)]
    ranking = ask(QuestionKind.RANKING, "Rank the priorities")
    ranking_o = options(ranking, ["Patrols", "Victims", "Roads", "Youth"])
    number = ask(QuestionKind.NUMBER, "How often did you call 101?")
    precept = ask(QuestionKind.PRECEPT, "What increase?", band_d_current=Decimal("280"))
    precept_o = options(precept, ["£0", "£10", "£14"], ["0", "10", "14"])
    statements_q = ask(QuestionKind.STATEMENTS, "Agree or disagree")
    statements = [
        Statement.objects.create(
            question=statements_q, text=f"Statement {i}", status=StatementStatus.APPROVED
        ).pk
        for i in range(12)
    ]
    texts = [ask(QuestionKind.TEXT, f"Free text {i}") for i in range(2)]

    ages = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
    written: list[list[str]] = [[], []]
    # Plain INSERTs of prepared tuples: building 100,000 model instances is most of the time
    # otherwise. Every column not given here takes its field's default.
    given = {
        "office_id",
        "consultation_id",
        "token",
        "submitted_at",
        "age_band",
        "sex",
        "ethnic_group",
        "disability",
        "area_id",
        "answers",
    }
    now = timezone.now()
    fixed = {}
    for field in Response._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        value = now if field.attname in ("created_at", "updated_at") else field.get_default()
        fixed[field.column] = field.get_db_prep_save(value, connection)
    columns = [*sorted(given), *fixed]
    table = connection.ops.quote_name(Response._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    submitted = Response._meta.get_field("submitted_at").get_db_prep_save(now, connection)
    rest = tuple(fixed.values())
    district_ids = [d.pk for d in districts]
    age_weights = [4, 8, 12, 16, 22, 22, 16]
    ethnic = ["white", "asian", "black", "mixed", "other"]
    ethnic_weights = [92, 4, 1.5, 1.5, 1]
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(N):
            camp = rng.random() < 0.45
            answers: dict[str, object] = {
                single.key: rng.choice(single_o),
                multiple.key: rng.sample(multiple_o, rng.randint(1, 3)),
                scales[0].key: rng.randint(1, 5),
                scales[1].key: rng.randint(1, 5),
                ranking.key: rng.sample(ranking_o, 4),
                number.key: rng.randint(0, 6),
                precept.key: rng.choice(precept_o),
                statements_q.key: {
                    str(s): (1 if (j % 2 == 0) == camp else -1) if rng.random() < 0.8 else 0
                    for j, s in enumerate(statements)
                    if rng.random() < 0.7
                },
            }
            for q, question in enumerate(texts):
                if rng.random() < 0.6:
                    text = sentence(rng, rng.choice(list(TOPICS)))
                    answers[question.key] = text
                    written[q].append(text)
            row = {
                "office_id": office.pk,
                "consultation_id": consultation.pk,
                "token": f"t{i}",
                "submitted_at": submitted,
                "age_band": rng.choices(ages, weights=age_weights)[0],
                "sex": rng.choices(["female", "male", ""], weights=[58, 40, 2])[0],
                "ethnic_group": rng.choices(ethnic, weights=ethnic_weights)[0],
                "disability": rng.choice(["no", "a_little", "a_lot", ""]),
                "area_id": district_ids[min(4, int(rng.random() ** 1.3 * 5))],
                "answers": json.dumps(answers),
            }
            batch.append(tuple(row[c] for c in sorted(given)) + rest)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return consultation, written


def baseline(written: list[list[str]]) -> None:
    """TF-IDF + MiniBatchKMeans alone on each free-text question's answers (6 themes)."""
    with threadpool_limits(1):
        for texts in written:
            matrix = themes.vectoriser(len(texts)).fit_transform(texts)
            MiniBatchKMeans(n_clusters=6, random_state=2026, n_init=3, batch_size=4096).fit(matrix)


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    start = time.perf_counter()
    create_tables()
    consultation, written = build()
    print(
        f"built {N:,} responses ({len(written[0]):,} and {len(written[1]):,} free-text answers) "
        f"in {time.perf_counter() - start:.0f} s"
    )
    if PROFILE:
        profiler = cProfile.Profile()
        profiler.runcall(analysis.analyse, consultation)
        profiler.dump_stats(str(_db.with_suffix(".prof")))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        _db.unlink(missing_ok=True)
        return
    results: list[dict] = []
    ours = timed(lambda: results.append(analysis.analyse(consultation)), RUNS)
    result = results[0]
    base = result["base"]
    text = [q for q in result["questions"] if q["kind"] == QuestionKind.TEXT]
    opinion = next(q for q in result["questions"] if q["kind"] == QuestionKind.STATEMENTS)
    same = all(
        [t["keywords"] for t in q["themes"]] == [t["keywords"] for t in r["themes"]]
        for other in results[1:]
        for q, r in zip(text, [x for x in other["questions"] if x["kind"] == "text"], strict=True)
    )
    print(
        f"check: weighted {base['weighted']}, effective n {base['effective_n']:,.0f}, "
        f"themes {[len(q['themes']) for q in text]} (same in every run: {same}), "
        f"opinion groups {opinion['opinion']['k']}"
    )
    alone = timed(lambda: baseline(written), RUNS)
    ratio = ours / alone
    print(
        f"analysis of {N:,} responses: median {ours:.2f}s; baseline (TF-IDF + MiniBatchKMeans "
        f"alone on the same texts) {alone:.2f}s; ratio {ratio:.2f} (target ≤ 2.0: "
        f"{'met' if ratio <= 2.0 else 'MISSED'})"
    )
    _db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
