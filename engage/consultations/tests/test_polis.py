"""Importing Pol.is conversations: both real exports in data/polis-opendata."""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from engage.consultations import polis
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Run,
    RunStatus,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
)

DATA = Path(settings.BASE_DIR) / "data" / "polis-opendata"
BREXIT = DATA / "brexit-consensus"
BOWLING_GREEN = DATA / "american-assembly.bowling-green"


def _read(folder: Path, *names: str) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


def _matrix(folder: Path) -> dict[str, dict[str, int]]:
    """participants-votes.csv as {participant: {comment: vote}}, read plainly."""
    with (folder / "participants-votes.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return {
        row[0]: {header[i]: int(row[i]) for i in range(6, len(row)) if row[i] != ""}
        for row in rows[1:]
    }


def _comments(folder: Path) -> list[dict[str, str]]:
    with (folder / "comments.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def question(office):
    consultation = Consultation.objects.create(
        office=office,
        title="Can there be consensus on Brexit?",
        slug="brexit",
        description="An experimental conversation.",
        strategic_area=StrategicArea.OTHER,
        status=Status.CLOSED,
    )
    section = Section.objects.create(consultation=consultation, title="Statements")
    return Question.objects.create(
        consultation=consultation,
        section=section,
        kind=QuestionKind.STATEMENTS,
        text="Can there be consensus on Brexit?",
    )


def _stored_votes(question: Question) -> dict[str, dict[str, int]]:
    source_of = {str(s.pk): s.source_id for s in question.statements.all()}
    return {
        r.source_id: {source_of[pk]: v for pk, v in r.answers.get(question.key, {}).items()}
        for r in Response.objects.filter(consultation=question.consultation)
    }


def test_brexit_from_votes_csv_keeps_each_voters_last_vote(question, officer):
    data = polis.read_polis(_read(BREXIT, "comments.csv", "votes.csv"))
    assert data.problems == []
    assert (len(data.comments), len(data.votes), data.vote_count) == (50, 204, 5303)
    assert data.replaced_votes == 9  # 5,312 rows, 5,303 distinct voter and comment pairs

    result = polis.import_into(question, data, by=officer)

    assert (result["statements"], result["participants"], result["votes"]) == (50, 204, 5303)
    assert question.statements.count() == 50
    assert set(question.statements.values_list("status", flat=True)) == {StatementStatus.APPROVED}
    responses = Response.objects.filter(consultation=question.consultation)
    assert set(responses.values_list("channel", flat=True)) == {ResponseChannel.POLIS}
    # Pol.is's own table of each participant's standing votes agrees with the last votes kept.
    assert _stored_votes(question) == _matrix(BREXIT)
    first = responses.get(source_id="0")
    assert first.submitted_at.year == 2017


def test_brexit_from_participants_votes_gives_the_same_votes(question, officer):
    data = polis.read_polis(_read(BREXIT, "comments.csv", "participants-votes.csv"))
    polis.import_into(question, data, by=officer)

    assert _stored_votes(question) == _matrix(BREXIT)


def test_bowling_green_imports_every_statement_participant_and_vote(office, officer):
    comments = _comments(BOWLING_GREEN)
    matrix = _matrix(BOWLING_GREEN)
    started = time.perf_counter()

    consultation = polis.create_from_polis(office, BOWLING_GREEN, by=officer)

    seconds = time.perf_counter() - started
    question = consultation.questions.get()
    statuses = Counter(question.statements.values_list("status", flat=True))
    assert sum(statuses.values()) == len(comments) == 896
    moderated = Counter(c["moderated"] for c in comments)
    assert statuses == {
        StatementStatus.APPROVED: moderated["1"],
        StatementStatus.REJECTED: moderated["-1"],
    }
    assert consultation.responses.count() == len(matrix) == 2031
    assert sum(len(v) for v in _stored_votes(question).values()) == sum(
        len(v) for v in matrix.values()
    )
    assert _stored_votes(question) == matrix
    assert consultation.status == Status.CLOSED
    assert consultation.title == "Improving Bowling Green / Warren County"
    # A statement's author is the participant who wrote it.
    by_id = {c["comment-id"]: c["author-id"] for c in comments}
    written = question.statements.exclude(author=None).select_related("author")
    assert written.count() > 800
    assert all(s.author.source_id == by_id[s.source_id] for s in written)
    print(f"bowling-green imported in {seconds:.2f} s")
    assert seconds < 30


def test_votes_for_statements_not_in_comments_csv_are_refused_with_rows(question):
    comments = (BREXIT / "comments.csv").read_text().splitlines()
    without_3 = "\n".join(line for line in comments if ",3,0," not in line.split('"')[0])
    data = polis.read_polis(
        {"comments.csv": without_3.encode(), "votes.csv": (BREXIT / "votes.csv").read_bytes()}
    )

    with (BREXIT / "votes.csv").open(newline="") as handle:
        rows = [n for n, r in enumerate(csv.DictReader(handle), start=2) if r["comment-id"] == "3"]
    assert len(data.comments) == 49
    assert len(data.problems) == 1
    assert data.problems[0].startswith(
        f"votes.csv rows {', '.join(map(str, rows[:20]))} and {len(rows) - 20} more: "
    )
    assert data.problems[0].endswith(
        "votes for comment 3, which is not in comments.csv. Upload the comments.csv of the same "
        "conversation."
    )

    matrix = polis.read_polis(
        {
            "comments.csv": without_3.encode(),
            "participants-votes.csv": (BREXIT / "participants-votes.csv").read_bytes(),
        }
    )
    assert matrix.problems[0].startswith("participants-votes.csv rows 2, 3, 4, ")
    assert "votes for comment 3, which is not in comments.csv" in matrix.problems[0]


def test_a_later_vote_replaces_an_earlier_one():
    comments = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    comments += b"1500000000000,x,0,0,1,0,1,More police on the beat\n"
    comments += b"1500000000000,x,1,0,1,0,0,Close the station at night\n"
    comments += b"1500000000000,x,2,0,1,0,-1,Something rude\n"
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n"
    votes += b"1500000001000,x,0,7,1\n1500000005000,x,0,7,-1\n1500000003000,x,1,7,0\n"
    votes += b"1500000002000,x,1,8,2\n"

    data = polis.read_polis({"c.csv": comments, "v.csv": votes})

    assert data.problems == [
        "votes.csv rows 5: a vote must be 1 (agree), -1 (disagree) or 0 (pass), with the "
        "voter-id filled in."
    ]
    assert data.votes == {"7": {"0": -1, "1": 0}}
    assert [c.status for c in data.comments] == ["approved", "pending", "rejected"]
    assert data.voted_at["7"].timestamp() == 1500000005


def test_the_same_files_pack_to_the_same_bytes_whenever_packed():
    files = _read(BREXIT, "comments.csv", "votes.csv")
    first = polis.pack(files)
    time.sleep(2.1)  # zip entries keep times to two seconds

    assert polis.pack(dict(reversed(files.items()))) == first
    assert polis.unpack(first) == files


def test_missing_files_are_named(question):
    data = polis.read_polis(_read(BREXIT, "votes.csv"))
    assert data.problems == ["Upload comments.csv: it holds the statements."]
    data = polis.read_polis({"notes.csv": b"hello,world\n1,2\n"})
    assert data.problems[0].startswith("notes.csv is not a Pol.is export file.")


def test_import_polis_command_prints_the_id(office, capsys):
    call_command("import_polis", str(BREXIT), "--title", "Brexit consensus (Pol.is)")

    last = capsys.readouterr().out.strip().splitlines()[-1]
    consultation = Consultation.objects.get(pk=int(last))
    assert consultation.office == office
    assert consultation.title == "Brexit consensus (Pol.is)"
    assert consultation.status == Status.CLOSED
    assert consultation.responses.count() == 204
    assert Statement.objects.filter(question__consultation=consultation).count() == 50


def test_import_polis_command_says_what_is_wrong(office, tmp_path):
    with pytest.raises(
        CommandError, match=re.escape("No office has the slug 'nowhere'. Offices: avonshire.")
    ):
        call_command("import_polis", str(BREXIT), "--office", "nowhere")
    (tmp_path / "comments.csv").write_text("comment-id,comment-body,moderated\n1,Hi,1\n")
    with pytest.raises(CommandError, match=re.escape("Upload votes.csv or participants-votes.csv")):
        call_command("import_polis", str(tmp_path))


def test_import_polis_command_needs_an_office(db):
    with pytest.raises(CommandError, match="There is no office yet"):
        call_command("import_polis", str(BREXIT))


# -- the pages ---------------------------------------------------------------------------------


def _files(folder: Path, *names: str) -> dict[str, io.BytesIO]:
    files = {}
    for field, name in zip(("comments", "votes"), names, strict=False):
        handle = io.BytesIO((folder / name).read_bytes())
        handle.name = name
        files[field] = handle
    return files


def test_polis_pages_preview_then_import_once(
    officer_client, question, django_capture_on_commit_callbacks
):
    upload = reverse("consultations:polis_import", args=[question.consultation_id, question.pk])
    preview = reverse(
        "consultations:polis_import_preview", args=[question.consultation_id, question.pk]
    )
    sent = officer_client.post(upload, _files(BREXIT, "comments.csv", "votes.csv"))
    assert sent["Location"] == preview
    page = officer_client.get(preview)
    assert page.status_code == 200
    assert "50 statements" in page.text
    assert "204 participants, each imported as one response" in page.text
    assert "5303" in page.text
    assert "9 votes were changed later; the later vote is kept." in page.text

    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(preview, {"digest": page.context["preview"].digest})

    run = Run.objects.get()
    assert run.status == RunStatus.DONE
    assert done["Location"] == reverse("consultations:run", args=[run.pk])
    shown = officer_client.get(done["Location"])
    assert "The conversation has been imported." in shown.text
    assert "50 statements, 204 participants (each one response) and 5303 votes" in shown.text
    assert Response.objects.filter(consultation=question.consultation).count() == 204

    officer_client.post(upload, _files(BREXIT, "comments.csv", "votes.csv"))
    again = officer_client.get(preview)
    assert again.status_code == 400
    assert "These files have already been imported into this consultation" in again.text


def test_polis_upload_needs_the_votes(officer_client, question):
    upload = reverse("consultations:polis_import", args=[question.consultation_id, question.pk])
    page = officer_client.post(upload, _files(BREXIT, "comments.csv"))
    assert page.status_code == 400
    assert "Choose votes.csv or participants-votes.csv: they hold the votes." in page.text


def test_polis_import_is_only_for_statement_questions(officer_client, question):
    other = Question.objects.create(
        consultation=question.consultation,
        section=question.section,
        kind=QuestionKind.TEXT,
        text="Anything else?",
    )
    url = reverse("consultations:polis_import", args=[question.consultation_id, other.pk])
    assert officer_client.get(url).status_code == 404
