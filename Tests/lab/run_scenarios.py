#!/usr/bin/env python3
"""End-to-end test on the real-fault lab: for each scenario, inject the fault for real, run
`triage audit http-503 --format json` against the live stack, check the root cause named first,
heal, and check the healthy stack gives no cause. Prints a table and "lab: N passed, N failed".

    run_scenarios.py [--triage PATH] [--keep-up] [SCENARIO ...]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAB = os.path.join(HERE, "lab")

EXPECTED = {
    "healthy": None,
    "app-not-started": "app-not-started",
    "health-check-failing": "health-check-failing",
    "deployment-in-progress": "deployment-in-progress",
    "db-connection-exhaustion": "db-connection-exhaustion",
    "cache-down": "dependency-failure",
    "server-overload": "server-overload",
    "lb-maintenance": "lb-maintenance-mode",
    "health-check-wrong-path": "health-check-misconfigured",
    "disk-full": "disk-full",
    "rate-limiting": "rate-limiting",
}
DEADLINE = 8.0


def lab(*args):
    subprocess.run([LAB] + list(args), check=True)


def audit(triage, config, env):
    started = time.monotonic()
    result = subprocess.run([triage, "audit", "http-503", "--config", config, "--format", "json",
                             "--deadline", f"{DEADLINE}s"], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=DEADLINE + 20)
    elapsed = time.monotonic() - started
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {"status": f"no report (exit {result.returncode}): {result.stderr.strip()[:200]}", "causes": []}
    return report, elapsed, result.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--triage", default=os.path.join(ROOT, ".build", "debug", "triage"))
    parser.add_argument("--keep-up", action="store_true")
    parser.add_argument("scenarios", nargs="*")
    args = parser.parse_args()
    chosen = args.scenarios or list(EXPECTED)
    lab("up")
    config = subprocess.run([LAB, "config"], capture_output=True, text=True, check=True).stdout.strip()
    env = dict(os.environ, NO_COLOR="1")
    with open(subprocess.run([LAB, "env"], capture_output=True, text=True, check=True).stdout.strip()) as handle:
        for line in handle:
            key, _, value = line.strip().partition("=")
            env[key] = value
    rows, failures = [], 0
    try:
        for scenario in chosen + (["healthy"] if chosen[-1:] != ["healthy"] else []):
            expected = EXPECTED[scenario]
            if scenario != "healthy":
                lab("inject", scenario)
            report, elapsed, code = audit(args.triage, config, env)
            if scenario != "healthy":
                lab("heal", scenario)
            causes = [cause["id"] for cause in report.get("causes", [])]
            got = causes[0] if causes else None
            ok = got == expected and elapsed <= DEADLINE + 1.5
            if expected is None:
                ok = ok and report.get("status") == "healthy"
            failures += 0 if ok else 1
            chain = " → ".join([got] + [m["id"] for m in report["causes"][0].get("mechanisms", [])]) if got else "-"
            rows.append((scenario, expected or "(none, healthy)", got or report.get("status", "?"), chain,
                         f"{elapsed:.2f}s", "ok" if ok else "FAIL"))
            if not ok:
                undecided = [(h["id"], [b["name"] for b in h["blocked_by"]]) for h in report.get("undecided", [])]
                print(f"  {scenario}: status {report.get('status')}, causes {causes}, undecided {undecided}",
                      file=sys.stderr)
    finally:
        if not args.keep_up:
            lab("down")
    width = [max(len(str(row[i])) for row in rows + [("scenario", "expected", "got", "chain", "time", "")])
             for i in range(6)]
    header = ("scenario", "expected", "got", "chain", "time", "")
    for row in [header] + rows:
        print("  ".join(str(cell).ljust(width[i]) for i, cell in enumerate(row)))
    print(f"lab: {len(rows) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
