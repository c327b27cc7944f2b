#!/usr/bin/env python3
"""Outputs that never destroy, on files this test creates (a device node it makes, a FIFO, a
symlink, files with odd modes): what is at a report's path is replaced only when it is a regular
file, keeps its mode, and write errors (standard output included) exit 74 with no partial set of
reports.

    outputs.py PATH/TO/triage        prints "outputs: N passed, N failed"
"""
import os
import stat
import subprocess
import sys
import tempfile
import threading

from checks import check, finish

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
FACTS = os.path.join(ROOT, "runbooks/http-503/facts/healthy.json")


def audit(*args, stdout=subprocess.PIPE):
    return subprocess.run([TRIAGE, "audit", "http-503", "--facts", FACTS, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL, timeout=60)


with tempfile.TemporaryDirectory() as work:
    # A character device: a node of our own with /dev/null's numbers (never the real /dev/null).
    null = os.path.join(work, "null")
    if os.geteuid() == 0:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        result = audit("--format", f"json:{null}")
        mode = os.lstat(null).st_mode
        check("a character device is written in place, not replaced",
              result.returncode == 0 and stat.S_ISCHR(mode), (result.returncode, oct(mode), result.stderr))
    else:
        print("NOTE: not root: the device-node check uses /dev/null itself")
        result = audit("--format", "json:/dev/null")
        check("/dev/null stays a character device", stat.S_ISCHR(os.lstat("/dev/null").st_mode), result.stderr)

    # A FIFO with a reader gets the report; without one, a clear error and no hang.
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo).read()))
    reader.start()
    result = audit("--format", f"json:{fifo}")
    reader.join(10)
    check("a FIFO with a reader receives the report", result.returncode == 0 and '"status"' in "".join(received),
          result.stderr)
    check("the FIFO is still a FIFO", stat.S_ISFIFO(os.lstat(fifo).st_mode))
    result = audit("--format", f"json:{fifo}")
    check("a FIFO nobody reads: exit 74, not a hang", result.returncode == 74 and "nobody reads" in result.stderr,
          (result.returncode, result.stderr))

    # A symlink the user names: what it points at gets the report, the link stays a link.
    target = os.path.join(work, "target.json")
    with open(target, "w") as handle:
        handle.write("old\n")
    os.chmod(target, 0o640)
    link = os.path.join(work, "link.json")
    os.symlink(target, link)
    result = audit("--format", f"json:{link}")
    check("a symlink stays a symlink", os.path.islink(link), result.stderr)
    check("its target gets the report", open(target).read().startswith("{"))
    check("the target keeps its mode (0640)", stat.S_IMODE(os.stat(target).st_mode) == 0o640,
          oct(os.stat(target).st_mode))

    # A new file honours the umask.
    fresh = os.path.join(work, "fresh.json")
    previous = os.umask(0o027)
    try:
        audit("--format", f"json:{fresh}")
    finally:
        os.umask(previous)
    check("a new report honours the umask (0640)", stat.S_IMODE(os.stat(fresh).st_mode) == 0o640,
          oct(os.stat(fresh).st_mode))

    # A directory, a missing directory, a block-device-like refusal: checked before probing.
    result = audit("--save-facts", work)
    check("--save-facts into a directory: exit 74 with a plain message",
          result.returncode == 74 and "a directory" in result.stderr and "NSCocoa" not in result.stderr,
          (result.returncode, result.stderr))

    # All or nothing: a later report that cannot be written leaves no earlier one behind.
    first = os.path.join(work, "first.json")
    result = audit("--format", f"json:{first}", "--format", f"markdown:{work}/missing/report.md")
    check("an unwritable second report: exit 74 and the first is not written",
          result.returncode == 74 and not os.path.exists(first), (result.returncode, result.stderr))
    with open("/dev/full", "w") as full:
        result = audit("--format", f"json:{first}", "--format", "text", stdout=full)
    check("standard output full: exit 74 and no file report left",
          result.returncode == 74 and not os.path.exists(first), (result.returncode, result.stderr))
    leftovers = [name for name in os.listdir(work) if ".json." in name or ".md." in name]
    check("no temporary files left behind", not leftovers, leftovers)
    with open("/dev/full", "w") as full:
        listed = subprocess.run([TRIAGE, "list"], stdout=full, stderr=subprocess.PIPE, text=True)
    check("triage list >/dev/full exits 74", listed.returncode == 74, (listed.returncode, listed.stderr))

finish("outputs")
