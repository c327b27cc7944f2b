#!/usr/bin/env python3
"""End-to-end test of triage under hostile probe conditions (issue 7, part 4).

Drives the built binary (TRIAGE_BIN, default .build/debug/triage) against
Tests/hostile/runbook.yaml. Each check creates its condition for real, runs

    triage audit hostile --no-bundled --runbooks Tests/hostile/runbook.yaml
           --format json --deadline 3s --set ... --save-facts TMP

with stdin closed in a new session, and checks that triage finishes within the deadline
plus 1 s, exits 0, 1 or 2, and reports what it could not learn (facts unknown with a
reason, the probe's status in `probes`) rather than a false "healthy".

Every server and load is bound to 127.0.0.1 on a port in 60000-60999, bounded in count and
lifetime, and stopped by PID in a finally block. Helpers are this same file run with
`--helper NAME`. Python 3 standard library only.
"""

import json
import os
import random
import resource
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("TRIAGE_BIN", os.path.join(ROOT, ".build", "debug", "triage"))
RUNBOOK = "Tests/hostile/runbook.yaml"
DEADLINE = 3.0
SLACK = 1.0
TOKEN = "%06x" % random.randrange(1 << 24)


# ---------------------------------------------------------------- helpers (child processes)

def bind_port(sock, backlog):
    """Bind to a free port in 60000-60999 on 127.0.0.1, starting at a random one."""
    start = random.randrange(1000)
    for i in range(1000):
        port = 60000 + (start + i) % 1000
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        sock.listen(backlog)
        return port
    raise SystemExit("no free port in 60000-60999")


def ready(*fields):
    print("ready", *fields, flush=True)


def helper_busy(seconds):
    end = time.monotonic() + float(seconds)
    while time.monotonic() < end:
        pass


def helper_http(lifetime, marker):
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"ok\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    srv.daemon_threads = True
    port = bind_port(srv.socket, 64)
    srv.server_address = srv.socket.getsockname()
    threading.Timer(float(lifetime), srv.shutdown).start()
    ready(port)
    srv.serve_forever(poll_interval=0.1)


def helper_zombies(count, lifetime, name):
    with open("/proc/self/comm", "w") as f:      # children inherit the name; zombies keep it
        f.write(name)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)

    def reap_and_exit(*_):
        try:
            while True:
                os.waitpid(-1, 0)
        except ChildProcessError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, reap_and_exit)
    pids = []
    try:
        for _ in range(int(count)):
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            pids.append(pid)
        # wait (bounded) until every child has exited and is a zombie
        end = time.monotonic() + 10
        pending = list(pids)
        while pending and time.monotonic() < end:
            still = []
            for pid in pending:
                try:
                    with open("/proc/%d/stat" % pid) as f:
                        state = f.read().rsplit(")", 1)[1].split()[0]
                except OSError:
                    state = "?"
                if state != "Z":
                    still.append(pid)
            pending = still
            if pending:
                time.sleep(0.05)
        ready(len(pids), len(pending))
        time.sleep(float(lifetime))
    finally:
        reap_and_exit()


def helper_conns(count, lifetime):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 2 * int(count) + 64
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(want, soft), max(want, hard)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    n = min(int(count), (soft - 64) // 2)
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    port = bind_port(lst, 4096)
    keep = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        s, _ = lst.accept()
        keep.append((c, s))
    ready(port, len(keep))
    # stay until the lifetime ends or the test closes our stdin
    select.select([sys.stdin], [], [], float(lifetime))


def helper_trickle(lifetime):
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    port = bind_port(lst, 16)
    end = time.monotonic() + float(lifetime)

    def trickle(conn):
        try:
            for b in b"HTTP/1.1 200 OK\r\n":
                if time.monotonic() >= end:
                    break
                conn.sendall(bytes([b]))
                time.sleep(1)
            while time.monotonic() < end:      # never finish the response
                time.sleep(0.2)
        except OSError:
            pass
        finally:
            conn.close()

    ready(port)
    lst.settimeout(0.2)
    accepted = 0
    while time.monotonic() < end and accepted < 16:
        try:
            conn, _ = lst.accept()
        except socket.timeout:
            continue
        accepted += 1
        threading.Thread(target=trickle, args=(conn,), daemon=True).start()
    while time.monotonic() < end:
        time.sleep(0.2)


HELPERS = {"busy": helper_busy, "http": helper_http, "zombies": helper_zombies,
           "conns": helper_conns, "trickle": helper_trickle}


# ---------------------------------------------------------------- test side

class CheckFailed(Exception):
    pass


def start_helper(procs, name, *args, wait_ready=True, timeout=20):
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--helper", name]
                         + [str(a) for a in args],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    procs.append(p)
    if not wait_ready:
        return p, []
    r, _, _ = select.select([p.stdout], [], [], timeout)
    line = p.stdout.readline() if r else ""
    if not line.startswith("ready"):
        raise CheckFailed("helper %s did not start (%r)" % (name, line))
    return p, line.split()[1:]


def stop_helpers(procs):
    for p in procs:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        for f in (p.stdin, p.stdout):
            try:
                if f:
                    f.close()
            except OSError:
                pass


def pids_matching(text):
    out = subprocess.run(["pgrep", "-f", text], stdout=subprocess.PIPE, text=True).stdout
    return [int(x) for x in out.split() if int(x) != os.getpid()]


def kill_pids(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def audit(**inputs):
    """Run one audit; returns a dict with rc, wall, report, facts, probes, stderr."""
    with tempfile.TemporaryDirectory(prefix="triage-hostile-") as tmp:
        facts_path = os.path.join(tmp, "facts.json")
        cmd = [BIN, "audit", "hostile", "--no-bundled", "--runbooks", RUNBOOK,
               "--format", "json", "--deadline", "%gs" % DEADLINE, "--save-facts", facts_path]
        for k, v in inputs.items():
            cmd += ["--set", "%s=%s" % (k, v)]
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        hung = False
        try:
            out, err = p.communicate(timeout=DEADLINE + SLACK + 5)
        except subprocess.TimeoutExpired:
            hung = True
            os.killpg(p.pid, signal.SIGKILL)      # triage's own session, started above
            out, err = p.communicate()
        wall = time.monotonic() - t0
        res = {"rc": p.returncode, "wall": wall, "hung": hung,
               "stderr": err.decode(errors="replace").strip()}
        try:
            res["report"] = json.loads(out)
        except ValueError:
            res["report"] = None
        try:
            with open(facts_path) as f:
                res["facts"] = json.load(f)["facts"]
        except (OSError, ValueError, KeyError):
            res["facts"] = None
    rep = res["report"] or {}
    res["probes"] = {pr["id"]: pr for pr in rep.get("probes", [])}
    return res


def common(res, problems):
    """The checks every audit must pass."""
    if res["hung"]:
        problems.append("HANG: triage still running %.0f s after start, killed"
                        % (DEADLINE + SLACK + 5))
    elif res["wall"] > DEADLINE + SLACK:
        problems.append("wall %.2f s > deadline %.0f s + %.0f s" % (res["wall"], DEADLINE, SLACK))
    if res["rc"] not in (0, 1, 2):
        problems.append("exit code %s (crash or undocumented); stderr: %s"
                        % (res["rc"], res["stderr"][-300:]))
    if res["report"] is None:
        problems.append("no JSON report on stdout")
    if res["facts"] is None:
        problems.append("no facts file written")


def fact(res, name):
    return (res["facts"] or {}).get(name, {})


def expect_value(res, name, pred, what, problems):
    f = fact(res, name)
    if "value" not in f:
        problems.append("%s unknown (%s), expected %s" % (name, f.get("unknown"), what))
    elif not pred(f["value"]):
        problems.append("%s = %r, expected %s" % (name, f["value"], what))


def expect_probe(res, pid, statuses, problems, max_ms=None):
    pr = res["probes"].get(pid)
    if pr is None:
        problems.append("probe %s missing from report" % pid)
        return None
    if pr["status"] not in statuses:
        problems.append("probe %s status %s (%s), expected %s"
                        % (pid, pr["status"], pr.get("reason"), "/".join(statuses)))
    if max_ms is not None and pr.get("duration_ms", 0) > max_ms:
        problems.append("probe %s took %.0f ms > %d ms" % (pid, pr["duration_ms"], max_ms))
    return pr


def not_healthy(res, problems):
    st = (res["report"] or {}).get("status")
    if st == "healthy" or res["rc"] == 0:
        problems.append("FALSE HEALTHY: status %s, exit %s" % (st, res["rc"]))


# ---------------------------------------------------------------- checks

def check_cpu_load(procs):
    marker = "hostile-http-" + TOKEN
    _, (port,) = start_helper(procs, "http", 30, marker)
    n = os.cpu_count() or 1
    for _ in range(2 * n):
        start_helper(procs, "busy", 20, wait_ready=False)
    time.sleep(0.5)                                  # let the load build up
    # [p] keeps the pattern from matching triage's own command line
    res = audit(http_port=port, sock_port=port, proc_pattern="hostile-htt[p]-" + TOKEN)
    problems = []
    common(res, problems)
    for pid in ("svc-http", "svc-sockets", "svc-process"):
        expect_probe(res, pid, ["ok"], problems)
    expect_value(res, "svc.responded", lambda v: v is True, "true", problems)
    expect_value(res, "svc.status", lambda v: v == 200, "200", problems)
    expect_value(res, "sock.listening", lambda v: v is True, "true", problems)
    expect_value(res, "proc.count", lambda v: v == 1, "1", problems)
    return res, problems, "%d busy loops" % (2 * n)


def check_zombies(procs):
    name = "hz" + TOKEN                               # 8 chars, fits the 15-char comm
    _, (forked, pending) = start_helper(procs, "zombies", 3000, 20, name)
    res = audit(proc_name=name)
    problems = []
    if int(pending):
        problems.append("setup: %s children not yet zombies" % pending)
    common(res, problems)
    expect_probe(res, "zombie-process", ["ok"], problems, max_ms=2000)
    expect_value(res, "zproc.count", lambda v: v == int(forked) + 1, "%d" % (int(forked) + 1),
                 problems)
    expect_value(res, "zproc.zombies", lambda v: v == int(forked), forked, problems)
    expect_value(res, "zproc.listed", lambda v: 0 < v <= 1000, "1..1000 (the list's cap)",
                 problems)
    not_healthy(res, problems)                        # zombie-storm must be concluded
    return res, problems, "%s zombies" % forked


def check_huge_proc_net_tcp(procs):
    _, (port, count) = start_helper(procs, "conns", 10000, 30, timeout=30)
    count = int(count)
    res = audit(sock_port=port)
    problems = []
    common(res, problems)
    expect_probe(res, "svc-sockets", ["ok"], problems)
    expect_value(res, "sock.listening", lambda v: v is True, "true", problems)
    expect_value(res, "sock.established", lambda v: abs(v - count) <= count * 0.05,
                 "about %d" % count, problems)
    not_healthy(res, problems)                        # connection-flood must be concluded
    lines = 0
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(path) as f:
            lines += sum(1 for _ in f)
    est = fact(res, "sock.established").get("value")
    return res, problems, "%d connections, established=%s, /proc/net/tcp* %d lines" % (
        count, est, lines)


def check_forking_command(procs):
    marker = "30.%d" % random.randrange(100000, 999999)
    needle = "sleep " + marker
    res = None
    try:
        res = audit(fork_marker=marker)
        problems = []
        common(res, problems)
        expect_probe(res, "fork-command", ["ok"], problems, max_ms=1500)
        expect_value(res, "fork.stdout", lambda v: v.strip() == "started", "'started'", problems)
        expect_value(res, "fork.exit", lambda v: v == 0, "0", problems)
        expect_value(res, "fork.timed_out", lambda v: v is False, "false", problems)
        time.sleep(0.3)
        left = pids_matching(needle)
        if left:
            problems.append("'%s' still running afterwards (pids %s)" % (needle, left))
        return res, problems, "marker %s" % marker
    finally:
        kill_pids(pids_matching(needle))


def check_trickle(procs):
    _, (port,) = start_helper(procs, "trickle", 20)
    res = audit(trickle_port=port)
    problems = []
    common(res, problems)
    pr = expect_probe(res, "trickle-http", ["ok"], problems)
    if pr and not 1500 <= pr.get("duration_ms", 0) <= 2900:
        problems.append("trickle-http took %.0f ms, expected about its 2 s timeout"
                        % pr.get("duration_ms", 0))
    expect_value(res, "trickle.error", lambda v: v == "timeout", "'timeout'", problems)
    expect_value(res, "trickle.responded", lambda v: v is False, "false", problems)
    not_healthy(res, problems)
    return res, problems, ""


def check_hung_probe(procs):
    _, (port,) = start_helper(procs, "http", 30, "hostile-http-" + TOKEN)
    secs = "60.%d" % random.randrange(100000, 999999)   # sleep 60, with a unique marker
    needle = "sleep " + secs
    with tempfile.NamedTemporaryFile(prefix="triage-hostile-") as tf:
        try:
            res = audit(hung_secs=secs, http_port=port, sock_port=port, file_path=tf.name)
            problems = []
            common(res, problems)
            if not DEADLINE - 0.3 <= res["wall"]:
                problems.append("wall %.2f s, expected about the %.0f s deadline"
                                % (res["wall"], DEADLINE))
            expect_probe(res, "hung-command", ["timed_out"], problems)
            f = fact(res, "hung.exit")
            if "value" in f or "timed out" not in str(f.get("unknown", "")):
                problems.append("hung.exit should be unknown 'timed out', got %r" % f)
            for pid in ("svc-http", "svc-sockets", "some-file"):
                expect_probe(res, pid, ["ok"], problems)
            expect_value(res, "svc.status", lambda v: v == 200, "200", problems)
            expect_value(res, "sock.listening", lambda v: v is True, "true", problems)
            expect_value(res, "file.exists", lambda v: v is True, "true", problems)
            not_healthy(res, problems)
            time.sleep(0.3)
            left = pids_matching(needle)
            if left:
                problems.append("'%s' still running after triage exited (pids %s)"
                                % (needle, left))
            return res, problems, ""
        finally:
            kill_pids(pids_matching(needle))


CHECKS = [
    ("heavy-cpu-load", check_cpu_load),
    ("zombie-process-table", check_zombies),
    ("huge-proc-net-tcp", check_huge_proc_net_tcp),
    ("command-forks-and-exits", check_forking_command),
    ("trickling-server", check_trickle),
    ("hung-probe-among-fast", check_hung_probe),
]


def main():
    if not os.access(BIN, os.X_OK):
        print("hostile: triage binary not found at %s" % BIN)
        print("hostile: 0 passed, %d failed" % len(CHECKS))
        return 1
    only = set(sys.argv[1:])
    passed = failed = 0
    for name, fn in CHECKS:
        if only and name not in only:
            continue
        procs = []
        t0 = time.monotonic()
        res = None
        try:
            res, problems, note = fn(procs)
        except Exception as e:                       # a setup failure is a failure too
            problems, note = ["%s: %s" % (type(e).__name__, e)], ""
        finally:
            stop_helpers(procs)
        wall = res["wall"] if res else time.monotonic() - t0
        extra = ""
        if res:
            extra = " rc=%s status=%s" % (res["rc"], (res["report"] or {}).get("status"))
            ran = ["%s=%s/%.0fms" % (k, v["status"], v.get("duration_ms", 0))
                   for k, v in sorted(res["probes"].items()) if v["status"] != "not_applicable"]
            note = "; ".join(x for x in (note, " ".join(ran)) if x)
        if problems:
            failed += 1
            print("%-24s %5.2fs FAIL%s%s: %s" % (name, wall, extra, " (%s)" % note if note else "",
                                                 "; ".join(problems)), flush=True)
        else:
            passed += 1
            print("%-24s %5.2fs ok%s%s" % (name, wall, extra, " (%s)" % note if note else ""),
                  flush=True)
    print("hostile: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--helper":
        HELPERS[sys.argv[2]](*sys.argv[3:])
        sys.exit(0)
    sys.exit(main())
