#!/usr/bin/env python3
"""Verdicts a fleet can trust, checked through the built binary:

- nothing listens where the runbook looks: the audit is never healthy, exits non-zero, says the
  front cannot be reached and names what it found;
- `--nagios` prints exactly one line and exits 3 UNKNOWN on usage, config, runbook and facts errors;
- OpenMetrics output has the same series (names and labels) for every bundled facts file, parsed
  by prometheus_client's OpenMetrics parser, with certainty filled in for every hypothesis.

    verdicts.py PATH/TO/triage        prints "verdicts: N passed, N failed"
"""
import json
import os
import socket
import subprocess
import sys
import tempfile

from prometheus_client.openmetrics.parser import text_string_to_metric_families

from checks import check, finish

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
FACTS = sorted(os.path.join(ROOT, "runbooks/http-503/facts", name)
               for name in os.listdir(os.path.join(ROOT, "runbooks/http-503/facts")))


def run(*args, cwd=None):
    return subprocess.run([TRIAGE, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=cwd,
                          timeout=60)


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nothing_runs_here():
    port = closed_port()
    settings = [f"front_url=http://127.0.0.1:{port}/", f"app_port={port}", "process_name=no-such-process-triage",
                f"db_dsn=postgresql://triage@127.0.0.1:{port}/none", f"cache_url=redis://127.0.0.1:{port}",
                "service=", "release_link=", "deploy_lock="]
    args = ["audit", "http-503", "--deadline", "5s", "--format", "json"]
    for setting in settings:
        args += ["--set", setting]
    with tempfile.TemporaryDirectory() as work:
        result = run(*args, cwd=work)
    report = json.loads(result.stdout or "{}")
    check("nothing runs here: exit is non-zero", result.returncode != 0, f"exit {result.returncode}")
    check("nothing runs here: never healthy", report.get("status") == "unreachable", report.get("status"))
    check("nothing runs here: the headline says the target cannot be reached",
          "cannot be reached" in report.get("headline", ""), report.get("headline"))
    roots = [cause["id"] for cause in report.get("causes", [])]
    check("nothing runs here: names what it found (the app is not running)", "app-not-started" in roots, roots)
    text = run(*[a for a in args if a not in ("--format", "json")]).stdout
    check("nothing runs here: the text report leads with UNREACHABLE", "UNREACHABLE" in text.splitlines()[0],
          text.splitlines()[:2])


def the_database_that_is_down():
    """The headline names the database whose probe found it down, whichever inputs are set."""
    base = {"front.responded": True, "front.status": 503, "health.responded": True, "health.status": 503,
            "health.error": "", "app.listening": True}
    cases = [
        ("PostgreSQL down beside a healthy MariaDB", {"pg.connected": False, "pg.error": "refused",
                                                     "mysql.connected": True, "mysql.error": ""},
         ["mysql_url=mysql://monitor@127.0.0.1:3306/"], "the database (PostgreSQL)"),
        ("MariaDB down beside a healthy PostgreSQL", {"pg.connected": True, "pg.error": "", "pg.total": 5,
                                                     "pg.max_connections": 100, "mysql.connected": False,
                                                     "mysql.error": "refused"},
         ["mysql_url=mysql://monitor@127.0.0.1:3306/"], "the database (MySQL/MariaDB)"),
    ]
    with tempfile.TemporaryDirectory() as work:
        for name, extra, settings, expected in cases:
            facts = os.path.join(work, "facts.json")
            with open(facts, "w") as handle:
                json.dump({"format": "triage-facts/1", "symptom": "http-503",
                           "facts": {key: {"value": value} for key, value in {**base, **extra}.items()}}, handle)
            args = ["audit", "http-503", "--facts", facts, "--format", "json"]
            for setting in settings:
                args += ["--set", setting]
            headline = json.loads(run(*args).stdout or "{}").get("headline", "")
            check(f"headline: {name}", expected in headline, headline)

def nagios_errors():
    healthy = os.path.join(ROOT, "runbooks/http-503/facts/healthy.json")
    with tempfile.TemporaryDirectory() as work:
        unreadable = os.path.join(work, "facts.json")
        with open(unreadable, "w") as handle:
            handle.write("{\"format\": \"triage-facts/1\", \"facts\": [")
        cases = {
            "a bad --set": ["--set", "no_such_input=1", "--facts", healthy],
            "a --set of the wrong type": ["--set", "app_port=eighty", "--facts", healthy],
            "a missing runbook directory": ["--runbooks", os.path.join(work, "missing"), "--facts", healthy],
            "a missing facts file": ["--facts", os.path.join(work, "missing.json")],
            "an unreadable facts file": ["--facts", unreadable],
            "a missing config file": ["--config", os.path.join(work, "missing.yaml"), "--facts", healthy],
            "an unknown option": ["--no-such-option"],
            "an unknown symptom": ["no-such-symptom", "--facts", healthy],
        }
        for name, args in cases.items():
            args = args if args[0] == "no-such-symptom" else ["http-503", *args]
            result = run("audit", *args, "--nagios")
            lines = result.stdout.splitlines()
            check(f"--nagios with {name}: exit 3", result.returncode == 3, f"exit {result.returncode}")
            check(f"--nagios with {name}: one UNKNOWN line",
                  len(lines) == 1 and lines[0].startswith("TRIAGE UNKNOWN - "), result.stdout)
        # Timing lines go to standard error before the facts are read: the one line names the error.
        result = run("audit", "http-503", "--timings", "--facts", unreadable, "--nagios")
        check("--nagios after other diagnostics: the line names the error, not the first stderr line",
              result.returncode == 3 and "invalid YAML" in result.stdout and "timing" not in result.stdout,
              result.stdout)
    result = run("audit", "http-503", "--facts", healthy, "--nagios")
    line = result.stdout.strip()
    check("--nagios healthy: OK and exit 0", result.returncode == 0 and line.startswith("TRIAGE OK"), line)
    perfdata = line.split(" | ", 1)[1].split() if " | " in line else []
    check("--nagios perfdata: value;warn;crit;min;max", perfdata and all(item.count(";") == 4 for item in perfdata),
          perfdata)


def series(text):
    found = set()
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = (sample.name, tuple(sorted((k, v) for k, v in sample.labels.items() if k != "runbooks")))
            found.add(key)
            values[key] = sample.value
    return found, values


def stable_openmetrics():
    reference = None
    for facts in FACTS:
        result = run("audit", "http-503", "--facts", facts, "--format", "openmetrics")
        found, values = series(result.stdout)
        causes = {labels for name, labels in found if name == "triage_cause"}
        certainties = {labels for name, labels in found if name == "triage_cause_certainty"}
        check(f"openmetrics {os.path.basename(facts)}: certainty for every hypothesis",
              causes and causes == certainties, (len(causes), len(certainties)))
        if reference is None:
            reference = (facts, found)
            continue
        check(f"openmetrics {os.path.basename(facts)}: the same series as {os.path.basename(reference[0])}",
              found == reference[1], sorted(found.symmetric_difference(reference[1]))[:6])


def dependency_named():
    facts = os.path.join(ROOT, "runbooks/http-503/facts/dependency-failure.json")
    report = json.loads(run("audit", "http-503", "--facts", facts, "--format", "json").stdout)
    title = report["causes"][0]["title"] if report.get("causes") else ""
    check("the dependency-failure headline names the dependency", "the database" in report.get("headline", "")
          and "the database" in title, (report.get("headline"), title))


nothing_runs_here()
dependency_named()
the_database_that_is_down()
nagios_errors()
stable_openmetrics()
finish("verdicts")
