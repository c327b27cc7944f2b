#!/usr/bin/env python3
"""Injection-proof templates, against a real server that records every request it receives: an
input holding CR/LF never reaches the wire (no second request, no request at all from that
probe), and an input that would become an option of a command is refused or kept an operand.

    injection.py PATH/TO/triage        prints "injection: N passed, N failed"
"""
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from checks import check, finish

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
received = []


class Recorder(BaseHTTPRequestHandler):
    def handle_one_request(self):
        super().handle_one_request()
        if self.requestline:
            received.append(self.requestline)

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_DELETE = do_GET

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]


def facts(*settings):
    args = [TRIAGE, "facts", "http-503", "--format", "json", "--deadline", "3s"]
    for setting in settings:
        args += ["--set", setting]
    return json.loads(subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                     timeout=60).stdout)["facts"]


base = [f"app_port={port}", f"front_url=http://127.0.0.1:{port}/front", "service=", "db_dsn=", "cache_url="]
received.clear()
got = facts(*base, "health_path=/health\r\nDELETE /secret HTTP/1.1\r\nHost: x\r\n")
check("CR/LF in health_path: no DELETE reached the server", not any("DELETE" in line for line in received),
      received)
check("CR/LF in health_path: the health probe sent nothing", not any("/health" in line for line in received),
      received)
check("CR/LF in health_path: its facts are unknown with the reason",
      "control character" in got["health.responded"].get("unknown", ""), got["health.responded"])
check("the other probes still ran (the front was asked)", any("/front" in line for line in received), received)

got = facts(*base, "health_path=/health now")
check("a space in health_path: refused as a URL", "unknown" in got["health.responded"], got["health.responded"])

got = facts(*base, "disk_path=--help")
check("disk_path=--help stays an operand after '--' (stat fails on it as a path)",
      "cannot read file system information for '--help'" in got["disk.free_pct"].get("unknown", ""),
      got["disk.free_pct"])

server.shutdown()
finish("injection")
