"""Importing a partner-meeting schedule: seed 004's appendix, every kind of bad row, re-imports,
the management command and the upload pages."""

from __future__ import annotations

import base64
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from engage.meetings.import_views import SESSION_KEY
from engage.meetings.models import (
    Commitment,
    Frequency,
    MeetingSeries,
    Occurrence,
    ScheduleCategory,
)
from engage.meetings.schedule_import import (
    ERROR,
    SEED_SCHEDULE,
    WARNING,
    financial_year_start,
    import_schedule,
    parse_schedule,
    preview_statuses,
    read_frequency,
    read_posts,
)
from engage.meetings.tests.factories import make_commitment, make_forum_areas, make_series

DATA = Path(__file__).parent / "data"
HEADER_LINE = (
    b"Category,Meetings,Chair / Lead Officer,Frequency,OPCC Attendance,OPCC Lead Officer,Notes\n"
)
DISTRICTS = ["North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"]


def forum_areas(office, count: int = 30):
    names = [
        f"{d} {part}"
        for d in DISTRICTS
        for part in ("North", "South", "East", "West", "Central", "Rural")
    ]
    return make_forum_areas(office, names[:count])


def seed(office, by=None):
    parsed = parse_schedule(SEED_SCHEDULE.read_bytes(), office=office)
    return parsed, import_schedule(office, parsed, by=by)


def texts(parsed, level):
    return [m.text for m in parsed.messages if m.level == level]


def counts(office):
    return (
        MeetingSeries.objects.for_office(office).count(),
        Commitment.objects.for_office(office).count(),
        Occurrence.objects.for_office(office).count(),
    )


# --- Seed 004 -------------------------------------------------------------------------------


def test_seed_file_imports_24_series_in_the_five_sections(office):
    parsed, result = seed(office)

    assert parsed.errors == []
    assert (result.created, result.updated, result.unchanged) == (24, 0, 0)
    by_category = {
        c: MeetingSeries.objects.for_office(office).filter(category=c).count()
        for c in ScheduleCategory.values
    }
    assert by_category == {
        "public_accountability": 3,
        "councils_mps": 6,
        "stakeholder_groups": 6,
        "voluntary": 5,
        "criminal_justice": 4,
        "other": 0,
    }


def test_seed_police_and_crime_panel_is_as_required_about_six_a_year(office):
    seed(office)

    panel = MeetingSeries.objects.get(office=office, title="Police and Crime Panel")
    assert panel.category == ScheduleCategory.PUBLIC_ACCOUNTABILITY
    assert (panel.frequency, panel.per_year) == (Frequency.AS_REQUIRED, 6)
    assert panel.frequency_text == "As Required Approx 6 per year"
    assert panel.attending_posts == ["pcc", "dpcc", "cex"]
    assert panel.attendance_rotation is False
    assert panel.chair == "Chair : Cllr Dana Hartley Contact with : Jan Pryor WCC"
    provisional = Occurrence.objects.filter(series=panel)
    assert provisional.count() == 6
    assert all(o.provisional for o in provisional)


def test_seed_community_forums_meet_quarterly_in_each_of_30_areas(office):
    forum_areas(office)
    parsed, _result = seed(office)

    forums = MeetingSeries.objects.get(office=office, title="Community Forums X 30")
    assert forums.frequency == Frequency.QUARTERLY
    assert (forums.per_forum_area, forums.expected_areas) == (True, 30)
    assert forums.attending_posts == ["ambassador", "pcc", "dpcc"]
    assert forums.attendance_rotation is True
    [commitment] = forums.commitments.all()
    assert commitment.posts == ["pcc", "dpcc"]
    assert (commitment.times, commitment.period_months, commitment.per_forum_area) == (1, 24, True)
    assert commitment.description == "PCC / DPCC to attend in 2 yearly cycle"
    assert forums.notes == "PCC / DPCC to attend in 2 yearly cycle Report from Ambassadors to PCC"
    assert Occurrence.objects.filter(series=forums).count() == 30 * 4
    assert not [m for m in parsed.messages if m.row == 7 and m.level == WARNING]


def test_seed_strategic_iag_commits_the_pcc_to_one_meeting_a_year(office):
    parsed, _ = seed(office)

    iag = MeetingSeries.objects.get(office=office, title="Strategic IAG")
    assert iag.frequency == Frequency.NONE
    assert iag.attending_posts == ["policy_officer"]
    assert iag.attendance_text == "Policy Officer (JM)"
    [commitment] = iag.commitments.all()
    assert commitment.posts == ["pcc"]
    assert (commitment.times, commitment.period_months, commitment.per_forum_area) == (1, 12, False)
    assert commitment.starts_on == financial_year_start(timezone.localdate())
    assert commitment.starts_on.month == 4
    assert commitment.starts_on.day == 1
    assert iag.notes == "Attendance by PCC for one meeting a year"
    assert any("'(JM)'" in m.text for m in parsed.messages if m.row == 11)


def test_seed_custody_visitors_annual_joint_meeting_commits_the_pcc(office):
    seed(office)

    icv = MeetingSeries.objects.get(office=office, title="Independent Custody Visitors")
    assert icv.frequency == Frequency.ANNUAL
    assert icv.attending_posts == ["pcc", "dpcc"]
    assert icv.attendance_rotation is True
    assert [(c.posts, c.times, c.period_months) for c in icv.commitments.all()] == [
        (["pcc"], 1, 12)
    ]


def test_seed_other_frequencies_as_written(office):
    seed(office)

    frequencies = dict(MeetingSeries.objects.for_office(office).values_list("title", "frequency"))
    assert frequencies["Meeting in Public PCC and Chief Constable"] == Frequency.BIMONTHLY
    assert frequencies["Audit Joint Committee"] == Frequency.QUARTERLY
    assert frequencies["Victim Support"] == Frequency.TO_BE_AGREED
    assert frequencies["Warwickshire CAVA"] == Frequency.QUARTERLY
    assert frequencies["Parish Councils"] == Frequency.NONE
    audit = MeetingSeries.objects.get(office=office, title="Audit Joint Committee")
    assert audit.attending_posts == ["dpcc", "treasurer", "deputy_treasurer", "cex"]


def test_seed_safer_and_stronger_board_reads_cyrillic_pcc_with_a_warning(office):
    parsed, _ = seed(office)

    board = MeetingSeries.objects.get(office=office, title="Safer and Stronger Partnership Board")
    assert board.attending_posts == ["pcc"]
    assert "Row 24: '\u0420\u0421\u0421' was written with Cyrillic letters; read as PCC" in texts(
        parsed, WARNING
    )


def test_seed_d_cc_is_kept_as_written_with_a_warning(office):
    parsed, _ = seed(office)

    vox = MeetingSeries.objects.get(office=office, title="MYPs / VOX")
    assert vox.attending_posts == []
    assert vox.attendance_text == "D CC"
    assert (
        "Row 15: could not read 'D CC' in OPCC Attendance; did you mean DPCC? It is kept as "
        "written and no post is assigned."
    ) in texts(parsed, WARNING)


def test_seed_warns_when_the_office_has_not_30_forum_areas(office):
    forum_areas(office, 12)

    parsed = parse_schedule(SEED_SCHEDULE.read_bytes(), office=office)

    assert (
        "Row 7: 'Quarterly X 30' expects 30 community forum areas but this office has 12; "
        "meetings will be generated for the 12 it has."
    ) in texts(parsed, WARNING)
    assert parsed.is_valid


def test_lead_officer_is_linked_to_the_one_person_holding_the_post(
    office, officer, chief_executive
):
    parsed, _ = seed(office)

    series = dict(MeetingSeries.objects.for_office(office).values_list("title", "lead_officer"))
    assert series["Strategic IAG"] == officer.pk  # Policy Support Officer
    assert series["Health and Wellbeing Board"] == chief_executive.pk  # CEX
    assert series["Community Safety Partnerships"] is None  # nobody is Policy and Research Officer
    lcjb = MeetingSeries.objects.get(office=office, title="Local Criminal Justice Board")
    assert (lcjb.lead_officer, lcjb.lead_officer_text) == (None, "Martin Greer")
    assert (
        "Row 22: OPCC Lead Officer 'Martin Greer' is not a post or a member of this office that we "
        "know. It is kept as written and no lead officer is linked."
    ) in texts(parsed, WARNING)


def test_lead_officer_is_linked_by_name(office, chief_executive):
    data = (
        HEADER_LINE
        + b"Criminal justice,Local Criminal Justice Board,,Quarterly,CEX,chris  carver,\n"
    )

    [row] = parse_schedule(data, office=office).rows

    assert row.lead_officer == chief_executive


def test_seed_file_has_no_real_names():
    text = SEED_SCHEDULE.read_text(encoding="utf-8")
    for name in (
        "Harvey",
        "Purcell",
        "Pawsey",
        "Dan Green",
        "Cheryl Jones",
        "Tolley",
        "Stafford",
        "Gore",
        "Vereker",
    ):
        assert name not in text


# --- Reading cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency", "per_year", "areas"),
    [
        ("Quarterly", "quarterly", None, None),
        ("quarterly", "quarterly", None, None),
        ("Bi-monthly", "bimonthly", None, None),
        ("Bimonthly", "bimonthly", None, None),
        ("every two months", "bimonthly", None, None),
        ("Monthly", "monthly", None, None),
        ("Annual", "annual", None, None),
        ("Annually", "annual", None, None),
        ("Annual Joint Meeting", "annual", None, None),
        ("once a year", "annual", None, None),
        ("Weekly", "weekly", None, None),
        ("Fortnightly", "fortnightly", None, None),
        ("Twice a year", "twice_yearly", None, None),
        ("six-monthly", "twice_yearly", None, None),
        ("As Required Approx 6 per year", "as_required", 6, None),
        ("As required, about 4 a year", "as_required", 4, None),
        ("As required", "as_required", None, None),
        ("Quarterly X 30", "quarterly", None, 30),
        ("Monthly x 5", "monthly", None, 5),
        ("To be agreed", "to_be_agreed", None, None),
        ("TBA", "to_be_agreed", None, None),
        ("TBC", "to_be_agreed", None, None),
        ("", "none", None, None),
    ],
)
def test_frequency_as_written_is_understood(text, frequency, per_year, areas):
    reading = read_frequency(text)

    assert reading is not None
    assert (reading.frequency, reading.per_year, reading.expected_areas) == (
        frequency,
        per_year,
        areas,
    )
    assert reading.per_forum_area is (areas is not None)


@pytest.mark.parametrize(
    "text", ["every blue moon", "Quarterlyish", "As required approx lots", "To be agreed X 30", "6"]
)
def test_frequency_nobody_can_read_is_not_guessed(text):
    assert read_frequency(text) is None


@pytest.mark.parametrize(
    ("text", "posts", "rotation"),
    [
        ("PCC DPCC CEX", ["pcc", "dpcc", "cex"], False),
        ("PCC / DPCC", ["pcc", "dpcc"], True),
        ("Community Ambassador PCC / DPCC in rotation", ["ambassador", "pcc", "dpcc"], True),
        (
            "DPCC Treasurer Deputy Treasurer C.EX",
            ["dpcc", "treasurer", "deputy_treasurer", "cex"],
            False,
        ),
        ("C.Ex", ["cex"], False),
        ("Chief Executive (OPCC)", ["cex"], False),
        ("Policy and Support Officer", ["policy_officer"], False),
        ("Policy and Research Officer", ["research_officer"], False),
        ("CSA, PCC", ["ambassador", "pcc"], False),
    ],
)
def test_posts_as_written_are_understood(text, posts, rotation):
    reading = read_posts(text)

    assert (reading.posts, reading.rotation, reading.unread) == (posts, rotation, [])


# --- Bad files: nothing saved ---------------------------------------------------------------


def refused(office, data: bytes) -> list[str]:
    parsed = parse_schedule(data, office=office)
    with pytest.raises(ValueError):
        import_schedule(office, parsed, by=None)
    assert counts(office) == (0, 0, 0)
    return texts(parsed, ERROR)


def test_unknown_frequency_is_refused_with_its_row(office):
    errors = refused(office, (DATA / "unknown_frequency.csv").read_bytes())

    assert errors == [
        "Row 4: Frequency 'every blue moon' is not one we can read. Use Quarterly, Bi-monthly, "
        "Monthly, Annual, 'As required, about N a year', 'To be agreed', or leave it blank."
    ]


def test_unknown_category_is_refused_listing_the_accepted_ones(office):
    errors = refused(office, (DATA / "unknown_category.csv").read_bytes())

    assert errors == [
        "Row 3: Category 'Faith and belief' is not one we know. Use one of: Public "
        "accountability; Councils / MPs; Stakeholder groups; Voluntary organisations; Criminal "
        "justice, statutory agencies; Other."
    ]


def test_wrong_header_is_refused_showing_the_expected_one(office):
    errors = refused(office, (DATA / "wrong_header.csv").read_bytes())

    assert errors == [
        "Row 1: the first row must be exactly this header: Category,Meetings,Chair / Lead "
        "Officer,Frequency,OPCC Attendance,OPCC Lead Officer,Notes. This file's first row is: "
        "Category,Meeting,Chair,Frequency,OPCC Attendance,OPCC Lead Officer,Notes"
    ]


def test_duplicate_meeting_is_refused_on_the_second_row(office):
    errors = refused(office, (DATA / "duplicate_row.csv").read_bytes())

    assert errors == [
        "Row 4: “Victim support” in Voluntary organisations is already on row 2. Remove one of "
        "the two rows."
    ]


def test_windows_encoding_is_refused_saying_how_to_save_the_file(office):
    errors = refused(office, (DATA / "windows_1252.csv").read_bytes())

    assert len(errors) == 1
    assert errors[0].startswith("Row 3: the file is not saved as UTF-8")
    assert "CSV UTF-8" in errors[0]


def test_unquoted_comma_is_refused_with_its_row(office):
    errors = refused(office, (DATA / "unquoted_comma.csv").read_bytes())

    assert errors == [
        "Row 3 has 8 cells but the schedule has 7 columns. Put quotes around any cell that "
        "contains a comma."
    ]


def test_file_over_1_mb_is_refused(office):
    data = SEED_SCHEDULE.read_bytes() + b"\n" * (1024 * 1024)

    errors = refused(office, data)

    assert errors[0].startswith("The file is bigger than 1 MB.")


def test_excel_csv_with_bom_blank_rows_and_trailing_columns_is_read(office):
    parsed = parse_schedule((DATA / "excel_utf8.csv").read_bytes(), office=office)

    assert parsed.errors == []
    assert [(r.row, r.title, r.frequency) for r in parsed.rows] == [
        (2, "Health and Wellbeing Board", "bimonthly"),
        (4, "Community Safety Partnerships", "quarterly"),
        (6, "Youth Commission", "twice_yearly"),
    ]
    assert parsed.rows[1].notes == "To precede 'Safer and Stronger'\nPartnership Board"
    assert parsed.rows[2].category == ScheduleCategory.OTHER


def test_as_required_without_a_number_warns_that_no_dates_are_made(office):
    data = HEADER_LINE + b"Public accountability,Police and Crime Panel,,As required,PCC,,\n"

    parsed = parse_schedule(data, office=office)
    result = import_schedule(office, parsed, by=None)

    assert texts(parsed, WARNING) == [
        "Row 2: 'As required' gives no number of meetings a year, so no dates will be generated. "
        "Write 'As required, about 6 a year' to get provisional dates."
    ]
    assert (result.created, result.meetings) == (1, 0)


# --- Importing again ------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(office, officer):
    forum_areas(office)
    _, first = seed(office, by=officer)
    before = counts(office)

    _, second = seed(office, by=officer)

    assert counts(office) == before
    assert before[0] == 24
    assert before[1] == 4  # Strategic IAG, Area IAGs, Community Forums, Custody Visitors
    assert first.meetings == before[2]
    assert (second.created, second.updated, second.unchanged, second.meetings) == (0, 0, 24, 0)


def test_reimport_updates_a_changed_row_and_its_commitment(office):
    seed(office)
    data = SEED_SCHEDULE.read_bytes().replace(
        b"Stakeholder groups,Strategic IAG,Police,,Policy Officer (JM),Policy Support Officer,"
        b"Attendance by PCC for one meeting a year",
        b"Stakeholder groups,Strategic IAG,Police,Quarterly,Policy Officer,Policy Support Officer,"
        b"Attendance by DPCC for two meetings a year",
    )

    parsed = parse_schedule(data, office=office)
    result = import_schedule(office, parsed, by=None)

    assert (result.created, result.updated, result.unchanged, result.meetings) == (0, 1, 23, 4)
    iag = MeetingSeries.objects.get(office=office, title="Strategic IAG")
    assert iag.frequency == Frequency.QUARTERLY
    assert [(c.posts, c.times, c.period_months) for c in iag.commitments.all()] == [
        (["dpcc"], 2, 12)
    ]
    assert MeetingSeries.objects.for_office(office).count() == 24


def test_reimport_keeps_a_commitment_added_by_hand(office):
    seed(office)
    cavas = MeetingSeries.objects.get(office=office, title="Warwickshire CAVA")
    make_commitment(cavas, posts=["dpcc"], description="DPCC to chair the spring meeting")

    _, result = seed(office)

    assert result.unchanged == 24
    assert list(cavas.commitments.values_list("description", flat=True)) == [
        "DPCC to chair the spring meeting"
    ]


def test_reimport_takes_over_a_series_added_by_hand_with_the_same_name(office):
    by_hand = make_series(
        office, title="Health and wellbeing board", category=ScheduleCategory.CRIMINAL_JUSTICE
    )

    _, result = seed(office)

    assert (result.created, result.updated) == (23, 1)
    by_hand.refresh_from_db()
    assert (by_hand.title, by_hand.frequency) == ("Health and Wellbeing Board", Frequency.BIMONTHLY)
    assert by_hand.import_key != ""
    assert MeetingSeries.objects.for_office(office).count() == 24


def test_preview_says_which_rows_are_new_changed_or_unchanged(office):
    seed(office)
    data = SEED_SCHEDULE.read_bytes().replace(
        b"Victim Support,,To be agreed", b"Victim Support,,Monthly"
    )
    data += b"Other,Youth Commission,,Twice a year,DPCC,DPCC,\n"

    statuses = preview_statuses(office, parse_schedule(data, office=office))

    assert statuses[19] == "changed"
    assert statuses[26] == "new"
    assert list(statuses.values()).count("unchanged") == 23


def test_import_does_not_touch_another_office(office, other_office):
    seed(office)

    _, result = seed(other_office)

    assert result.created == 24
    assert MeetingSeries.objects.count() == 48


# --- The management command -----------------------------------------------------------------


def test_command_imports_and_reports_counts_and_warnings(office):
    out, err = StringIO(), StringIO()

    call_command("import_schedule", str(SEED_SCHEDULE), office="avonshire", stdout=out, stderr=err)

    assert MeetingSeries.objects.for_office(office).count() == 24
    assert "Warning: Row 15: could not read 'D CC' in OPCC Attendance" in out.getvalue()
    assert "24 meeting series created, 0 updated, 0 unchanged" in out.getvalue()
    assert err.getvalue() == ""


def test_command_dry_run_saves_nothing(office):
    out = StringIO()

    call_command(
        "import_schedule", str(SEED_SCHEDULE), office="avonshire", dry_run=True, stdout=out
    )

    assert "Dry run: 24 meeting series read" in out.getvalue()
    assert counts(office) == (0, 0, 0)


def test_command_exits_1_and_names_the_row_when_the_file_has_errors(office):
    err = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_schedule", str(DATA / "unknown_frequency.csv"), office="avonshire", stderr=err
        )

    assert raised.value.returncode == 1
    assert "Error: Row 4: Frequency 'every blue moon' is not one we can read." in err.getvalue()
    assert "Nothing was imported: 1 error(s)." in str(raised.value)
    assert counts(office) == (0, 0, 0)


def test_command_refuses_an_unknown_office(office):
    with pytest.raises(CommandError, match="No office has the slug 'nowhere'"):
        call_command("import_schedule", str(SEED_SCHEDULE), office="nowhere")


# --- The upload pages -----------------------------------------------------------------------


def upload(client, path: Path | None = None, data: bytes | None = None, name: str = "schedule.csv"):
    content = data if data is not None else (path or SEED_SCHEDULE).read_bytes()
    return client.post(
        reverse("meetings:import"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_upload_preview_and_import(officer_client, office, officer):
    forum_areas(office)

    response = upload(officer_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:import_preview")

    preview = officer_client.get(reverse("meetings:import_preview"))
    page = preview.content.decode()
    assert "Check the schedule before importing it" in page
    assert "Police and Crime Panel" in page
    assert "As required, about 6 a year" in page
    assert "Quarterly in each forum area" in page
    assert "PCC / DPCC: 1 meeting every 24 months in each forum area" in page
    assert "could not read &#x27;D CC&#x27; in OPCC Attendance" in page
    assert "Import 24 meetings series" in page
    assert MeetingSeries.objects.count() == 0

    done = officer_client.post(
        reverse("meetings:import_preview"), {"digest": preview.context["digest"]}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("meetings:schedule")
    assert MeetingSeries.objects.for_office(office).count() == 24
    assert MeetingSeries.history.filter(history_user=officer).count() >= 24
    assert SESSION_KEY not in officer_client.session


def test_preview_of_a_bad_file_shows_the_rows_errors_and_no_import_button(officer_client):
    upload(officer_client, DATA / "unknown_frequency.csv")

    page = officer_client.get(reverse("meetings:import_preview")).content.decode()

    assert "The schedule cannot be imported" in page
    assert "Row 4: Frequency &#x27;every blue moon&#x27; is not one we can read." in page
    assert 'href="#row-4"' in page
    assert "Import 3" not in page
    officer_client.post(reverse("meetings:import_preview"), {"digest": "anything"})
    assert MeetingSeries.objects.count() == 0


def test_import_refused_when_the_file_changed_since_the_preview(officer_client):
    upload(officer_client)
    old = officer_client.get(reverse("meetings:import_preview")).context["digest"]
    upload(officer_client, DATA / "excel_utf8.csv")

    response = officer_client.post(reverse("meetings:import_preview"), {"digest": old})

    assert response.status_code == 302
    assert MeetingSeries.objects.count() == 0


def test_upload_refuses_a_file_not_saved_as_utf8(officer_client):
    response = upload(officer_client, DATA / "windows_1252.csv")

    assert response.status_code == 200
    assert "CSV UTF-8" in response.content.decode()
    assert SESSION_KEY not in officer_client.session


def test_upload_refuses_a_file_over_1_mb(officer_client):
    response = upload(officer_client, data=b"Category," + b"x" * (1024 * 1024 + 1))

    assert "The file is bigger than 1 MB" in response.content.decode()
    assert SESSION_KEY not in officer_client.session


def test_upload_without_a_file_asks_for_one(officer_client):
    response = officer_client.post(reverse("meetings:import"), {})

    assert "Choose the CSV file of your schedule." in response.content.decode()


def test_preview_without_an_upload_goes_back_to_the_upload_page(officer_client):
    response = officer_client.get(reverse("meetings:import_preview"))

    assert response["Location"] == reverse("meetings:import")


def test_preview_with_a_damaged_session_goes_back_to_the_upload_page(officer_client):
    session = officer_client.session
    session[SESSION_KEY] = {"name": "x.csv", "data": "not base64!"}
    session.save()

    response = officer_client.get(reverse("meetings:import_preview"))

    assert response["Location"] == reverse("meetings:import")


@pytest.mark.parametrize("role", ["commissioner", "deputy", "analyst", "ambassador"])
def test_import_pages_are_for_organisers_only(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = {
        "name": "s.csv",
        "data": base64.b64encode(SEED_SCHEDULE.read_bytes()).decode(),
    }
    session.save()

    assert client.get(reverse("meetings:import")).status_code == 403
    assert upload(client).status_code == 403
    assert client.get(reverse("meetings:import_preview")).status_code == 403
    assert client.post(reverse("meetings:import_preview"), {"digest": ""}).status_code == 403
    assert MeetingSeries.objects.count() == 0


def test_import_pages_ask_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("meetings:import"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_import_goes_into_the_importers_own_office(client, office, other_officer, other_office):
    client.force_login(other_officer)
    upload(client)
    digest = client.get(reverse("meetings:import_preview")).context["digest"]

    client.post(reverse("meetings:import_preview"), {"digest": digest})

    assert MeetingSeries.objects.for_office(other_office).count() == 24
    assert MeetingSeries.objects.for_office(office).count() == 0
