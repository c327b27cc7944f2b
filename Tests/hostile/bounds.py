#!/usr/bin/env python3
"""Resource bounds under hostile inputs: each case runs the built binary against a hostile input
(an expression, a fake server on loopback, a file) and measures its peak RSS and wall time. Every
case must end with a clear error or a bounded result, under 200 MB of peak RSS and its time limit.
Prints a table and "bounds: N passed, N failed".

    bounds.py PATH/TO/triage
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/triage")
LIMIT_MB = 200
rows = []
passed = 0
failed = 0


def measure(args, timeout=60, **kwargs):
    """Runs triage under GNU time; returns (exit code, stdout, stderr, peak RSS in MB, seconds)."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", TRIAGE, *args], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=timeout, **kwargs)
    elapsed = time.monotonic() - started
    peak = None  # no PEAK line: nothing was measured, and the case fails
    lines = []
    for line in result.stderr.splitlines():
        if line.startswith("PEAK "):
            peak = int(line.split()[1]) / 1024
        elif not line.startswith("Command exited"):
            lines.append(line)
    return result.returncode, result.stdout, "\n".join(lines), peak, elapsed


def case(name, args, expect, seconds, **kwargs):
    global passed, failed
    code, out, err, peak, elapsed = measure(args, **kwargs)
    ok_outcome = expect(code, out, err)
    ok = ok_outcome and peak is not None and peak < LIMIT_MB and elapsed < seconds
    rows.append((name, f"{peak:.0f} MB" if peak is not None else "unmeasured", f"{elapsed:.2f} s", "ok" if ok else "FAIL",
                 (err or out).strip().splitlines()[-1][:90] if (err or out).strip() else ""))
    if ok:
        passed += 1
    else:
        failed += 1


def serve(handler):
    """A loopback TCP server calling handler(conn) per connection; returns its port."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def loop():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=guarded, args=(conn,), daemon=True).start()

    def guarded(conn):
        try:
            handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    threading.Thread(target=loop, daemon=True).start()
    return listener.getsockname()[1]


def nested_redis(conn):
    conn.recv(65536)
    # PING answered with arrays nested 8 deep, 4096 wide: 64 MB of replies if read whole.
    conn.sendall(b"*4096\r\n" * 7)
    element = b"$16\r\n" + b"x" * 16 + b"\r\n"
    for _ in range((64 << 20) // (len(element) * 256)):
        conn.sendall(element * 256)


def chunked(size, chunk):
    def handler(conn):
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        piece = (b"%x\r\n" % chunk) + b"x" * chunk + b"\r\n"
        batch = piece * max(1, 65536 // len(piece))
        sent = 0
        while sent < size:
            conn.sendall(batch)
            sent += chunk * max(1, 65536 // len(piece))
        conn.sendall(b"0\r\n\r\n")
    return handler


def huge_body(conn):
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
    block = b"y" * 65536
    for _ in range(16384):
        conn.sendall(block)


RUNBOOK = """version: 1
symptoms:
  - id: bounds
    title: Bounds
    inputs:
      - {name: url, type: string, default: ""}
probes:
  - id: fetch
    kind: http
    with: {url: "${input.url}", max_body: 16777216}
    timeout: 20s
    yields: {page.size: size(result.body), page.ok: result.ok}
facts:
  page.size: int
  page.ok: bool
checklist:
  - {id: fetched, text: Was the page fetched?, pass: page.ok && page.size > 0}
"""

with tempfile.TemporaryDirectory() as work:
    # 1. One expression whose macro builds a string per iteration (each within its limit).
    facts = os.path.join(work, "facts.json")
    with open(facts, "w") as handle:
        json.dump({"s": "x" * 1_000_000}, handle)
    numbers = "[" + ",".join(str(i) for i in range(200)) + "]"
    case("CEL: 200 x 4 MB strings from a macro", ["eval", f"{numbers}.map(i, s + s + s + s).size() > 0", "--facts", facts],
         lambda c, o, e: c != 0 and "memory budget" in (o + e), 10)

    # 2. A fake Redis answering PING with 64 MB of nested arrays.
    port = serve(nested_redis)
    case("Redis: PING answered by 64 MB of nested arrays",
         ["facts", "http-503", "--set", f"cache_url=redis://127.0.0.1:{port}", "--deadline", "10s", "--format", "json"],
         lambda c, o, e: c == 0 and json.loads(o)["facts"]["redis.ping"].get("value") is False, 15)

    # 3-5. HTTP: chunked bodies in 8 KiB and 1-byte chunks, and a 1 GB body.
    runbooks = os.path.join(work, "runbooks")
    os.mkdir(runbooks)
    with open(os.path.join(runbooks, "bounds.yaml"), "w") as handle:
        handle.write(RUNBOOK)
    for name, handler in [("HTTP: 16 MiB chunked in 8 KiB chunks", chunked(16 << 20, 8192)),
                          ("HTTP: 4 MiB chunked in 1-byte chunks", chunked(4 << 20, 1)),
                          ("HTTP: a 1 GB body (max_body 16 MiB)", huge_body)]:
        port = serve(handler)
        case(name, ["facts", "bounds", "--no-bundled", "--runbooks", runbooks, "--set", f"url=http://127.0.0.1:{port}/",
                    "--deadline", "25s", "--format", "json"],
             lambda c, o, e: c == 0 and '"page.size"' in o, 30)

    # 6. A facts file of 160,000 unknown fact names.
    flood = os.path.join(work, "flood.json")
    with open(flood, "w") as handle:
        json.dump({"format": "triage-facts/1", "facts": {f"no.such.fact{i}": i for i in range(160_000)}}, handle)
    case("facts file: 160,000 unknown fact names", ["audit", "http-503", "--facts", flood],
         lambda c, o, e: c == 65 and "stopped after 100 errors" in e, 20)

    # 7. Six 30 MB runbook files.
    big = os.path.join(work, "big")
    os.mkdir(big)
    padding = "# " + "p" * 1000 + "\n"
    for index in range(6):
        with open(os.path.join(big, f"r{index}.yaml"), "w") as handle:
            handle.write("version: 1\n")
            handle.write(padding * (30_000_000 // len(padding)))
    case("runbooks: six files of 30 MB", ["validate", big, "--no-bundled"],
         lambda c, o, e: c == 65 and "add up to more than" in e, 20)

width = max(len(row[0]) for row in rows)
print(f"{'hostile input'.ljust(width)}  peak RSS  wall     result  message")
for name, peak, wall, result, message in rows:
    print(f"{name.ljust(width)}  {peak:>8}  {wall:>7}  {result:6}  {message}")
print(f"bounds: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
