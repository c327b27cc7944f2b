#!/usr/bin/env python3
"""`https` takes the same road as `http`: real TLS servers on loopback with certificates made
here (signed by a test CA, self-signed, expired, for another host name), checked through a small
runbook — verification on and off, redirects not followed unless asked, `max_body` read as a
bound (a 1 GB body), the answer window.

    https.py PATH/TO/triage        prints "https: N passed, N failed"
"""
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from certificates import certificate
from checks import check, finish

TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/triage")
RUNBOOK = """version: 1
symptoms:
  - id: web
    title: Web
    inputs:
      - {name: url, type: string, default: ""}
      - {name: verify, type: bool, default: true}
      - {name: follow, type: bool, default: false}
probes:
  - id: fetch
    kind: http
    with: {url: "${input.url}", verify_tls: "${input.verify}", follow_redirects: "${input.follow}",
           max_body: 4096, timeout: 2s}
    timeout: 5s
    yields: {page.status: result.status, page.error: result.error, page.size: size(result.body)}
facts: {page.status: int, page.error: string, page.size: int}
checklist:
  - {id: ok, text: Does the page answer 200?, pass: page.status == 200}
"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            block = b"z" * 65536
            try:
                for _ in range(16384):
                    self.wfile.write(block)
            except OSError:
                pass
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


def serve(cert_path, key_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def fetch(runbooks, url, env, *settings):
    args = [TRIAGE, "facts", "web", "--no-bundled", "--runbooks", runbooks, "--format", "json", "--set", f"url={url}"]
    for setting in settings:
        args += ["--set", setting]
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", *args], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60, env=env)
    peak = [int(line.split()[1]) // 1024 for line in result.stderr.splitlines() if line.startswith("PEAK ")]
    facts = json.loads(result.stdout)["facts"]
    return ({name: entry.get("value", entry.get("unknown")) for name, entry in facts.items()},
            time.monotonic() - started, peak[0] if peak else None)  # None: unmeasured, and the check fails


with tempfile.TemporaryDirectory() as work:
    ca_key, ca_cert, ca_path, _ = certificate(work, "ca", "triage test CA", None, None, ca=True)
    _, _, good_cert, good_key = certificate(work, "good", "127.0.0.1", ca_key, ca_cert.subject)
    _, _, expired_cert, expired_key = certificate(work, "expired", "127.0.0.1", ca_key, ca_cert.subject,
                                                  days=(-30, -1))
    _, _, wrong_cert, wrong_key = certificate(work, "wrong", "wrong.example", ca_key, ca_cert.subject,
                                              hosts=("wrong.example",))
    _, _, self_cert, self_key = certificate(work, "self", "127.0.0.1", None, None)
    runbooks = os.path.join(work, "runbooks")
    os.mkdir(runbooks)
    with open(os.path.join(runbooks, "web.yaml"), "w") as handle:
        handle.write(RUNBOOK)
    env = dict(os.environ, SSL_CERT_FILE=ca_path)
    ports = {name: serve(cert, key) for name, cert, key in [
        ("good", good_cert, good_key), ("expired", expired_cert, expired_key), ("wrong", wrong_cert, wrong_key),
        ("self", self_cert, self_key)]}

    facts, _, _ = fetch(runbooks, f"https://127.0.0.1:{ports['good']}/", env)
    check("a certificate from a trusted CA for this address: 200", facts["page.status"] == 200, facts)
    for name in ["expired", "wrong", "self"]:
        facts, _, _ = fetch(runbooks, f"https://127.0.0.1:{ports[name]}/", env)
        check(f"{name} certificate: refused with error 'tls'", facts["page.status"] == 0 and facts["page.error"] == "tls",
              facts)
        facts, _, _ = fetch(runbooks, f"https://127.0.0.1:{ports[name]}/", env, "verify=false")
        check(f"{name} certificate with verify_tls false: 200", facts["page.status"] == 200, facts)
    facts, _, _ = fetch(runbooks, f"https://127.0.0.1:{ports['good']}/redirect", env)
    check("https redirect not followed by default: 302", facts["page.status"] == 302, facts)
    facts, _, _ = fetch(runbooks, f"https://127.0.0.1:{ports['good']}/redirect", env, "follow=true")
    check("https redirect followed when asked: 200", facts["page.status"] == 200, facts)
    facts, elapsed, peak = fetch(runbooks, f"https://127.0.0.1:{ports['good']}/huge", env)
    check("a 1 GB https body is read only up to max_body", facts["page.size"] == 4096 and peak is not None and peak < 100,
          (facts, f"{peak} MB", f"{elapsed:.1f} s"))
    facts, elapsed, _ = fetch(runbooks, f"https://127.0.0.1:{ports['good']}/slow", env)
    check("no answer within the answer window over TLS: error 'timeout', observed",
          facts["page.error"] == "timeout" and elapsed < 4.5, (facts, elapsed))
    facts, _, _ = fetch(runbooks, f"http://127.0.0.1:{ports['good']}/", env)
    check("plain http to a TLS port does not pass for a response", facts["page.status"] != 200, facts)

finish("https")
