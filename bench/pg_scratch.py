# ruff: noqa: S603 - the commands are this file's own (initdb, pg_ctl) or the bench's caller's
"""A throwaway PostgreSQL server for the fault benchmarks (bench_load.py, bench_worker_kill.py).

The machine's own PostgreSQL is shared (other people's test runs use it), so a bench that
restarts PostgreSQL starts one of its own: initdb into a temporary folder, listening only on
127.0.0.1 on a free port, as the `postgres` user (initdb refuses root), with trust auth.
`restart()` is what `pg_ctlcluster 15 main restart` does: `pg_ctl restart -m fast`, which ends
every connection at once. `BENCH_DATABASE_URL` (and `BENCH_PG_RESTART`, the command that restarts
that server, e.g. "pg_ctlcluster 15 main restart") use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class ScratchPostgres:
    def __init__(self) -> None:
        self.external = os.environ.get("BENCH_DATABASE_URL", "")
        self.restart_command = os.environ.get("BENCH_PG_RESTART", "")
        self.root = Path(tempfile.mkdtemp(prefix="engage-bench-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()

    def start(self) -> ScratchPostgres:
        if self.external:
            return self
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        subprocess.run(
            _as_postgres(
                [
                    _bin("initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=200"
        )
        subprocess.run(
            _as_postgres(
                [
                    _bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "log"),
                    "-w",
                    "-m",
                    "fast",
                    "-o",
                    options,
                    action,
                ]
            ),
            check=True,
            capture_output=True,
        )

    def url(self, database: str, query: str = "") -> str:
        if self.external:
            base = self.external.rsplit("/", 1)[0]
        else:
            base = f"postgres://postgres@127.0.0.1:{self.port}"
        return f"{base}/{database}" + (f"?{query}" if query else "")

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')

    def restart(self, down_for: float = 0.0) -> float:
        """Restart the server, staying down `down_for` seconds (a slow restart or a failover);
        returns how long it was down (seconds)."""
        started = time.perf_counter()
        if self.restart_command:
            subprocess.run(shlex.split(self.restart_command), check=True, capture_output=True)
        elif self.external:
            raise SystemExit("BENCH_DATABASE_URL is set: set BENCH_PG_RESTART too")
        else:
            self._pg_ctl("stop")
            time.sleep(down_for)
            self._pg_ctl("start")
        return time.perf_counter() - started

    def stop(self) -> None:
        if not self.external:
            subprocess.run(
                _as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(self.root, ignore_errors=True)
