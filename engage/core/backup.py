"""Backing up and restoring a whole installation: the database and the uploaded files.

A backup is three files with one name: the database (`<name>.sqlite3`, a copy made with SQLite's
backup API, or `<name>.pgdump`, from `pg_dump --format=custom`), the media (`<name>.media.tar.gz`,
everything under MEDIA_ROOT) and a manifest (`<name>.json`: engine, applied migrations, rows per
table, each file's size and sha256, when it was made). The manifest is written last, so a backup
without one is incomplete and is never restored.

The rows counted for the manifest are the rows in the backup: on SQLite they are counted in the
copy; on PostgreSQL in a REPEATABLE READ transaction whose snapshot pg_dump is given, so a site
that keeps writing during the backup cannot make them disagree.

A restore goes into an empty database only (unless forced), checks the manifest's engine and
checksums before it writes anything, and afterwards counts every table again against the
manifest. Command output is plain English; nothing here is shown to staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DATABASE_SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
MEDIA_SUFFIX = ".media.tar.gz"
# Where pg_dump and pg_restore are looked for after PATH (Debian's postgresql-client).
PG_FALLBACK = "/usr/bin"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class BackupResult:
    """What a backup wrote and what it holds."""

    manifest_path: Path
    database_path: Path
    media_path: Path
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    """What a restore put back, and anything that does not match the manifest."""

    manifest: dict[str, Any]
    tables: dict[str, int]
    media_files: int
    differences: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)


def engine_of(connection: BaseDatabaseWrapper) -> str:
    vendor = str(connection.vendor)
    if vendor not in ENGINES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_names(cursor: Any, engine: str) -> list[str]:
    """Every table of ours in the database (not SQLite's or PostgreSQL's own), sorted."""
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg\\_toast%' AND pg_table_is_visible(c.oid) "
            "ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor: Any, engine: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, engine):
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608 - a quoted table name
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any, tables: dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


# PostgreSQL tools -------------------------------------------------------------------------------


def find_pg_tool(name: str, search_path: str | None = None) -> str:
    """The path of pg_dump or pg_restore: on PATH, else in /usr/bin."""
    path = search_path if search_path is not None else f"{os.environ.get('PATH', '')}:{PG_FALLBACK}"
    found = shutil.which(name, path=path)
    if found is None:
        raise BackupError(
            f"{name} was not found (looked on PATH and in {PG_FALLBACK}). Install the PostgreSQL "
            f"client tools of the server's major version (on Debian: apt-get install "
            f"postgresql-client)."
        )
    return found


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the database in Django's settings, so no password is on the
    command line (where `ps` would show it)."""
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - our own arguments, no shell
            command, env=env, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{command[0]} could not be run: {error}.") from error
    if done.returncode != 0:
        detail = done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")
    return done.stdout


def _tool_version(tool: str) -> str:
    return _run([tool, "--version"], dict(os.environ)).strip()


# Backup -----------------------------------------------------------------------------------------


def _backup_sqlite(
    connection: BaseDatabaseWrapper, path: Path
) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(path)
    try:
        # One step (pages=-1) copies a consistent snapshot; in WAL mode the site's writers carry on
        # meanwhile.
        source.backup(target)
        # The copy is a plain file that opens without a -wal beside it, and is checked whole.
        target.execute("PRAGMA journal_mode=DELETE")
        check = target.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The copy of the database failed SQLite's check: {check}.")
        cursor = target.cursor()
        counts = row_counts(cursor, "sqlite")
        migrations = _migrations(cursor, counts)
        cursor.close()
    finally:
        target.close()
    return counts, migrations


def _backup_postgresql(
    connection: BaseDatabaseWrapper, path: Path
) -> tuple[dict[str, int], dict[str, list[str]], str]:
    pg_dump = find_pg_tool("pg_dump")
    version = _tool_version(pg_dump)
    snapshot_holder = connection.copy()
    snapshot_holder.ensure_connection()
    raw = snapshot_holder.connection
    try:
        with raw.cursor() as cursor:
            # The counts and pg_dump read the same snapshot, exported from this transaction.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor, "postgresql")
            migrations = _migrations(cursor, counts)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                _pg_env(connection.settings_dict),
            )
            cursor.execute("COMMIT")
    finally:
        snapshot_holder.close()
    return counts, migrations, version


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _archive_media(root: Path, path: Path, *, leave_out: Path) -> tuple[int, int]:
    # Backups kept under MEDIA_ROOT would otherwise each hold all the ones before them.
    leave_out = leave_out.resolve()
    files = [f for f in _media_files(root) if not f.resolve().is_relative_to(leave_out)]
    with tarfile.open(path, "w:gz") as tar:
        for file in files:
            tar.add(file, arcname=str(file.relative_to(root)), recursive=False)
    return len(files), sum(f.stat().st_size for f in files)


def backup(
    directory: Path,
    *,
    connection: BaseDatabaseWrapper,
    media_root: Path,
    now: dt.datetime | None = None,
) -> BackupResult:
    """Back up the database and MEDIA_ROOT into `directory`: three files named engage-<UTC time>.

    Each file is written under a .partial name and renamed when whole; the manifest comes last.
    """
    engine = engine_of(connection)
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    name = "engage-" + created.strftime("%Y%m%d-%H%M%S")
    database_path = directory / (name + DATABASE_SUFFIX[engine])
    media_path = directory / (name + MEDIA_SUFFIX)
    manifest_path = directory / (name + ".json")
    for existing in (database_path, media_path, manifest_path):
        if existing.exists():
            raise BackupError(f"{existing} already exists; a backup never overwrites another.")
    partial_db = database_path.with_name(database_path.name + ".partial")
    partial_media = media_path.with_name(media_path.name + ".partial")
    try:
        tool_version = None
        if engine == "sqlite":
            counts, migrations = _backup_sqlite(connection, partial_db)
        else:
            counts, migrations, tool_version = _backup_postgresql(connection, partial_db)
        media_files, media_bytes = _archive_media(media_root, partial_media, leave_out=directory)
        partial_db.rename(database_path)
        partial_media.rename(media_path)
    finally:
        partial_db.unlink(missing_ok=True)
        partial_media.unlink(missing_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": created.isoformat(timespec="seconds"),
        "engine": engine,
        "django": django.get_version(),
        "database": {
            "file": database_path.name,
            "bytes": database_path.stat().st_size,
            "sha256": sha256_of(database_path),
        },
        "media": {
            "file": media_path.name,
            "bytes": media_path.stat().st_size,
            "sha256": sha256_of(media_path),
            "files": media_files,
            "file_bytes": media_bytes,
        },
        "migrations": migrations,
        "tables": counts,
    }
    if tool_version:
        manifest["pg_dump"] = tool_version
    partial_manifest = manifest_path.with_name(manifest_path.name + ".partial")
    partial_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    partial_manifest.rename(manifest_path)
    return BackupResult(manifest_path, database_path, media_path, manifest)


# Restore ----------------------------------------------------------------------------------------


def read_manifest(path: Path) -> tuple[Path, dict[str, Any]]:
    """The manifest for a backup named by its manifest, its database file or its media archive."""
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    if path.suffix != ".json":
        stem = path.name
        for suffix in (*DATABASE_SUFFIX.values(), MEDIA_SUFFIX):
            stem = stem.removesuffix(suffix)
        path = path.with_name(stem + ".json")
        if not path.exists():
            raise BackupError(
                f"{path} (the backup's manifest) does not exist; without it the backup is "
                "incomplete and cannot be checked."
            )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["database"]["file"]
        manifest["media"]["file"]
        manifest["tables"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} is not an Engage backup manifest ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')}, not {FORMAT}.")
    return path, manifest


def _check_file(directory: Path, entry: dict[str, Any], what: str) -> Path:
    path = directory / entry["file"]
    if not path.exists():
        raise BackupError(f"The backup's {what} {path} is missing.")
    if sha256_of(path) != entry["sha256"]:
        raise BackupError(
            f"The backup's {what} {path} does not match its checksum in the manifest: it has "
            "been changed or damaged since the backup was made. Use another backup."
        )
    return path


def _existing_tables(connection: BaseDatabaseWrapper, engine: str) -> list[str]:
    with connection.cursor() as cursor:
        return table_names(cursor, engine)


def _restore_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _drop_tables(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(_quote, tables)) + " CASCADE")


def _restore_postgresql(connection: BaseDatabaseWrapper, path: Path) -> None:
    pg_restore = find_pg_tool("pg_restore")
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failure leaves the database as empty as it was.
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        _pg_env(connection.settings_dict),
    )


def _pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """Migrations in the code that the restored database has not had (a newer release)."""
    with connection.cursor() as cursor:
        applied = _migrations(cursor, {t: 0 for t in table_names(cursor, engine_of(connection))})
    done = {(app, name) for app, names in applied.items() for name in names}
    # Read from the code alone: the recorder would look the connection up by alias.
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes if (app, name) not in done)


def restore(
    path: Path,
    *,
    connection: BaseDatabaseWrapper,
    media_root: Path,
    force: bool = False,
) -> RestoreResult:
    """Restore the backup named by `path` into `connection`'s database and `media_root`.

    Refuses, before writing anything, a wrong engine, a missing or changed file, and (unless
    forced) a database that has tables or a media folder that has files. Afterwards the tables'
    rows and the media files are counted against the manifest; differences are returned.
    """
    manifest_path, manifest = read_manifest(path)
    engine = engine_of(connection)
    if manifest["engine"] != engine:
        raise BackupError(
            f"This is a backup of a {ENGINES.get(manifest['engine'], manifest['engine'])} "
            f"database, and this installation uses {ENGINES[engine]}. Restore it into "
            f"{ENGINES.get(manifest['engine'], manifest['engine'])}."
        )
    directory = manifest_path.parent
    database_path = _check_file(directory, manifest["database"], "database file")
    media_path = _check_file(directory, manifest["media"], "media archive")
    existing = _existing_tables(connection, engine)
    present = list(_media_files(media_root))
    if not force:
        if existing:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} already has "
                f"{len(existing)} tables. A restore goes into an empty database: create a new "
                "one, or pass --force to replace everything in this one."
            )
        if present:
            raise BackupError(
                f"MEDIA_ROOT ({media_root}) already has {len(present)} files. Restore into an "
                "empty folder, or pass --force to write over them."
            )
    if engine == "sqlite":
        # The backup API replaces the whole database, tables not in the backup included.
        _restore_sqlite(connection, database_path)
    else:
        if existing:
            _drop_tables(connection, existing)
        _restore_postgresql(connection, database_path)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_path, "r:gz") as tar:
        tar.extractall(media_root, filter="data")

    with connection.cursor() as cursor:
        tables = row_counts(cursor, engine)
    differences = [
        f"{table}: {manifest['tables'].get(table, 'no table')} in the backup, "
        f"{tables.get(table, 'no table')} restored"
        for table in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(table) != manifest["tables"].get(table)
    ]
    media_files = len(list(_media_files(media_root)))
    if not force and media_files != manifest["media"]["files"]:
        differences.append(
            f"media: {manifest['media']['files']} files in the backup, {media_files} restored"
        )
    return RestoreResult(
        manifest=manifest,
        tables=tables,
        media_files=media_files,
        differences=differences,
        pending_migrations=_pending_migrations(connection),
    )


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
