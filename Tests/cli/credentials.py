#!/usr/bin/env python3
"""Redaction by type: a credential in every URL-shaped input (user-info, token-like query
parameters, a key-value DSN's password) never reaches any output — every report format, saved
facts, `triage facts`, a guided transcript, standard output or standard error — whatever the
input's `secret` flag says.

    credentials.py PATH/TO/triage        prints "credentials: N passed, N failed"
"""
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
SECRETS = ["pw1SECRET", "tok2SECRET", "pw3SECRET", "key4SECRET", "pw5SECRET", "sig6SECRET", "pw7SECRET"]
SETTINGS = [
    "front_url=http://admin:pw1SECRET@127.0.0.1:1/?token=tok2SECRET&page=1",
    "cache_url=redis://:pw3SECRET@127.0.0.1:1/0",
    "api_url=http://127.0.0.1:1/status?api_key=key4SECRET",
    "lb_stats_url=http://admin:pw5SECRET@127.0.0.1:1/stats;csv?X-Amz-Signature=sig6SECRET",
    "db_dsn=host=127.0.0.1 port=1 user=app password=pw7SECRET dbname=app",
    "service=", "release_link=", "deploy_lock=",
]
passed = 0
failed = 0


def check(name, text, shows="127.0.0.1:1", code=None, expected_codes=(1, 2)):
    """No secret in `text`, which must say what it is about (`shows`: the host is kept when the
    credentials go) — so an empty or early-failing output does not pass — with an expected exit."""
    global passed, failed
    leaked = [secret for secret in SECRETS if secret in text]
    if leaked:
        failed += 1
        line = next(line for line in text.splitlines() if any(secret in line for secret in leaked))
        print(f"FAIL: {name} leaks {leaked}\n    {line[:300]}")
    elif shows not in text:
        failed += 1
        print(f"FAIL: {name} does not show {shows!r} (empty or cut short?): {text[:300]!r}")
    elif code is not None and code not in expected_codes:
        failed += 1
        print(f"FAIL: {name} exited {code}, expected one of {expected_codes}")
    else:
        passed += 1


def run(*args, **kwargs):
    return subprocess.run([TRIAGE, *args], capture_output=True, text=True, timeout=60, **kwargs)


sets = [item for setting in SETTINGS for item in ("--set", setting)]
with tempfile.TemporaryDirectory() as work:
    formats = ["text", "json", "markdown", "junit", "openmetrics", "nagios"]
    outputs = [f"--format={name}:{work}/report.{name}" for name in formats]
    result = run("audit", "http-503", *sets, "--deadline", "3s", *outputs, "--save-facts", f"{work}/facts.json",
                 stdin=subprocess.DEVNULL)
    # Every report goes to a file: standard output may be empty, the exit is the verdict's.
    check("audit standard output and error", result.stdout + result.stderr, shows="", code=result.returncode)
    for name in formats:
        check(f"audit --format {name}", open(f"{work}/report.{name}").read(), shows="http-503")
    check("--save-facts", open(f"{work}/facts.json").read())
    result = run("audit", "http-503", *sets, "--deadline", "3s", "--nagios", stdin=subprocess.DEVNULL)
    check("audit --nagios", result.stdout + result.stderr, shows="TRIAGE ", code=result.returncode,
          expected_codes=(1, 2, 3))
    for form in ["text", "json"]:
        result = run("facts", "http-503", *sets, "--deadline", "3s", "--format", form, stdin=subprocess.DEVNULL)
        check(f"triage facts --format {form}", result.stdout + result.stderr, code=result.returncode,
              expected_codes=(0,))
    with open(f"{work}/answers.yaml", "w") as answers:
        answers.write("deploy.just_rolled_out: false\nlogs.db_pool_errors: 0\nlogs.boot_errors: 0\n")
    result = run("diagnose", "http-503", *sets, "--deadline", "3s", "--answers", f"{work}/answers.yaml",
                 "--transcript", f"{work}/transcript.json", stdin=subprocess.DEVNULL)
    check("guided session", result.stdout + result.stderr, shows="http-503", code=result.returncode)
    check("guided transcript", open(f"{work}/transcript.json").read(), shows="http-503")
    result = run("audit", "http-503", "--set", "no_such_input=http://u:pw1SECRET@h/", stdin=subprocess.DEVNULL)
    check("a usage error naming a URL", result.stdout + result.stderr, shows="no_such_input", code=result.returncode,
          expected_codes=(64,))
    result = run("audit", "http-503", "--set", "app_port=http://u:pw1SECRET@h/", stdin=subprocess.DEVNULL)
    check("a --set of the wrong type quoting a URL", result.stdout + result.stderr, shows="app_port",
          code=result.returncode, expected_codes=(64,))
    leftovers = "".join(open(path, errors="replace").read() for path in glob.glob(f"{work}/*"))
    check("every file written", leftovers)

print(f"credentials: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
