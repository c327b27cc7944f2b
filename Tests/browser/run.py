#!/usr/bin/env python3
"""The HTML report in a real browser: `triage audit --format html:FILE` for several recorded
scenarios of the bundled runbook, each opened in headless Chromium and checked (report_page.py).
Screenshots (light and dark) are written to .build/browser/.

    run.py TRIAGE_BINARY
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import report_page  # noqa: E402

# Recorded facts files of the bundled runbook: (scenario, expected status, expected root cause).
SCENARIOS = [
    ("healthy", "healthy", None),
    ("dependency-failure", "problem", "dependency-failure"),
    ("db-connection-exhaustion", "problem", "db-connection-exhaustion"),
    ("app-not-started", "problem", "app-not-started"),
    ("deployment-in-progress", "problem", "deployment-in-progress"),
]


def main():
    triage = os.path.abspath(sys.argv[1])
    out = os.path.join(ROOT, ".build", "browser")
    os.makedirs(out, exist_ok=True)
    failures = []
    failed = 0
    driver = report_page.browser()
    try:
        for scenario, status, cause in SCENARIOS:
            report = os.path.join(out, f"{scenario}.html")
            facts = os.path.join(ROOT, "runbooks", "http-503", "facts", f"{scenario}.json")
            if os.path.exists(report):
                os.remove(report)  # an earlier run's page must not pass for this one's
            result = subprocess.run([triage, "audit", "http-503", "--facts", facts, "--format", f"html:{report}"],
                                    capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
            before = len(failures)
            if result.returncode not in (0, 1, 2) or not os.path.exists(report):
                failures.append(f"{scenario}: triage audit exited {result.returncode}: {result.stderr.strip()[:200]}")
                failed += 1
                print(f"  {scenario}: FAIL")
                continue
            report_page.check(driver, "file://" + report, status, cause, os.path.join(out, scenario), failures)
            failed += len(failures) > before
            print(f"  {scenario}: {'ok' if len(failures) == before else 'FAIL'}")
    finally:
        driver.quit()
    for failure in failures:
        print("  " + failure, file=sys.stderr)
    print(f"browser: {len(SCENARIOS) - failed} passed, {failed} failed; screenshots in {os.path.relpath(out, ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
