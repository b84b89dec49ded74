"""Import a Pol.is conversation's export into a statement-voting question.

A Pol.is export is a folder of CSV files (format: data/polis-opendata/PROVENANCE.md):
comments.csv (the statements, with their moderation) and the votes, either votes.csv (one row per
vote, oldest first) or participants-votes.csv (one row per participant, a column per comment).
Each comment becomes a Statement (`source_id` = its comment-id; moderated 1 is approved, -1
rejected, 0 waiting) and each participant one Response of channel Pol.is (`source_id` = the
participant id) whose answer to the question is {statement pk: vote}.

The uploaded files travel together as one zip (the Run's payload). `preview(...)` says what an
import would store; `perform_polis_import(run)` does it in the tasks worker, all or nothing;
`create_from_polis(...)` (used by `manage.py import_polis`) makes a closed consultation around a
conversation and imports it at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engage.consultations import runs
from engage.consultations.answers import VOTES
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Run,
    RunKind,
    RunStatus,
    Section,
    Statement,
    StatementStatus,
    Status,
    StrategicArea,
)
from engage.consultations.tasks import RunError
from engage.core.models import Office

MAX_BYTES = 20 * 1024 * 1024
COMMENTS, VOTES_FILE, MATRIX, SUMMARY = (
    "comments.csv",
    "votes.csv",
    "participants-votes.csv",
    "summary.csv",
)
STATUS_BY_MODERATION = {
    1: StatementStatus.APPROVED,
    -1: StatementStatus.REJECTED,
    0: StatementStatus.PENDING,
}
# How many problems of one kind are listed before "and N more".
LISTED = 20
MATRIX_FIXED = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


class PolisRefused(Exception):
    """The files cannot be imported; `problems` says what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class PolisComment:
    row: int
    source_id: str
    text: str
    status: str
    author: str
    created: dt.datetime | None

    @property
    def status_label(self) -> str:
        return str(StatementStatus(self.status).label)


@dataclass
class PolisData:
    """A conversation read from its files, and whatever stops it being imported."""

    comments: list[PolisComment] = field(default_factory=list)
    # participant id -> {comment id: vote}, in the order participants first appear
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    voted_at: dict[str, dt.datetime] = field(default_factory=dict)
    source: str = ""
    problems: list[str] = field(default_factory=list)
    replaced_votes: int = 0
    ignored_files: list[str] = field(default_factory=list)
    summary: dict[str, str] = field(default_factory=dict)

    @property
    def vote_count(self) -> int:
        return sum(len(v) for v in self.votes.values())

    def count(self, status: str) -> int:
        return sum(1 for c in self.comments if c.status == status)

    @property
    def moderated_out(self) -> int:
        return self.count(StatementStatus.REJECTED)

    @property
    def approved(self) -> int:
        return self.count(StatementStatus.APPROVED)

    @property
    def pending(self) -> int:
        return self.count(StatementStatus.PENDING)

    @property
    def can_import(self) -> bool:
        return bool(self.comments) and not self.problems


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack(files: Mapping[str, bytes]) -> bytes:
    """The files as one zip, to keep between the preview and the import."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            # A fixed date: the same files always pack to the same bytes, so their digest tells
            # a second import of one conversation (and a confirmation of what was previewed).
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return buffer.getvalue()


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _moment(text: str) -> dt.datetime | None:
    """Pol.is timestamps are milliseconds since 1970 (UTC)."""
    try:
        return dt.datetime.fromtimestamp(int(text) / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _rows(name: str, content: bytes, problems: list[str]) -> list[list[str]] | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(
            _("%(file)s is not saved as UTF-8 text. Upload the file as Pol.is exported it.")
            % {"file": name}
        )
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.append(
            _("%(file)s could not be read as CSV (%(error)s).") % {"file": name, "error": error}
        )
        return None
    if not rows:
        problems.append(_("%(file)s is empty.") % {"file": name})
        return None
    return rows


def kind_of(name: str, content: bytes) -> str:
    """Which Pol.is file this is, from its header row (names are often changed on download)."""
    first = content[:2000].decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    header = [h.strip().casefold() for h in first.split(",")]
    if "comment-body" in header and "comment-id" in header:
        return COMMENTS
    if "voter-id" in header and "vote" in header:
        return VOTES_FILE
    if header[:1] == ["participant"]:
        return MATRIX
    if header[:1] == ["topic"] or name.lower().endswith(SUMMARY):
        return SUMMARY
    return ""


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED])
    if len(items) > LISTED:
        shown += " " + _("and %(n)s more") % {"n": len(items) - LISTED}
    return shown


def _read_comments(rows: list[list[str]], data: PolisData) -> None:
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ("comment-id", "moderated", "comment-body") if c not in header]
    if missing:
        data.problems.append(
            _("comments.csv has no %(columns)s column. Upload the comments.csv Pol.is exported.")
            % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
        return
    at = {name: header.index(name) for name in header}
    seen: dict[str, int] = {}
    for offset, cells in enumerate(rows[1:]):
        number = offset + 2
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            index = at.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        comment_id = cell("comment-id")
        text = " ".join(cell("comment-body").split())
        try:
            status = STATUS_BY_MODERATION[int(cell("moderated") or "0")]
        except (ValueError, KeyError):
            data.problems.append(
                _("comments.csv row %(row)s: moderated is “%(value)s”; it must be 1, 0 or -1.")
                % {"row": number, "value": cell("moderated")}
            )
            continue
        if not comment_id.isdigit():
            data.problems.append(
                _("comments.csv row %(row)s: the comment-id “%(value)s” is not a number.")
                % {"row": number, "value": comment_id}
            )
            continue
        if comment_id in seen:
            data.problems.append(
                _("comments.csv rows %(a)s and %(b)s have the same comment-id %(id)s.")
                % {"a": seen[comment_id], "b": number, "id": comment_id}
            )
            continue
        if not text:
            data.problems.append(
                _("comments.csv row %(row)s: comment %(id)s has no text.")
                % {"row": number, "id": comment_id}
            )
            continue
        if len(text) > 400:
            data.problems.append(
                _(
                    "comments.csv row %(row)s: comment %(id)s is %(n)s characters long; a "
                    "statement may be at most 400."
                )
                % {"row": number, "id": comment_id, "n": len(text)}
            )
            continue
        seen[comment_id] = number
        data.comments.append(
            PolisComment(
                number, comment_id, text, status, cell("author-id"), _moment(cell("timestamp"))
            )
        )
    data.comments.sort(key=lambda c: int(c.source_id))


def _read_votes(rows: list[list[str]], data: PolisData, known: set[str]) -> None:
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ("comment-id", "voter-id", "vote") if c not in header]
    if missing:
        data.problems.append(
            _("votes.csv has no %(columns)s column. Upload the votes.csv Pol.is exported.")
            % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
        return
    i_comment, i_voter, i_vote = (header.index(c) for c in ("comment-id", "voter-id", "vote"))
    i_time = header.index("timestamp") if "timestamp" in header else None
    latest: dict[tuple[str, str], tuple[int, int]] = {}  # (voter, comment) -> (time, row)
    unknown: dict[str, list[str]] = {}
    bad: list[str] = []
    width = max(i_comment, i_voter, i_vote) + 1
    for offset, cells in enumerate(rows[1:]):
        number = offset + 2
        if len(cells) < width:
            if any(c.strip() for c in cells):
                bad.append(str(number))
            continue
        comment, voter, vote_text = (
            cells[i_comment].strip(),
            cells[i_voter].strip(),
            cells[i_vote].strip(),
        )
        try:
            vote = int(vote_text)
        except ValueError:
            vote = 99
        if vote not in VOTES or not voter:
            bad.append(str(number))
            continue
        if comment not in known:
            unknown.setdefault(comment, []).append(str(number))
            continue
        stamp = cells[i_time].strip() if i_time is not None and i_time < len(cells) else ""
        when = int(stamp) if stamp.isdigit() else 0
        key = (voter, comment)
        previous = latest.get(key)
        participant = data.votes.setdefault(voter, {})
        if previous is not None:
            data.replaced_votes += 1
            # votes.csv is oldest first; a later row (or a later timestamp) is the vote that counts.
            if (when, number) < previous:
                continue
        latest[key] = (when, number)
        participant[comment] = vote
        moment = _moment(stamp) if stamp else None
        if moment and (voter not in data.voted_at or moment > data.voted_at[voter]):
            data.voted_at[voter] = moment
    if bad:
        data.problems.append(
            _(
                "votes.csv rows %(rows)s: a vote must be 1 (agree), -1 (disagree) or 0 (pass), "
                "with the voter-id filled in."
            )
            % {"rows": _listing(bad)}
        )
    for comment, numbers in sorted(unknown.items()):
        data.problems.append(
            _(
                "votes.csv rows %(rows)s: votes for comment %(id)s, which is not in comments.csv. "
                "Upload the comments.csv of the same conversation."
            )
            % {"rows": _listing(numbers), "id": comment or "–"}
        )


def _read_matrix(rows: list[list[str]], data: PolisData, known: set[str]) -> None:
    header = [h.strip() for h in rows[0]]
    if not header or header[0] != "participant":
        data.problems.append(_("participants-votes.csv must start with a “participant” column."))
        return
    comment_columns = [
        (index, name) for index, name in enumerate(header) if name not in MATRIX_FIXED and name
    ]
    unknown_columns = {index: name for index, name in comment_columns if name not in known}
    unknown_rows: dict[str, list[str]] = {}
    bad: list[str] = []
    usable = [(index, name) for index, name in comment_columns if index not in unknown_columns]
    seen: set[str] = set()
    for offset, cells in enumerate(rows[1:]):
        number = offset + 2
        participant = cells[0].strip() if cells else ""
        if not participant:
            if any(c.strip() for c in cells):
                bad.append(str(number))
            continue
        if participant in seen:
            data.problems.append(
                _("participants-votes.csv row %(row)s: participant %(id)s appears twice.")
                % {"row": number, "id": participant}
            )
            continue
        seen.add(participant)
        votes: dict[str, int] = {}
        width = len(cells)
        for index, name in usable:
            if index >= width:
                break
            text = cells[index]
            if not text:
                continue
            if text in ("1", "-1", "0"):
                votes[name] = int(text)
            else:
                bad.append(str(number))
                break
        for index, name in unknown_columns.items():
            if index < width and cells[index].strip():
                unknown_rows.setdefault(name, []).append(str(number))
        data.votes[participant] = votes
    if bad:
        data.problems.append(
            _(
                "participants-votes.csv rows %(rows)s: a vote must be 1 (agree), -1 (disagree), "
                "0 (pass) or blank, with the participant filled in."
            )
            % {"rows": _listing(sorted(set(bad), key=int))}
        )
    for name, numbers in unknown_rows.items():
        data.problems.append(
            _(
                "participants-votes.csv rows %(rows)s: votes for comment %(id)s, which is not in "
                "comments.csv. Upload the comments.csv of the same conversation."
            )
            % {"rows": _listing(numbers), "id": name}
        )


def read_polis(files: Mapping[str, bytes]) -> PolisData:
    """Read a conversation from its files (named anything: they are told apart by their headers)."""
    data = PolisData()
    by_kind: dict[str, tuple[str, bytes]] = {}
    for name, content in files.items():
        if not content.strip():
            continue
        kind = kind_of(name, content)
        if not kind:
            data.problems.append(
                _(
                    "%(file)s is not a Pol.is export file. Upload comments.csv with votes.csv "
                    "or participants-votes.csv."
                )
                % {"file": name}
            )
        else:
            by_kind[kind] = (name, content)
    if COMMENTS not in by_kind:
        data.problems.append(_("Upload comments.csv: it holds the statements."))
    if VOTES_FILE not in by_kind and MATRIX not in by_kind:
        data.problems.append(_("Upload votes.csv or participants-votes.csv: they hold the votes."))
    if data.problems:
        return data
    if SUMMARY in by_kind:
        for cells in _rows(SUMMARY, by_kind[SUMMARY][1], []) or []:
            if len(cells) >= 2:
                data.summary[cells[0].strip()] = cells[1].strip()
    rows = _rows(by_kind[COMMENTS][0], by_kind[COMMENTS][1], data.problems)
    if rows is None:
        return data
    _read_comments(rows, data)
    known = {c.source_id for c in data.comments}
    # votes.csv keeps each vote's time; participants-votes.csv is the same votes as a table.
    kind = VOTES_FILE if VOTES_FILE in by_kind else MATRIX
    if kind == VOTES_FILE and MATRIX in by_kind:
        data.ignored_files.append(by_kind[MATRIX][0])
    name, content = by_kind[kind]
    rows = _rows(name, content, data.problems)
    if rows is None:
        return data
    data.source = kind
    if kind == VOTES_FILE:
        _read_votes(rows, data, known)
    else:
        _read_matrix(rows, data, known)
        _date_from_comments(data)
    if not data.votes and not data.problems:
        data.problems.append(_("%(file)s holds no votes.") % {"file": name})
    return data


def _date_from_comments(data: PolisData) -> None:
    """participants-votes.csv has no times: a participant's last comment, or the last of all."""
    moments = [c.created for c in data.comments if c.created]
    last = max(moments) if moments else None
    for comment in data.comments:
        if comment.created and comment.author in data.votes:
            known = data.voted_at.get(comment.author)
            if known is None or comment.created > known:
                data.voted_at[comment.author] = comment.created
    if last:
        for participant in data.votes:
            data.voted_at.setdefault(participant, last)


# -- into a question ------------------------------------------------------------------------------


def question_problems(
    question: Question, data: PolisData, digest: str, run: Run | None
) -> list[str]:
    """Reasons this conversation cannot go into this question (above all: it is there already)."""
    problems = []
    if question.kind != QuestionKind.STATEMENTS:
        problems.append(
            _("A Pol.is conversation can only be imported into a statement-voting question.")
        )
        return problems
    earlier = Run.objects.filter(
        consultation=question.consultation, kind=RunKind.POLIS_IMPORT
    ).exclude(status=RunStatus.FAILED)
    if run is not None:
        earlier = earlier.exclude(pk=run.pk)
    if earlier.filter(Q(result__digest=digest) | Q(result__options__digest=digest)).exists():
        problems.append(
            _(
                "These files have already been imported into this consultation (or are being "
                "imported now). Importing them again would count every participant twice."
            )
        )
        return problems
    ids = [c.source_id for c in data.comments]
    taken = set(question.statements.filter(source_id__in=ids).values_list("source_id", flat=True))
    if taken:
        problems.append(
            _(
                "The question already has statements imported from comments %(ids)s: this "
                "conversation seems to have been imported before."
            )
            % {"ids": _listing(sorted(taken, key=int))}
        )
    participants = list(data.votes)
    already = set(
        Response.objects.filter(
            consultation=question.consultation,
            channel=ResponseChannel.POLIS,
            source_id__in=participants,
        ).values_list("source_id", flat=True)[: LISTED + 1]
    )
    if already and not taken:
        problems.append(
            _(
                "Participants %(ids)s are already in this consultation from an earlier Pol.is "
                "import. Import each conversation once."
            )
            % {"ids": _listing(sorted(already))}
        )
    return problems


@dataclass
class PolisPreview:
    question: Question
    data: PolisData
    digest: str
    problems: list[str]

    @property
    def can_import(self) -> bool:
        return self.data.can_import and not self.problems

    @property
    def all_problems(self) -> list[str]:
        return self.data.problems + self.problems


def preview(question: Question, files: Mapping[str, bytes]) -> PolisPreview:
    packed = pack(files)
    data = read_polis(files)
    digest = digest_of(packed)
    problems = question_problems(question, data, digest, None) if not data.problems else []
    return PolisPreview(question, data, digest, problems)


def import_into(
    question: Question,
    data: PolisData,
    *,
    by: Any,
    progress: Callable[[int, str], None] | None = None,
) -> dict[str, Any]:
    """Save the statements and a Response per participant, in the caller's transaction.

    The votes are checked here in bulk by the rule answers.check_answer applies to one response
    (a vote is 1, -1 or 0, for a statement of the question), which the reading already ensured.
    """
    report = progress or (lambda percent, stage: None)
    now = timezone.now()
    consultation = question.consultation
    report(20, _("Saving the statements"))
    statements = [
        Statement(
            question=question,
            text=comment.text,
            status=comment.status,
            source_id=comment.source_id,
            moderated_by=by if comment.status != StatementStatus.PENDING else None,
            moderated_at=now if comment.status != StatementStatus.PENDING else None,
        )
        for comment in data.comments
    ]
    Statement.objects.bulk_create(statements, batch_size=500)
    pk_of = {s.source_id: str(s.pk) for s in statements}
    if any(s.pk is None for s in statements):  # pragma: no cover - every supported database
        raise RunError(_("The statements could not be saved."))
    report(40, _("Saving the participants' votes"))
    responses = []
    for participant, votes in data.votes.items():
        answer = {pk_of[comment]: vote for comment, vote in votes.items()}
        responses.append(
            Response(
                office=consultation.office,
                consultation=consultation,
                channel=ResponseChannel.POLIS,
                source_id=participant[:60],
                answers={question.key: answer} if answer else {},
                submitted_at=data.voted_at.get(participant, now),
                entered_by=by,
            )
        )
    batch = 500
    for start in range(0, len(responses), batch):
        Response.objects.bulk_create(responses[start : start + batch])
        report(40 + int(50 * (start + batch) / max(1, len(responses))), _("Saving the votes"))
    # Who wrote each statement, where the author voted too.
    response_of = {r.source_id: r for r in responses}
    written = []
    for statement, comment in zip(statements, data.comments, strict=True):
        author = response_of.get(comment.author)
        if author is not None:
            statement.author = author
            written.append(statement)
    Statement.objects.bulk_update(written, ["author"], batch_size=500)
    return {
        "kind": "polis_import",
        "question": question.pk,
        "statements": len(statements),
        "approved": data.count(StatementStatus.APPROVED),
        "rejected": data.count(StatementStatus.REJECTED),
        "pending": data.count(StatementStatus.PENDING),
        "participants": len(responses),
        "votes": data.vote_count,
        "replaced_votes": data.replaced_votes,
        "source": data.source,
    }


def start_polis_import(question: Question, files: Mapping[str, bytes], *, by: Any) -> Run:
    """Queue the import of checked files; the tasks worker runs `perform_polis_import`."""
    packed = pack(files)
    return runs.start(
        question.consultation.office,
        RunKind.POLIS_IMPORT,
        consultation=question.consultation,
        by=by,
        payload=packed,
        payload_name=" + ".join(sorted(files))[:200],
        options={"question": question.pk, "digest": digest_of(packed)},
    )


def perform_polis_import(run: Run) -> dict[str, Any]:
    """Read the files again and import them into the Run's question, all or nothing."""
    options = (run.result or {}).get("options", {})
    question = (
        Question.objects.select_related("consultation__office")
        .filter(pk=options.get("question"), consultation=run.consultation)
        .first()
    )
    if question is None:
        raise RunError(_("The question this conversation was to go into no longer exists."))
    runs.progress(run, 5, _("Reading the files"))
    payload = bytes(run.payload)
    data = read_polis(unpack(payload))
    with transaction.atomic():
        Consultation.objects.select_for_update().filter(pk=question.consultation_id).first()
        problems = data.problems or question_problems(question, data, digest_of(payload), run)
        if problems:
            raise RunError(
                _("Nothing was imported. Fix this and import the files again:")
                + "\n"
                + "\n".join(problems[:10])
            )
        result = import_into(
            question,
            data,
            by=run.started_by,
            progress=lambda percent, stage: runs.progress(run, percent, stage),
        )
    result["digest"] = digest_of(payload)
    return result


# -- a consultation from a folder (manage.py import_polis) ----------------------------------------


def _files_from(directory_or_files: Path | str | Mapping[str, bytes]) -> dict[str, bytes]:
    if isinstance(directory_or_files, Mapping):
        return dict(directory_or_files)
    folder = Path(directory_or_files)
    if not folder.is_dir():
        raise PolisRefused([_("%(path)s is not a folder.") % {"path": folder}])
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.glob("*.csv"))
        if path.name in (COMMENTS, VOTES_FILE, MATRIX, SUMMARY)
    }


def _free_slug(office: Office, title: str) -> str:
    base = (slugify(title) or "polis")[:70]
    taken = set(
        Consultation.objects.for_office(office)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_from_polis(
    office: Office,
    directory_or_files: Path | str | Mapping[str, bytes],
    *,
    by: Any,
    title: str = "",
) -> Consultation:
    """A closed statement-voting consultation holding the conversation; PolisRefused if it cannot.

    Side effects: creates the consultation, one section, one statements question, a statement
    per comment and a response per participant, in one transaction.
    """
    files = _files_from(directory_or_files)
    data = read_polis(files)
    if data.problems:
        raise PolisRefused(data.problems)
    topic = data.summary.get("topic", "")
    name = (
        title
        or topic
        or (Path(directory_or_files).name if not isinstance(directory_or_files, Mapping) else "")
        or _("Pol.is conversation")
    )
    about = data.summary.get("conversation-description", "")
    source = data.summary.get("url", "")
    description = about or _("Statements and votes imported from a Pol.is conversation.")
    if source:
        description += "\n\n" + _("Imported from the Pol.is conversation at %(url)s.") % {
            "url": source
        }
    with transaction.atomic():
        consultation = Consultation.objects.create(
            office=office,
            title=name[:200],
            slug=_free_slug(office, name),
            description=description,
            strategic_area=StrategicArea.OTHER,
            status=Status.CLOSED,
            owner=by,
            ask_demographics=False,
        )
        section = Section.objects.create(consultation=consultation, title=_("Statements"))
        question = Question.objects.create(
            consultation=consultation,
            section=section,
            kind=QuestionKind.STATEMENTS,
            text=(topic or about or name)[:500],
            help_text=about if topic else "",
            allow_new_statements=False,
        )
        import_into(question, data, by=by)
    return consultation
