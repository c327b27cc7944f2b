"""What both real-fault labs' scenario runners share: driving the `lab` script, one JSON audit
against the live stack, judging its first root cause, and printing the table."""
import json
import subprocess
import time


def run_lab(lab, *args):
    """Runs `lab ARGS…` (raising CalledProcessError when it fails); returns the seconds it took."""
    started = time.monotonic()
    subprocess.run([lab] + list(args), check=True)
    return time.monotonic() - started


def audit(triage, config, env, deadline, *extra):
    """`triage audit http-503 --format json` under `deadline` seconds: (report, seconds, exit code).
    A run that gives no report gives a report whose status says why, with no causes."""
    started = time.monotonic()
    try:
        result = subprocess.run([triage, "audit", "http-503", "--config", config, "--format", "json",
                                 "--deadline", f"{deadline:g}s"] + list(extra), capture_output=True, text=True,
                                env=env, stdin=subprocess.DEVNULL, timeout=deadline + 20)
    except subprocess.TimeoutExpired:
        return {"status": "no report (timed out)", "causes": []}, time.monotonic() - started, None
    elapsed = time.monotonic() - started
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {"status": f"no report (exit {result.returncode}): {result.stderr.strip()[:200]}", "causes": []}
    return report, elapsed, result.returncode


# The exit status each verdict must give (docs/cli.md).
EXIT_STATUS = {"healthy": 0, "problem": 1, "unreachable": 1, "at-risk": 1, "undetermined": 2}


def judge(report, code, expected, elapsed, deadline):
    """(root cause named first or None, its chain of mechanisms, whether that is right): the
    expected root cause within the deadline with the exit status its verdict gives, or no cause
    and a healthy status when none is expected."""
    causes = report.get("causes", [])
    got = causes[0]["id"] if causes else None
    chain = " → ".join([got] + [m["id"] for m in causes[0].get("mechanisms", [])]) if got else "-"
    ok = got == expected and elapsed <= deadline + 1.5 and code == EXIT_STATUS.get(report.get("status"))
    if expected is None:
        ok = ok and report.get("status") == "healthy"
    return got, chain, ok


def undecided(report):
    """The undecided hypotheses and the facts that block each, for a failure's explanation."""
    return [(h["id"], [b["name"] for b in h.get("blocked_by", [])]) for h in report.get("undecided", [])]


def print_table(header, rows, name, failures):
    """The rows under their header, columns aligned, then "NAME: N passed, N failed"."""
    width = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(cell).ljust(width[i]) for i, cell in enumerate(row)).rstrip())
    print(f"{name}: {len(rows) - failures} passed, {failures} failed")
