#!/usr/bin/env python3
"""`triage serve` against the live lab: healthy → /healthz 200; a real fault → 503 naming the root
cause within one audit interval; healed → 200 again; a burst of 200 concurrent requests to /healthz
and /metrics starts at most one audit per minimum interval (counted from the server's own JSON-line
log) with no error; /report in headless Chromium; the bearer token; loopback only unless asked;
a graceful stop on SIGTERM. Then memory over 1,000 audits of replayed facts (RSS printed).

    run.py TRIAGE_BINARY [--audits N]
"""
import argparse
import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAB = os.path.join(ROOT, "Tests", "lab", "lab")
sys.path.insert(0, os.path.join(ROOT, "Tests", "lab"))
sys.path.insert(0, os.path.join(ROOT, "Tests", "browser"))
import labkit  # noqa: E402

INTERVAL = 3.0
MIN_INTERVAL = 2.0
TOKEN = "serve-test-token-7f3a"
FAULT = ("app-not-started", "app-not-started")
REPLAY = os.path.join(ROOT, "runbooks", "http-503", "facts", "dependency-failure.json")


class Server:
    """One `triage serve` process with its log in a file."""

    def __init__(self, triage, args, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen([triage, "serve", "http-503", "--listen", "127.0.0.1:0"] + args,
                                        stdout=subprocess.DEVNULL, stderr=self.log, stdin=subprocess.DEVNULL, env=env)
        self.port = None
        deadline = time.monotonic() + 30
        while self.port is None and time.monotonic() < deadline:
            for event in self.events():
                if event.get("event") == "listening":
                    self.port = event["port"]
            if self.process.poll() is not None:
                raise RuntimeError(f"triage serve exited {self.process.returncode}: {open(log_path).read()[-500:]}")
            time.sleep(0.05)
        if self.port is None:
            raise RuntimeError("triage serve did not log 'listening' within 30 s")

    def events(self):
        events = []
        with open(self.log_path) as handle:
            for line in handle:
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    events.append({"event": "not-json", "line": line})
        return events

    def audits(self):
        return [event for event in self.events() if event.get("event") == "audit"]

    def get(self, path, token=TOKEN, timeout=30, method="GET", scheme="Bearer"):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        if token:
            request.add_header("Authorization", f"{scheme} {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)
        except (urllib.error.URLError, OSError) as error:  # refused, reset, timed out: an answer too
            return None, str(error), {}

    def wait_for_audits(self, count, limit):
        """Waits until `count` audits are logged; raises when the server dies or `limit` s pass."""
        deadline = time.monotonic() + limit
        while len(self.audits()) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"triage serve exited {self.process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(self.audits())} of {count} audits after {limit} s")
            time.sleep(0.05)

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as handle:
            return int(re.search(r"VmRSS:\s+(\d+)", handle.read()).group(1))

    def stop(self):
        """SIGTERM; returns (exit code, seconds to exit)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = "killed after 15 s"
        self.log.close()
        return code, time.monotonic() - started


def wait_for(server, want_status, limit):
    """Polls /healthz once a quarter second until it answers `want_status`; (status, body, seconds)."""
    started = time.monotonic()
    status, body = None, ""
    while time.monotonic() - started < limit:
        status, body, _ = server.get("/healthz")
        if status == want_status:
            break
        time.sleep(0.25)
    return status, body, time.monotonic() - started


def lab_checks(triage, checks, workdir):
    labkit.run_lab(LAB, "up")
    config = subprocess.run([LAB, "config"], capture_output=True, text=True, check=True).stdout.strip()
    env = labkit.lab_env(LAB)
    token_file = os.path.join(workdir, "token")
    with open(token_file, "w") as handle:
        handle.write(TOKEN + "\n")
    server = None
    try:
        server = Server(triage, ["--config", config, "--interval", f"{INTERVAL:g}s", "--min-interval",
                                 f"{MIN_INTERVAL:g}s", "--deadline", "8s", "--token-file", token_file],
                        env, os.path.join(workdir, "serve.log"))
        status, body, took = wait_for(server, 200, 30)
        checks.append(("healthy lab → /healthz 200", status == 200 and json.loads(body)["healthy"] is True,
                       f"{status} after {took:.1f}s"))
        status, _, headers = server.get("/healthz", token=None)
        checks.append(("no token → 401", status == 401 and "Bearer" in headers.get("WWW-Authenticate", ""),
                       f"{status}"))
        status, _, _ = server.get("/healthz", token="wrong")
        checks.append(("wrong token → 401", status == 401, f"{status}"))
        status, _, _ = server.get("/healthz", scheme="bearer")
        checks.append(("the scheme is case-insensitive (bearer)", status == 200, f"{status}"))
        status, body, headers = server.get("/healthz", method="HEAD")
        checks.append(("HEAD /healthz: the status, no body", status == 200 and body == "",
                       f"{status}, {len(body)} bytes"))
        status, _, headers = server.get("/report")
        policy = headers.get("Content-Security-Policy", "")
        checks.append(("/report forbids fetching anything (CSP)", status == 200 and "default-src 'none'" in policy,
                       policy))

        scenario, cause = FAULT
        labkit.run_lab(LAB, "inject", scenario)
        status, body, took = wait_for(server, 503, INTERVAL + 20)
        answer = json.loads(body) if status == 503 else {}
        named = (answer.get("root_cause") or {}).get("id")
        checks.append((f"{scenario} → 503 naming {cause}", status == 503 and named == cause,
                       f"{status}, root cause {named}, after {took:.1f}s (interval {INTERVAL:g}s + audit)"))
        labkit.run_lab(LAB, "heal", scenario)
        status, body, took = wait_for(server, 200, INTERVAL + 20)
        checks.append(("healed → 200 again", status == 200, f"{status} after {took:.1f}s"))

        # Start the burst when an audit is due, so that its requests must share the one they start.
        time.sleep(MIN_INTERVAL + 0.2)
        before = len(server.audits())
        started = time.monotonic()
        paths = ["/healthz", "/metrics"] * 100
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(lambda path: (path,) + server.get(path)[:2], paths))
        burst = time.monotonic() - started
        time.sleep(0.5)  # an audit the burst started is logged when it ends
        during = len(server.audits()) - before
        allowed = int(burst // MIN_INTERVAL) + 1
        bad = [(path, status) for path, status, _ in answers if status != 200]
        metrics_ok = all(text.rstrip().endswith("# EOF") and "triage_" in text
                         for path, status, text in answers if path == "/metrics")
        checks.append(("200 concurrent /healthz + /metrics: all 200, OpenMetrics", not bad and metrics_ok,
                       f"{len(answers)} answers in {burst:.2f}s, non-200: {bad[:3]}"))
        checks.append(("… at most one audit per minimum interval", during <= allowed,
                       f"{during} audits started during the burst (allowed {allowed} in {burst:.2f}s at "
                       f"min-interval {MIN_INTERVAL:g}s)"))

        status, body, _ = server.get("/report.json")
        checks.append(("/report.json is the JSON report", status == 200 and json.loads(body)["status"] == "healthy",
                       f"{status}"))
        checks.append(("/report in headless Chromium", *browser_check(server)))
        errors = [event for event in server.events() if event.get("event") in ("not-json", "audit_error")]
        checks.append(("every log line is JSON, no audit failed", not errors, f"{errors[:2]}"))
        requests = [event for event in server.events() if event.get("event") == "request"]
        checks.append(("every request logged (method, path, status, ms)",
                       len(requests) >= 200 and all({"method", "path", "status", "ms"} <= set(event)
                                                    for event in requests), f"{len(requests)} request lines"))
        leaked = TOKEN in open(server.log_path).read()
        checks.append(("the token never reaches the log", not leaked, ""))
    finally:
        if server:
            code, took = server.stop()
            stopped = any(event.get("event") == "stopped" for event in server.events())
            checks.append(("SIGTERM → graceful stop, exit 0", code == 0 and stopped, f"exit {code} in {took:.1f}s"))
        labkit.run_lab(LAB, "down")


def browser_check(server):
    try:
        import report_page
    except ImportError as error:
        return False, f"selenium missing: {error}"
    failures = []
    out = os.path.join(ROOT, ".build", "browser")
    os.makedirs(out, exist_ok=True)
    driver = report_page.browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Bearer {TOKEN}"}})
        report_page.check(driver, f"http://127.0.0.1:{server.port}/report", "healthy", None,
                          os.path.join(out, "serve-report"), failures)
    finally:
        driver.quit()
    return not failures, "; ".join(failures) or "screenshots .build/browser/serve-report-*.png"


def memory_check(triage, checks, workdir, audits):
    """Audits replayed facts as fast as the minimum interval allows; RSS after a warm-up and at the end."""
    saved = os.path.join(workdir, "last-facts.json")
    server = Server(triage, ["--facts", REPLAY, "--interval", "1ms", "--min-interval", "1ms", "--save-facts", saved],
                    dict(os.environ), os.path.join(workdir, "memory.log"))
    try:
        warm = 50
        server.wait_for_audits(warm, 60)
        before = server.rss_kib()
        started = time.monotonic()
        server.wait_for_audits(audits, 600)
        after = server.rss_kib()
        took = time.monotonic() - started
        count = len(server.audits())
    finally:
        server.stop()
    growth = after - before
    with open(saved) as handle:
        kept = json.load(handle)
    checks.append(("--save-facts keeps the last audit's facts", kept.get("format") == "triage-facts/1"
                   and "pg.error" in kept.get("facts", {}), saved))
    print(f"memory: RSS {before / 1024:.1f} MiB after {warm} audits, {after / 1024:.1f} MiB after {count} "
          f"({growth / 1024:+.1f} MiB; {count - warm} audits in {took:.1f}s)")
    checks.append((f"RSS flat over {count} audits", growth < 8 * 1024,
                   f"{before / 1024:.1f} → {after / 1024:.1f} MiB"))


def refusals(triage, checks):
    result = subprocess.run([triage, "serve", "--listen", "0.0.0.0:0"], capture_output=True, text=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    checks.append(("--listen 0.0.0.0 without --allow-remote is refused",
                   result.returncode == 64 and "--allow-remote" in result.stderr, f"exit {result.returncode}"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([triage, "serve", "--listen", f"127.0.0.1:{port}", "--facts", REPLAY], timeout=30,
                                capture_output=True, text=True, stdin=subprocess.DEVNULL)
    checks.append(("a port already in use: a clear error, exit 74",
                   result.returncode == 74 and f"cannot serve on 127.0.0.1:{port}" in result.stderr,
                   f"exit {result.returncode}: {result.stderr.strip()[-120:]}"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("triage")
    parser.add_argument("--audits", type=int, default=1000)
    args = parser.parse_args()
    triage = os.path.abspath(args.triage)
    checks = []
    with tempfile.TemporaryDirectory(prefix="triage-serve-") as workdir:
        refusals(triage, checks)
        lab_checks(triage, checks, workdir)
        memory_check(triage, checks, workdir, args.audits)
    failed = 0
    for name, ok, detail in checks:
        failed += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(f"serve: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
