#!/usr/bin/env python3
"""End-to-end test on the third real-fault lab (Caddy → uWSGI → PgBouncer → PostgreSQL): for
each scenario, inject the fault for real, run `triage audit http-503 --format json` against the
live stack, check the root cause named first, heal. Prints a table and "lab3: N passed, N failed".

    run_scenarios.py [--triage PATH] [--keep-up] [SCENARIO ...]
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAB = os.path.join(HERE, "lab")
sys.path.insert(0, os.path.join(ROOT, "Tests", "lab"))
from labkit import audit, judge, print_table, run_lab, undecided  # noqa: E402

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


def lab(*args):
    return run_lab(LAB, *args)


def lab_env():
    """The environment of `lab env` (its `export NAME=VALUE` lines) over this one's."""
    env = dict(os.environ, NO_COLOR="1")
    output = subprocess.run([LAB, "env"], capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        key, _, value = line.strip().removeprefix("export ").partition("=")
        if key:
            env[key] = value
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--triage", default=os.path.join(ROOT, ".build", "debug", "triage"))
    parser.add_argument("--keep-up", action="store_true", help="leave the lab running afterwards")
    parser.add_argument("scenarios", nargs="*", help=f"scenarios (default: all): {' '.join(EXPECTED)}")
    args = parser.parse_args()
    unknown = [name for name in args.scenarios if name not in EXPECTED]
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(unknown)}; known: {' '.join(EXPECTED)}")
    chosen = args.scenarios or list(EXPECTED)
    rows, failures = [], 0
    current = "up"
    try:
        up = lab("up")  # inside the try: a half-started lab is stopped too
        print(f"lab3: up in {up:.1f}s", file=sys.stderr)
        config = subprocess.run([LAB, "config"], capture_output=True, text=True, check=True).stdout.strip()
        env = lab_env()
        # Every run ends on a healthy stack: healing must leave nothing behind.
        for scenario in chosen + (["healthy"] if chosen[-1:] != ["healthy"] else []):
            expected, current = EXPECTED[scenario], scenario
            injected = lab("inject", scenario) if scenario != "healthy" else 0.0
            report, elapsed, code = audit(args.triage, config, env, DEADLINE)
            healed = lab("heal", scenario) if scenario != "healthy" else 0.0
            got, chain, ok = judge(report, code, expected, elapsed, DEADLINE)
            failures += 0 if ok else 1
            rows.append((scenario, expected or "(none, healthy)", got or str(report.get("status", "?")), chain,
                         f"{elapsed:.2f}s", f"{injected:.1f}s/{healed:.1f}s", "ok" if ok else "FAIL"))
            if not ok:
                causes = [cause["id"] for cause in report.get("causes", [])]
                print(f"  {scenario}: status {report.get('status')}, exit {code}, causes {causes}, "
                      f"undecided {undecided(report)}", file=sys.stderr)
    except subprocess.CalledProcessError as error:  # the lab itself failed: the rest would not be meaningful
        failures += 1
        rows.append((current, "", f"lab failed: {' '.join(error.cmd[1:])} (exit {error.returncode})", "", "", "",
                     "FAIL"))
    finally:
        if not args.keep_up:
            try:
                lab("down")
            except subprocess.CalledProcessError:  # `down` reports leftovers and exits 1
                failures += 1
                rows.append(("down", "no leftovers", "leftovers (see above)", "", "", "", "FAIL"))
    print_table(("scenario", "expected", "got", "chain", "audit", "inject/heal", ""), rows, "lab3", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
