#!/usr/bin/env python3
"""End-to-end test on the second real-fault lab (Varnish → Apache httpd → PHP-FPM → MariaDB): for
each scenario, inject the fault for real, run `triage audit http-503 --format json` against the
live stack, check the root cause named first, heal. Prints a table and "lab2: N passed, N failed".

    run_scenarios.py [--triage PATH] [--keep-up] [SCENARIO ...]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lab"))
from labkit import run_scenarios  # noqa: E402

EXPECTED = {
    "healthy": None,
    "fpm-saturated": "server-overload",
    "fpm-down": "app-not-started",
    "apache-down": "app-not-started",
    "mariadb-too-many-connections": "db-connection-exhaustion",
    "mariadb-down": "dependency-failure",
    "maintenance": "lb-maintenance-mode",
    "varnish-probe-wrong-path": "health-check-misconfigured",
    "disk-full": "disk-full",
}
DEADLINE = 8.0

if __name__ == "__main__":
    sys.exit(run_scenarios("lab2", os.path.join(HERE, "lab"), EXPECTED, DEADLINE, __doc__))
