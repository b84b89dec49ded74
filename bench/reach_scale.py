"""A large office for the reach benchmarks (issue 7, Speed): 5 years of 50,000 activities and
200,000 consultation respondents on PostgreSQL.

`scale_office()` returns the office, building it first in the scratch database engage_bench_reach
(kept between runs: building it takes a minute or two; rebuilt when BUILD changes or with
--rebuild). The places are the demo's: Warwickshire's five districts and their community forum
areas, with the real census figures (core.demo). Everything else is written in SQL with
generate_series, spread evenly over the five years to today and over the areas:

- 50,000 activities (types and channels mixed, 5 to 200 people each, a cost and staff hours for
  most), 60% with one or two audiences counted, and 100,000 feedback ratings;
- 20 consultations with 200,000 submitted responses between them, each with an age band, sex,
  ethnic group, disability answer (some "prefer not to say") and an area;
- community forums: one series, an occurrence a month in each forum area, each with a report of
  its attendance; 30,000 concerns raised at activities and forums under 12 themes;
- 300 surgeries of four slots, three booked; 20,000 confirmed alert subscribers, each in an area.

Used by bench_gaps.py and bench_dashboard.py, which set DATABASE_URL to `database_url()` before
Django starts and then call `scale_office()`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCRATCH = "engage_bench_reach"
SLUG = "bench-reach"
BUILD = "1"  # change to rebuild the kept database
YEARS = 5
ACTIVITIES = 50_000
RESPONDENTS = 200_000
CONSULTATIONS = 20
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return DEFAULT_URL


def database_url() -> str | None:
    """The scratch database's URL, creating the database if need be; None (with a message) when
    PostgreSQL cannot be reached."""
    import psycopg

    server = server_url()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SCRATCH])
            if found.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else error
        print(f"skipped: PostgreSQL is not reachable at {server} ({first})")
        return None
    return urlunsplit(urlsplit(server)._replace(path=f"/{SCRATCH}"))


def scale_office(*, rebuild: bool = False):  # type: ignore[no-untyped-def]
    """The benchmark's office, built if it is not there (Django must be set up on
    `database_url()`)."""
    from django.core.management import call_command

    from engage.core.models import Office

    call_command("migrate", verbosity=0)
    marker = f"{SLUG}-{BUILD}"
    office = Office.objects.filter(slug=SLUG).first()
    if office is not None and office.email == f"{marker}@bench.test" and not rebuild:
        return office
    if office is not None:
        _drop_all()
    started = time.monotonic()
    office = _build(marker)
    print(f"built the scale office in {time.monotonic() - started:.0f} s", flush=True)
    return office


def _drop_all() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(marker: str):  # type: ignore[no-untyped-def]
    from django.db import DatabaseError, connection, transaction

    from engage.accounts.models import Membership, Post, Role, User
    from engage.core import demo
    from engage.core.models import Office
    from engage.engagements.services.concerns import ensure_default_themes
    from engage.places.models import Area, AreaKind

    office = Office.objects.create(
        name="Office of the Police and Crime Commissioner for a benchmark",
        short_name="Benchmark OPCC",
        slug=SLUG,
        force_name="Benchmark Police",
        email="building@bench.test",  # the marker is set once everything is in
    )
    officer = User.objects.create_user(f"officer@{SLUG}.test", "bench-password-long-enough")
    pcc = User.objects.create_user(f"pcc@{SLUG}.test", "bench-password-long-enough")
    Membership.objects.create(user=officer, office=office, role=Role.OFFICER)
    Membership.objects.create(user=pcc, office=office, role=Role.COMMISSIONER, post=Post.PCC)
    demo._places(office, officer)
    ensure_default_themes(office, by=officer)
    areas = list(
        Area.objects.filter(office=office, kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    forum_areas = list(
        Area.objects.filter(office=office, kind=AreaKind.FORUM_AREA)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    districts = list(
        Area.objects.filter(office=office, kind=AreaKind.DISTRICT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    params = {
        "office": office.pk,
        "officer": officer.pk,
        "pcc": pcc.pk,
        "areas": areas,
        "forums": forum_areas,
        "districts": districts,
        "years": YEARS,
        "activities": ACTIVITIES,
        "respondents": RESPONDENTS,
        "consultations": CONSULTATIONS,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        with contextlib.suppress(DatabaseError):  # not a superuser: built with the checks on
            cursor.execute("SET LOCAL session_replication_role = replica")
        for statement in SQL:
            cursor.execute(statement, params)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    Office.objects.filter(pk=office.pk).update(email=f"{marker}@bench.test")
    office.refresh_from_db()
    return office


# Each statement's rows are spread over the five years to now: row i of n falls at
# now - years * (1 - i / n). `%(areas)s` is an array of area ids; element 1 + i % length picks one.
SQL = [
    # Activities, their audiences and feedback.
    """
    INSERT INTO engagements_activity (office_id, created_at, updated_at, title, type, channel,
        starts_at, location, area_id, objectives, people_reached, staff_hours, cost, lead_id,
        outcome, notes, in_public_diary, title_cy, public_summary, public_summary_cy,
        feedback_token, feedback_open)
    SELECT %(office)s, now(), now(), 'Activity ' || i,
        (ARRAY['visit','public_meeting','event','forum','youth_council','social_media',
               'media_interview','iag_meeting'])[1 + i %% 8],
        (ARRAY['in_person','in_person','in_person','online','phone','social_media'])[1 + i %% 6],
        now() - make_interval(secs => %(years)s * 365.25 * 86400 * (1 - i::float / %(activities)s)),
        'Hall', (%(areas)s::bigint[])[1 + i %% cardinality(%(areas)s::bigint[])], '[]'::jsonb,
        5 + (i * 37) %% 196, CASE WHEN i %% 5 = 0 THEN NULL ELSE 1 + (i %% 12) END,
        CASE WHEN i %% 4 = 0 THEN NULL ELSE (i * 13) %% 500 END, %(pcc)s,
        '', '', i %% 10 = 0, '', '', '', md5('bench-activity-' || i), true
    FROM generate_series(1, %(activities)s) AS i
    """,
    """
    INSERT INTO engagements_activityaudience (activity_id, audience, count)
    SELECT a.id, (ARRAY['young_people','older_people','ethnic_minorities','disabled_people',
                        'rural','businesses','victims','general_public'])[1 + (a.id + k) %% 8],
        CASE WHEN a.id %% 3 = 0 THEN NULL ELSE 1 + (a.id * 7 + k) %% 40 END
    FROM engagements_activity a CROSS JOIN generate_series(0, 1) AS k
    WHERE a.office_id = %(office)s AND a.id %% 5 < 3 AND (k = 0 OR a.id %% 2 = 0)
    """,
    """
    INSERT INTO engagements_feedback (activity_id, rating, comment, created_at)
    SELECT a.id, 1 + (a.id * 3 + k) %% 5, '', a.starts_at
    FROM engagements_activity a CROSS JOIN generate_series(0, 1) AS k
    WHERE a.office_id = %(office)s
    """,
    # Consultations and their respondents.
    """
    INSERT INTO consultations_consultation (office_id, created_at, updated_at, title, title_cy,
        slug, description, description_cy, strategic_area, opens_on, closes_on, status,
        privacy_notice, privacy_notice_cy, ask_demographics, results_summary, results_summary_cy)
    SELECT %(office)s, now(), now(), 'Consultation ' || c, '', 'consultation-' || c, 'About it',
        '', 'other',
        (now() - make_interval(days => (%(years)s * 365 * (1 - (c - 1)::float / %(consultations)s))::int))::date,
        (now() - make_interval(days => (%(years)s * 365 * (1 - c::float / %(consultations)s))::int))::date,
        'closed', '', '', true, '', ''
    FROM generate_series(1, %(consultations)s) AS c
    """,
    """
    INSERT INTO consultations_response (office_id, created_at, updated_at, consultation_id,
        channel, answers, token, language, submitted_at, age_band, sex, ethnic_group, disability,
        area_id, postcode_district, wants_outcome, email, source_id)
    SELECT %(office)s, now(), now(), c.id, 'online', '{}'::jsonb, md5('bench-response-' || i),
        'en-gb',
        now() - make_interval(secs => %(years)s * 365.25 * 86400 * (1 - i::float / %(respondents)s)),
        (ARRAY['16-24','25-34','35-44','45-54','55-64','65-74','75+','prefer_not','35-44',
               '45-54','55-64','65-74'])[1 + i %% 12],
        (ARRAY['female','male','female','male','prefer_not'])[1 + i %% 5],
        (ARRAY['white','white','white','white','white','white','white','asian','black','mixed',
               'other','prefer_not'])[1 + (i / 7) %% 12],
        (ARRAY['no','no','no','a_little','a_lot','prefer_not'])[1 + (i / 3) %% 6],
        (%(areas)s::bigint[])[1 + (i * 7) %% cardinality(%(areas)s::bigint[])], '', false, '', ''
    FROM generate_series(1, %(respondents)s) AS i
    JOIN consultations_consultation c ON c.office_id = %(office)s
        AND c.slug = 'consultation-' || (1 + (i - 1) * %(consultations)s / %(respondents)s)
    """,
    # Community forums: one series, a meeting a month in each forum area, each reported.
    """
    INSERT INTO meetings_meetingseries (office_id, created_at, updated_at, category, title, chair,
        frequency, per_year, frequency_text, per_forum_area, expected_areas, attending_posts,
        attendance_rotation, attendance_text, lead_officer_text, notes, location, import_key,
        is_active, start_time, duration_minutes, first_date)
    VALUES (%(office)s, now(), now(), 'public_accountability', 'Community forums', '', 'monthly', 12,
        '', true, cardinality(%(forums)s::bigint[]), '[]'::jsonb, false, '', '', '', '',
        'bench-forums', true, '18:00', 120, (now() - interval '5 years')::date)
    """,
    """
    INSERT INTO meetings_occurrence (office_id, created_at, updated_at, series_id, area_id,
        starts_at, ends_at, location, status, provisional, notes, attendance_recorded)
    SELECT %(office)s, now(), now(), s.id, f.area,
        date_trunc('month', now()) - make_interval(months => m) + interval '18 hours',
        date_trunc('month', now()) - make_interval(months => m) + interval '20 hours',
        'Hall', 'scheduled', false, '', true
    FROM meetings_meetingseries s
    CROSS JOIN generate_series(1, %(years)s * 12) AS m
    CROSS JOIN unnest(%(forums)s::bigint[]) AS f(area)
    WHERE s.office_id = %(office)s AND s.import_key = 'bench-forums'
    """,
    """
    INSERT INTO meetings_forumreport (office_id, created_at, updated_at, occurrence_id,
        ambassador_id, attendance, good_practice, requests)
    SELECT %(office)s, now(), now(), o.id, %(officer)s, 5 + o.id %% 40, '', ''
    FROM meetings_occurrence o WHERE o.office_id = %(office)s
    """,
    """
    INSERT INTO engagements_concern (office_id, created_at, updated_at, summary, theme_id, area_id,
        source, raised_on, people, status, activity_id, contact_name, contact_email,
        contact_phone, wants_reply, language)
    SELECT %(office)s, now(), now(), 'A concern', t.id, a.area_id, 'activity', a.starts_at::date,
        1 + a.id %% 4, 'open', a.id, '', '', '', false, 'en-gb'
    FROM engagements_activity a
    JOIN LATERAL (SELECT id FROM engagements_concerntheme WHERE office_id = %(office)s
                  ORDER BY id OFFSET a.id %% 12 LIMIT 1) t ON true
    WHERE a.office_id = %(office)s AND a.id %% 2 = 0
    LIMIT 25000
    """,
    """
    INSERT INTO engagements_concern (office_id, created_at, updated_at, summary, theme_id, area_id,
        source, raised_on, people, status, forum_report_id, contact_name, contact_email,
        contact_phone, wants_reply, language)
    SELECT %(office)s, now(), now(), 'A concern', t.id, o.area_id, 'forum_report',
        o.starts_at::date, 2, 'open', r.id, '', '', '', false, 'en-gb'
    FROM meetings_forumreport r JOIN meetings_occurrence o ON o.id = r.occurrence_id
    JOIN LATERAL (SELECT id FROM engagements_concerntheme WHERE office_id = %(office)s
                  ORDER BY id OFFSET r.id %% 12 LIMIT 1) t ON true
    CROSS JOIN generate_series(1, 3) AS k
    WHERE r.office_id = %(office)s
    """,
    # Surgeries: 300 sessions of four slots, three of them booked.
    """
    INSERT INTO engagements_surgerysession (office_id, created_at, updated_at, starts_at, ends_at,
        location, area_id, held_by_id, slot_minutes, notes)
    SELECT %(office)s, now(), now(),
        now() - make_interval(days => (%(years)s * 365 * (1 - i::float / 300))::int),
        now() - make_interval(days => (%(years)s * 365 * (1 - i::float / 300))::int)
            + interval '1 hour',
        'Library', (%(districts)s::bigint[])[1 + i %% cardinality(%(districts)s::bigint[])],
        %(pcc)s, 15, ''
    FROM generate_series(1, 300) AS i
    """,
    """
    INSERT INTO engagements_surgeryslot (office_id, created_at, updated_at, session_id, starts_at,
        ends_at)
    SELECT %(office)s, now(), now(), s.id, s.starts_at + make_interval(mins => 15 * k),
        s.starts_at + make_interval(mins => 15 * k + 15)
    FROM engagements_surgerysession s CROSS JOIN generate_series(0, 3) AS k
    WHERE s.office_id = %(office)s
    """,
    """
    INSERT INTO engagements_surgerybooking (office_id, created_at, updated_at, slot_id, name,
        email, phone, topic, status, cancel_token, wants_outcome, language, booked_online)
    SELECT %(office)s, now(), now(), sl.id, 'A resident', '', '', 'A topic', 'booked',
        md5('bench-booking-' || sl.id), false, 'en-gb', true
    FROM engagements_surgeryslot sl WHERE sl.office_id = %(office)s AND sl.id %% 4 <> 0
    """,
    # Alert subscribers.
    """
    INSERT INTO messaging_subscriber (office_id, created_at, updated_at, channel, address,
        language, topics, status, confirmed_at)
    SELECT %(office)s, now() - make_interval(days => i %% 1800), now(),
        CASE WHEN i %% 4 = 0 THEN 'sms' ELSE 'email' END, 'subscriber' || i || '@bench.test',
        'en-gb', 255, 'active', now() - make_interval(days => i %% 1800)
    FROM generate_series(1, 20000) AS i
    """,
    """
    INSERT INTO messaging_subscriber_areas (subscriber_id, area_id)
    SELECT s.id, (%(areas)s::bigint[])[1 + s.id %% cardinality(%(areas)s::bigint[])]
    FROM messaging_subscriber s WHERE s.office_id = %(office)s
    """,
]


if __name__ == "__main__":
    url = database_url()
    if url is None:
        sys.exit(0)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "engage.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        }
    )
    import django

    django.setup()
    office = scale_office(rebuild="--rebuild" in sys.argv)
    print(f"office {office.slug} (pk {office.pk}) in {url}")
