#!/usr/bin/env python3
"""End-to-end test on the third real-fault lab (Caddy → uWSGI → PgBouncer → PostgreSQL): for
each scenario, inject the fault for real, run `triage audit http-503 --format json` against the
live stack, check the root cause named first, heal. Prints a table and "lab3: N passed, N failed".

    run_scenarios.py [--triage PATH] [--keep-up] [SCENARIO ...]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lab"))
from labkit import run_scenarios  # noqa: E402

EXPECTED = {
    "healthy": None,
    "uwsgi-saturated": "server-overload",
    "uwsgi-down": "app-not-started",
    "caddy-check-wrong-path": "health-check-misconfigured",
    "pgbouncer-pool-exhausted": "db-connection-exhaustion",
    "postgres-down": "dependency-failure",
    "pgbouncer-down": "dependency-failure",
}
DEADLINE = 8.0

if __name__ == "__main__":
    sys.exit(run_scenarios("lab3", os.path.join(HERE, "lab"), EXPECTED, DEADLINE, __doc__))
