#!/usr/bin/env python3
"""`triage probe`: one bundled probe run live against the real test servers (scripts/servers/start)
prints its raw result and the facts its yields give; `--save-fixture` writes an example that
`triage test` passes unchanged, and fails once the recorded result lacks a field the yields read;
credentials never reach the output or the fixture.

    probe_command.py PATH/TO/triage       prints "probe-command: N passed, N failed"
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish
from servers import servers_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))



def triage(*args):
    return subprocess.run([TRIAGE, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          cwd=ROOT)


servers = servers_env()
front = f"http://127.0.0.1:{servers['TRIAGE_LB_PORT']}/"
with tempfile.TemporaryDirectory() as work:
    run = triage("probe", "front-http", "--no-discover", "--set", f"front_url={front}", "--format", "json")
    document = json.loads(run.stdout) if run.returncode == 0 else {}
    check("probe front-http --format json: exit 0, status ok", run.returncode == 0 and document.get("status") == "ok",
          (run.returncode, run.stderr[-400:]))
    result = document.get("result") or {}
    facts = document.get("facts") or {}
    check("the raw result is the http kind's record: status 200, headers, body",
          result.get("status") == 200 and isinstance(result.get("headers"), dict) and "body" in result, result)
    check("the facts are what the yields make of it", facts.get("front.status") == 200
          and facts.get("front.responded") is True, facts)

    run = triage("probe", "front-http", "--no-discover", "--set", f"front_url={front}")
    check("text output: a status line, the result and the facts",
          run.returncode == 0 and re.search(r"^probe front-http \(http\): ok in \d+ ms", run.stdout, re.M)
          and "\nresult:\n" in run.stdout and "front.status = 200" in run.stdout, run.stdout[-600:])

    fixture = os.path.join(work, "front.yaml")
    run = triage("probe", "front-http", "--no-discover", "--set", f"front_url={front}", "--save-fixture", fixture)
    check("--save-fixture writes the file", run.returncode == 0 and os.path.exists(fixture), run.stderr[-400:])
    run = triage("test", fixture)
    check("the saved fixture passes triage test unchanged", run.returncode == 0 and "1 passed, 0 failed" in run.stdout,
          (run.returncode, run.stdout[-600:]))
    text = open(fixture).read()
    check("the fixture expects the facts the yields gave", "\n      facts:\n" in text and "front.status: 200" in text,
          text[-600:])
    edited = os.path.join(work, "edited.yaml")
    with open(edited, "w") as handle:
        handle.write(text.replace("front.status: 200", "front.status: 503"))
    run = triage("test", edited)
    check("a fixture whose expected fact differs from what the yields give fails, naming the fact",
          run.returncode == 1 and "front.status" in run.stdout, (run.returncode, run.stdout[-600:]))
    broken = os.path.join(work, "broken.yaml")
    with open(broken, "w") as handle:
        handle.write(re.sub(r'"status":200,', "", text, count=1))
    run = triage("test", broken)
    check("a recorded result without the field a yield reads fails triage test",
          run.returncode == 1 and "0 passed, 1 failed" in run.stdout, (run.returncode, run.stdout[-600:]))

    password = servers["TRIAGE_REDIS_PASSWORD"]
    cache = f"redis://:{password}@127.0.0.1:{servers['TRIAGE_REDIS_PORT']}"
    secret_fixture = os.path.join(work, "cache.yaml")
    run = triage("probe", "cache-redis", "--no-discover", "--set", f"cache_url={cache}", "--format", "json",
                 "--save-fixture", secret_fixture)
    document = json.loads(run.stdout) if run.returncode == 0 else {}
    check("probe cache-redis with a password in the URL: PONG", (document.get("facts") or {}).get("redis.ping") is True,
          (run.returncode, run.stdout[-400:], run.stderr[-400:]))
    written = open(secret_fixture).read() if os.path.exists(secret_fixture) else ""
    check("the password reaches neither the output nor the fixture",
          password not in run.stdout + run.stderr and written and password not in written)

    # A secret a probe reads from a file: its fact is secret, and its value leaves the raw result.
    secret = "s3cr3t-" + os.urandom(6).hex()
    env_file = os.path.join(work, "app.env")
    with open(env_file, "w") as handle:
        handle.write(f"DB_HOST=db.internal\nDB_PASSWORD={secret}\n")
    team = os.path.join(work, "team")
    os.mkdir(team)
    with open(os.path.join(team, "env.yaml"), "w") as handle:
        handle.write(f"""version: 1
symptom: http-503
probes:
  - id: team-env
    kind: file
    with: {{path: "{env_file}", parse: kv}}
    yields:
      team.db_host: "result.parsed['DB_HOST']"
      team.db_password: {{expr: "result.parsed['DB_PASSWORD']", secret: true}}
facts:
  team.db_host: {{type: string, description: The database host the application uses}}
  team.db_password: {{type: string, description: Its password, secret: true}}
""")
    team_fixture = os.path.join(work, "team-env.yaml")
    run = triage("probe", "team-env", "--runbooks", team, "--no-discover", "--format", "json",
                 "--save-fixture", team_fixture)
    written = open(team_fixture).read() if os.path.exists(team_fixture) else ""
    check("a secret fact's value is redacted from the raw result (content, parsed) and the fixture",
          run.returncode == 0 and secret not in run.stdout + run.stderr and written and secret not in written
          and "db.internal" in run.stdout, (run.returncode, run.stdout[-500:], written[-300:]))

    run = triage("probe", "frnt-http")
    check("an unknown probe: exit 64, with a suggestion", run.returncode == 64 and "front-http" in run.stderr,
          (run.returncode, run.stderr[-300:]))

finish("probe-command")
