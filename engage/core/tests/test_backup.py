"""Backup and restore lose nothing: the demo office is backed up, restored into an empty
database (a scratch SQLite file, or a scratch PostgreSQL database made for the test) and every row
of every table, and every media file, is found again."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

from engage.core.backup import BackupError, backup, find_pg_tool, restore, table_names
from engage.core.demo import load_demo
from engage.core.models import Office

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scratch(tmp_path) -> Iterator[BaseDatabaseWrapper]:
    """A connection to an empty database of the same engine as the suite's, dropped afterwards.

    On PostgreSQL its name carries this process's id: other runs may share the server."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    created = None
    if connection.vendor == "postgresql":
        import psycopg

        created = f"engage_restore_test_{os.getpid()}"
        server = {
            "dbname": "postgres",
            "user": settings_dict["USER"] or None,
            "password": settings_dict["PASSWORD"] or None,
            "host": settings_dict["HOST"] or None,
            "port": settings_dict["PORT"] or None,
        }
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{created}"')
            admin.execute(f'CREATE DATABASE "{created}"')
        settings_dict["NAME"] = created
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "scratch")
    try:
        yield wrapper
    finally:
        wrapper.close()
        if created:
            with psycopg.connect(**server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


def _value(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def table_digests(db: BaseDatabaseWrapper) -> dict[str, tuple[int, str]]:
    """Every table's row count and a sha256 of all its rows, sorted."""
    digests = {}
    with db.cursor() as cursor:
        for table in table_names(cursor, db.vendor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            rows = sorted(repr(tuple(map(_value, row))) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            digests[table] = (len(rows), digest)
    return digests


def media_digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _some_media(settings) -> None:
    root = Path(settings.MEDIA_ROOT)
    (root / "publishing" / "documents").mkdir(parents=True, exist_ok=True)
    (root / "publishing" / "documents" / "plan.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (root / "sms").mkdir(exist_ok=True)
    (root / "sms" / "07700900123.txt").write_text("Your surgery is at 10:00.", encoding="utf-8")


def _back_up(tmp_path) -> Path:
    call_command("backup", str(tmp_path / "backups"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    (manifest,) = (tmp_path / "backups").glob("*.json")
    return manifest


def test_restore_of_the_demo_finds_every_row_and_file(settings, tmp_path, scratch):
    load_demo(today=timezone.localdate())
    _some_media(settings)
    source_tables = table_digests(connection)
    source_media = media_digests(Path(settings.MEDIA_ROOT))

    manifest_path = _back_up(tmp_path)
    result = restore(manifest_path, connection=scratch, media_root=tmp_path / "restored-media")

    assert result.differences == []
    assert result.pending_migrations == []
    assert table_digests(scratch) == source_tables
    assert media_digests(tmp_path / "restored-media") == source_media
    manifest = json.loads(manifest_path.read_text())
    assert manifest["tables"] == {table: count for table, (count, _) in source_tables.items()}
    assert manifest["engine"] == connection.vendor
    assert manifest["media"]["files"] == len(source_media)
    assert manifest["migrations"]["core"][0] == "0001_initial"


def test_restore_refuses_a_database_that_has_tables(office, tmp_path):
    manifest_path = _back_up(tmp_path)
    with pytest.raises(CommandError, match=r"already has .* tables. A restore goes into an empty"):
        call_command("restore", str(manifest_path))
    assert Office.objects.get() == office


def test_restore_refuses_media_over_existing_files(office, settings, tmp_path, scratch):
    manifest_path = _back_up(tmp_path)
    (tmp_path / "other-media").mkdir()
    (tmp_path / "other-media" / "kept.txt").write_text("kept")
    with pytest.raises(BackupError, match="already has 1 files"):
        restore(manifest_path, connection=scratch, media_root=tmp_path / "other-media")


def test_restore_with_force_replaces_a_database_that_has_tables(office, tmp_path, scratch):
    manifest_path = _back_up(tmp_path)
    restore(manifest_path, connection=scratch, media_root=tmp_path / "m1")
    Office.objects.create(name="A later office", short_name="Later", slug="later")
    later = _back_up(tmp_path / "later")

    result = restore(later, connection=scratch, media_root=tmp_path / "m1", force=True)

    assert result.differences == []
    assert table_digests(scratch) == table_digests(connection)


def test_restore_refuses_a_changed_database_file(office, tmp_path, scratch):
    manifest_path = _back_up(tmp_path)
    manifest = json.loads(manifest_path.read_text())
    with (manifest_path.parent / manifest["database"]["file"]).open("ab") as f:
        f.write(b"\0")
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore(manifest_path, connection=scratch, media_root=tmp_path / "m")
    assert table_digests(scratch) == {}


def test_restore_command_says_the_checksum_does_not_match(office, tmp_path):
    manifest_path = _back_up(tmp_path)
    manifest = json.loads(manifest_path.read_text())
    (manifest_path.parent / manifest["media"]["file"]).write_bytes(b"not the archive")
    with pytest.raises(CommandError, match=r"media archive .* does not match its checksum"):
        call_command("restore", str(manifest_path))


def test_restore_refuses_a_backup_of_the_other_engine(office, tmp_path, scratch):
    manifest_path = _back_up(tmp_path)
    manifest = json.loads(manifest_path.read_text())
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    manifest_path.write_text(json.dumps({**manifest, "engine": other}))
    with pytest.raises(
        BackupError, match=r"This is a backup of a .* database, and this installation"
    ):
        restore(manifest_path, connection=scratch, media_root=tmp_path / "m")


def test_restore_reports_tables_whose_rows_differ_from_the_manifest(office, tmp_path, scratch):
    manifest_path = _back_up(tmp_path)
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["core_office"] = 2
    manifest_path.write_text(json.dumps(manifest))

    result = restore(manifest_path, connection=scratch, media_root=tmp_path / "m")

    assert result.differences == ["core_office: 2 in the backup, 1 restored"]


def test_restore_of_a_missing_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "engage-20260101-000000.json"))


def test_restore_without_its_manifest_says_the_backup_is_incomplete(office, tmp_path):
    manifest_path = _back_up(tmp_path)
    database_file = json.loads(manifest_path.read_text())["database"]["file"]
    manifest_path.unlink()
    with pytest.raises(CommandError, match=r"manifest.* does not exist; .* incomplete"):
        call_command("restore", str(manifest_path.parent / database_file))


def test_backup_never_overwrites_another(office, tmp_path):
    now = timezone.now()
    backup(tmp_path, connection=connection, media_root=tmp_path / "media", now=now)
    with pytest.raises(BackupError, match="already exists"):
        backup(tmp_path, connection=connection, media_root=tmp_path / "media", now=now)


def test_missing_pg_dump_is_named_with_how_to_install_it(tmp_path):
    with pytest.raises(BackupError, match=r"pg_dump was not found .* apt-get install"):
        find_pg_tool("pg_dump", search_path=str(tmp_path))


def test_backups_kept_under_media_root_are_not_backed_up_again(office, settings, tmp_path):
    _some_media(settings)
    inside = Path(settings.MEDIA_ROOT) / "backups"
    first = backup(inside, connection=connection, media_root=Path(settings.MEDIA_ROOT))
    second = backup(
        inside,
        connection=connection,
        media_root=Path(settings.MEDIA_ROOT),
        now=timezone.now() + dt.timedelta(seconds=1),
    )
    assert first.manifest["media"]["files"] == second.manifest["media"]["files"] == 2
