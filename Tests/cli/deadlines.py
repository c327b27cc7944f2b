#!/usr/bin/env python3
"""Deadline truth: a probe cut short by the run's deadline yields unknown facts, never an
observation. Slow servers are the real test servers (scripts/servers/start) behind a loopback
proxy that holds back their first answer; each is audited with --deadline just below and just
above the delay.

    deadlines.py PATH/TO/triage       prints "deadlines: N passed, N failed"
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

from checks import check, finish
from servers import servers_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
DELAY = 1.5



class DelayingProxy:
    """Forwards 127.0.0.1:port to an upstream, holding back the upstream's first bytes by a delay."""

    def __init__(self, upstream_port, delay):
        self.upstream_port = upstream_port
        self.delay = delay
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self.pump, args=(client, upstream, 0), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, self.delay), daemon=True).start()

    @staticmethod
    def pump(source, target, delay):
        first = True
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if first and delay:
                    time.sleep(delay)
                first = False
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def facts(settings, deadline):
    args = [TRIAGE, "facts", "http-503", "--format", "json", "--deadline", f"{deadline}s"]
    for setting in settings:
        args += ["--set", setting]
    result = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                            env=dict(os.environ, PGPASSWORD=ENV["TRIAGE_PG_PASSWORD"]))
    return json.loads(result.stdout)["facts"]


def audit(settings, deadline):
    args = [TRIAGE, "audit", "http-503", "--format", "json", "--deadline", f"{deadline}s"]
    for setting in settings:
        args += ["--set", setting]
    result = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                            env=dict(os.environ, PGPASSWORD=ENV["TRIAGE_PG_PASSWORD"]))
    return json.loads(result.stdout), result.returncode


ENV = servers_env()
closed = ENV["TRIAGE_CLOSED_PORT"]
# Everything but the component under test answers at once (or is left out).
BASE = [f"app_port={closed}", "service=", "release_link=", "deploy_lock=", "db_dsn=", "cache_url=",
        f"front_url=http://127.0.0.1:{ENV['TRIAGE_APP_PORT']}/health/"]

redis = DelayingProxy(int(ENV["TRIAGE_REDIS_PORT"]), DELAY)
postgres = DelayingProxy(int(ENV["TRIAGE_PG_PORT"]), DELAY)
cache = f"cache_url=redis://:{ENV['TRIAGE_REDIS_PASSWORD']}@127.0.0.1:{redis.port}"
database = (f"db_dsn=host=127.0.0.1 port={postgres.port} user={ENV['TRIAGE_PG_USER']} "
            f"dbname={ENV['TRIAGE_PG_DATABASE']} sslmode=disable")

for name, setting, fact in [("redis", cache, "redis.ping"), ("postgres", database, "pg.connected")]:
    below = facts(BASE + [setting], DELAY - 0.5)[fact]
    check(f"slow {name}, deadline below its answer: {fact} unknown", "unknown" in below and "value" not in below,
          below)
    check(f"slow {name}, deadline below: the reason says it was cut short",
          "cut short" in below.get("unknown", "") or "timed out" in below.get("unknown", ""), below)
    above = facts(BASE + [setting], DELAY + 1.2)[fact]
    check(f"slow {name}, deadline above its answer: {fact} observed true", above.get("value") is True, above)
    report, code = audit(BASE + [setting], DELAY - 0.5)
    check(f"slow {name}, deadline below: no dependency failure concluded from it",
          "dependency-failure" not in [c["id"] for c in report["causes"]], report["headline"])
    probes = {p["id"]: p for p in report["probes"]}
    probe = "cache-redis" if name == "redis" else "db-postgres"
    check(f"slow {name}, deadline below: the probe counts as without result",
          probes[probe]["status"] == "timed_out", probes[probe])

# A front that answers 503 after the delay, through the slow HTTP test server (200 after ?delay).
slow_front = f"front_url=http://127.0.0.1:{ENV['TRIAGE_SLOW_HTTP_PORT']}/?delay={DELAY}"
report, code = audit(BASE[:-1] + [slow_front], DELAY - 0.5)
check("slow front, deadline below its answer: never healthy", report["status"] != "healthy" and code != 0,
      (report["status"], code))
check("slow front, deadline below: the symptom could not be observed", report["symptom"]["state"] == "unknown",
      report["symptom"])
report, code = audit(BASE[:-1] + [slow_front], DELAY + 1.2)
check("slow front, deadline above its answer: observed (200, symptom absent)",
      report["symptom"]["state"] == "absent", (report["symptom"], report["headline"]))

finish("deadlines")
