#!/usr/bin/env python3
"""Explicit runbook sources: a binary copied elsewhere never loads runbooks from its ancestors, and
as root no runbook that another user could write is loaded.

    sources.py PATH/TO/triage        prints "sources: N passed, N failed"
"""
import os
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish

TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/triage")
EVIL = "version: 1\nsymptoms:\n  - {id: planted, title: Planted by someone else}\n"


with tempfile.TemporaryDirectory() as work:
    # A copy of the binary in work/x/bin, with a checkout-looking tree and runbooks above it.
    binary = os.path.join(work, "x", "bin", "triage")
    os.makedirs(os.path.dirname(binary))
    shutil.copy2(TRIAGE, binary)
    for directory in [os.path.join(work, "x"), work]:
        os.makedirs(os.path.join(directory, "runbooks", "planted"), exist_ok=True)
        with open(os.path.join(directory, "runbooks", "planted", "p.yaml"), "w") as handle:
            handle.write(EVIL)
        open(os.path.join(directory, "Package.swift"), "w").close()
    listed = subprocess.run([binary, "list"], capture_output=True, text=True, cwd=os.path.dirname(binary),
                            env={k: v for k, v in os.environ.items() if k != "TRIAGE_BUNDLED_RUNBOOKS"})
    check("a copied binary does not load runbooks from its ancestors", "planted" not in listed.stdout,
          listed.stdout[:300])
    check("it still finds the runbooks it was built with", "http-503" in listed.stdout, listed.stderr[:300])

    team = os.path.join(work, "team")
    os.makedirs(team)
    runbook = os.path.join(team, "team.yaml")
    with open(runbook, "w") as handle:
        handle.write(EVIL)
    os.chmod(runbook, 0o666)
    result = subprocess.run([TRIAGE, "validate", team, "--no-bundled"], capture_output=True, text=True)
    if os.geteuid() == 0:
        check("as root, a runbook every user can write is refused",
              result.returncode == 65 and "writable by every user" in result.stderr, result.stderr)
        os.chmod(runbook, 0o644)
        os.chown(runbook, 65534, 65534)
        result = subprocess.run([TRIAGE, "validate", team, "--no-bundled"], capture_output=True, text=True)
        check("as root, a runbook owned by another user is refused",
              result.returncode == 65 and "owned by uid 65534" in result.stderr, result.stderr)
        os.chown(runbook, 0, 0)
        result = subprocess.run([TRIAGE, "validate", team, "--no-bundled"], capture_output=True, text=True)
        check("as root, a runbook of root's own loads", result.returncode == 0, result.stderr)
    else:
        print("NOTE: not root: the ownership checks apply to root only and are not exercised here")

finish("sources")
