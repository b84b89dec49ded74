"""Fault benchmark: PostgreSQL restarted while consultation responses are being sent (issue 8).

The load of bench_load.py (a real server on 127.0.0.1, locust, the "Send my answers" POST), with
PostgreSQL stopped a third of the way in and started again BENCH_DOWN_SECONDS (default 5) later:
`pg_ctl stop -m fast` ends every connection at once, as `pg_ctlcluster 15 main restart` does.
The bench's PostgreSQL is its own (bench/pg_scratch.py): the machine's is shared, and restarting
it would break other people's test runs. BENCH_DATABASE_URL with BENCH_PG_RESTART="pg_ctlcluster
15 main restart" runs it against a real cluster instead.

Checks: every request that failed was answered with the product's 503 page (templates/503.html,
with Retry-After, no traceback) and nothing else (no 500, no dropped connection); every
acknowledged response (302) is in the database; after the last 503 every request succeeds again,
so the server's persistent connections (CONN_MAX_AGE=600, CONN_HEALTH_CHECKS) recovered by
themselves. Prints the same figures and `ratio` as bench_load.py.

Run: make bench BENCH=bench/bench_pg_restart.py   (BENCH_SECONDS=60 for a short run)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import main

if __name__ == "__main__":
    main(fault="pg-restart")
