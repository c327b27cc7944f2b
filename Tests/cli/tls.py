#!/usr/bin/env python3
"""The `tls` probe kind against real TLS servers: `openssl s_server` on loopback with
certificates made here (signed by a test CA, expired, self-signed, for another host name), a
plain-TCP port and a closed one, read through a small runbook with `triage facts` and `triage
audit`; and an `https` probe's certificate fields (`result.tls`).

    tls.py PATH/TO/triage        prints "tls: N passed, N failed"
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

from certificates import certificate
from checks import check, finish

TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/triage")
RUNBOOK = """version: 1
symptoms:
  - id: cert
    title: The site's certificate
    inputs:
      - {name: port, type: int, default: 443}
      - {name: name, type: string, default: ""}
      - {name: url, type: string, default: ""}
probes:
  - id: handshake
    kind: tls
    with: {host: 127.0.0.1, port: "${input.port}", server_name: "${input.name}", timeout: 2s}
    timeout: 5s
    yields:
      tls.connected: result.connected
      tls.handshake: result.handshake
      tls.error: result.error
      tls.tls_error: result.tls_error
      tls.protocol: result.protocol
      tls.verified: result.verified
      tls.verify_error: result.verify_error
      tls.chain_length: result.chain_length
      tls.days_left: result.days_left
      tls.hostname_matches: result.hostname_matches
      tls.self_signed: result.self_signed
      tls.san: "result.san.join(',')"
      tls.subject: result.subject
      tls.expires: result.not_after
  - id: page
    kind: http
    when: input.url != ''
    with: {url: "${input.url}", verify_tls: false, timeout: 2s}
    yields:
      page.status: result.status
      page.days_left: result.tls.days_left
      page.verified: result.tls.verified
facts:
  tls.connected: bool
  tls.handshake: bool
  tls.error: string
  tls.tls_error: string
  tls.protocol: string
  tls.verified: bool
  tls.verify_error: string
  tls.chain_length: int
  tls.days_left: int
  tls.hostname_matches: bool
  tls.self_signed: bool
  tls.san: string
  tls.subject: string
  tls.expires: timestamp
  page.status: int
  page.days_left: int
  page.verified: bool
rules:
  - {id: no-tls, when: "tls.connected && !tls.handshake", conclude: not-tls}
  - {id: expired, when: tls.days_left < 0, conclude: cert-expired}
  - {id: misnamed, when: "tls.handshake && !tls.hostname_matches", conclude: cert-misnamed}
causes:
  - {id: not-tls, title: The port does not speak TLS, explains: [cert]}
  - {id: cert-expired, title: The certificate has expired, explains: [cert]}
  - {id: cert-misnamed, title: The certificate names another host, explains: [cert]}
checklist:
  - {id: verifies, text: Does the certificate verify?, pass: tls.verified}
  - {id: page-answers, text: Does the page answer?, pass: "input.url == '' || page.status == 200"}
"""


def openssl_server(cert_path, key_path):
    """`openssl s_server` on a free loopback port; returns (process, port)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", cert_path,
                                "-key", key_path, "-www", "-quiet"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"openssl s_server did not start on {port}")


def plain_server():
    """A TCP server that answers like SSH, not TLS."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve():
        while True:
            connection, _ = listener.accept()
            try:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
                time.sleep(0.2)
            finally:
                connection.close()
    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1]


def facts(runbooks, env, *settings):
    args = [TRIAGE, "facts", "cert", "--no-bundled", "--runbooks", runbooks, "--format", "json"]
    for setting in settings:
        args += ["--set", setting]
    result = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, env=env)
    entries = json.loads(result.stdout)["facts"]
    return {name: entry.get("value", {"unknown": entry.get("unknown")}) for name, entry in entries.items()}


def audit(runbooks, env, *settings):
    args = [TRIAGE, "audit", "cert", "--no-bundled", "--runbooks", runbooks, "--format", "json", "--no-discover"]
    for setting in settings:
        args += ["--set", setting]
    result = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, env=env)
    report = json.loads(result.stdout)
    return result.returncode, report["status"], [cause["id"] for cause in report.get("causes", [])]


with tempfile.TemporaryDirectory() as work:
    ca_key, ca_cert, ca_path, _ = certificate(work, "ca", "triage test CA", None, None, ca=True)
    _, _, good_cert, good_key = certificate(work, "good", "127.0.0.1", ca_key, ca_cert.subject)
    _, _, expired_cert, expired_key = certificate(work, "expired", "127.0.0.1", ca_key, ca_cert.subject,
                                                  days=(-30, -3))
    _, _, wrong_cert, wrong_key = certificate(work, "wrong", "shop.example", ca_key, ca_cert.subject,
                                              hosts=("shop.example", "www.shop.example"))
    _, _, self_cert, self_key = certificate(work, "self", "127.0.0.1", None, None)
    runbooks = os.path.join(work, "runbooks")
    os.mkdir(runbooks)
    with open(os.path.join(runbooks, "cert.yaml"), "w") as handle:
        handle.write(RUNBOOK)
    env = dict(os.environ, SSL_CERT_FILE=ca_path)
    servers = {name: openssl_server(cert, key) for name, cert, key in [
        ("good", good_cert, good_key), ("expired", expired_cert, expired_key), ("wrong", wrong_cert, wrong_key),
        ("self", self_cert, self_key)]}
    ports = {name: port for name, (_, port) in servers.items()}
    try:
        good = facts(runbooks, env, f"port={ports['good']}")
        check("valid: handshake, verified, no error", good["tls.handshake"] is True and good["tls.verified"] is True
              and good["tls.verify_error"] == "" and good["tls.error"] == "", good)
        check("valid: protocol TLSv1.2 or 1.3, a chain of one", good["tls.protocol"] in ("TLSv1.2", "TLSv1.3")
              and good["tls.chain_length"] == 1, good)
        check("valid: 29 or 30 days left, names this address, not self-signed",
              good["tls.days_left"] in (29, 30) and good["tls.hostname_matches"] is True
              and good["tls.self_signed"] is False and good["tls.san"] == "127.0.0.1"
              and good["tls.subject"] == "CN=127.0.0.1", good)
        code, status, causes = audit(runbooks, env, f"port={ports['good']}")
        check("valid: the audit is healthy, exit 0", (code, status, causes) == (0, "healthy", []), (code, status, causes))

        expired = facts(runbooks, env, f"port={ports['expired']}")
        check("expired: handshake, not verified, 'certificate has expired', days_left -4 or -3",
              expired["tls.handshake"] is True and expired["tls.verified"] is False
              and "expired" in expired["tls.verify_error"] and expired["tls.days_left"] in (-4, -3), expired)
        code, status, causes = audit(runbooks, env, f"port={ports['expired']}")
        check("expired: the audit concludes cert-expired, exit 1", code == 1 and causes == ["cert-expired"],
              (code, status, causes))

        selfsigned = facts(runbooks, env, f"port={ports['self']}")
        check("self-signed: not verified, self_signed, OpenSSL says self-signed",
              selfsigned["tls.verified"] is False and selfsigned["tls.self_signed"] is True
              and "self" in selfsigned["tls.verify_error"] and selfsigned["tls.hostname_matches"] is True, selfsigned)

        wrong = facts(runbooks, env, f"port={ports['wrong']}")
        check("wrong host name: not verified, hostname_matches false, 'IP address mismatch', both SANs",
              wrong["tls.verified"] is False and wrong["tls.hostname_matches"] is False
              and wrong["tls.verify_error"] == "IP address mismatch" and wrong["tls.san"] == "shop.example,www.shop.example", wrong)
        code, status, causes = audit(runbooks, env, f"port={ports['wrong']}")
        check("wrong host name: the audit concludes cert-misnamed", causes == ["cert-misnamed"], (code, status, causes))
        named = facts(runbooks, env, f"port={ports['wrong']}", "name=www.shop.example")
        check("server_name www.shop.example against that certificate: verified",
              named["tls.verified"] is True and named["tls.hostname_matches"] is True, named)

        plain = facts(runbooks, env, f"port={plain_server()}")
        check("plain TCP: connected, no handshake, error 'tls' with OpenSSL's reason, no certificate facts",
              plain["tls.connected"] is True and plain["tls.handshake"] is False and plain["tls.error"] == "tls"
              and plain["tls.tls_error"] != "" and isinstance(plain["tls.days_left"], dict), plain)
        code, status, causes = audit(runbooks, env, f"port={plain_server()}")
        check("plain TCP: the audit concludes not-tls, and the checklist fails", causes == ["not-tls"] and code == 1,
              (code, status, causes))

        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
        closed.close()
        refused = facts(runbooks, env, f"port={closed_port}")
        check("closed port: not connected, error 'refused'",
              refused["tls.connected"] is False and refused["tls.error"] == "refused", refused)

        page = facts(runbooks, env, f"port={ports['expired']}", f"url=https://127.0.0.1:{ports['expired']}/")
        check("https with verify_tls false: 200 and the certificate's facts in result.tls",
              page.get("page.status") == 200 and page.get("page.days_left") in (-4, -3) and page.get("page.verified") is False,
              page)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait()

finish("tls")
