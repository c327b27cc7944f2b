#!/usr/bin/env python3
"""Figures in the docs that drift with the runbooks are checked against the runbooks themselves:

- every `ok: N symptoms, N probes, N rules, N causes, N checklist items, N examples` line in
  docs/ and README.md is compared with what the `triage validate` command above it really prints
  (the worked example of docs/runbook-format.md is rebuilt from the page itself);
- "`examples.yaml` holds N examples" is compared with the examples `triage test` runs from it.

    docs_counts.py PATH/TO/triage [--write]   prints "docs-counts: N passed, N failed";
                                              --write puts the real figures in the docs
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))
SUMMARY = re.compile(r"^ok: \d+ symptoms, \d+ probes, \d+ rules, \d+ causes, \d+ checklist items, \d+ examples$")
WRITE = "--write" in sys.argv
passed = 0
failed = 0
fixes = {}


def check(where, expected, got):
    global passed, failed
    if expected == got:
        passed += 1
    elif WRITE:
        page, line = where.split(":")[:2]
        fixes.setdefault(page, []).append((int(line), expected, got))
    else:
        failed += 1
        print(f"{where}: error: the docs say '{expected}', the runbooks give '{got}'")


def worked_example(page, directory):
    """The YAML of the page's worked example, written as a team runbook directory."""
    text = open(page).read()
    section = text[text.index("## A worked example"):]
    block = section[section.index("```yaml\n") + 8:]
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "site-down.yaml"), "w") as handle:
        handle.write(block[:block.index("```")])
    return directory


with tempfile.TemporaryDirectory() as work:
    pages = sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)) + [os.path.join(ROOT, "README.md")]
    for page in pages:
        lines = open(page).read().splitlines()
        relative = os.path.relpath(page, ROOT)
        for number, line in enumerate(lines, 1):
            if SUMMARY.match(line.strip()):
                command = next((l for l in reversed(lines[:number - 1]) if l.lstrip().startswith("$ triage validate")),
                               None)
                if command is None:
                    continue
                arguments = command.split("#")[0].split()[3:]
                paths = []
                for argument in arguments:
                    candidate = os.path.join(ROOT, argument)
                    if os.path.exists(candidate):
                        paths.append(candidate)
                    elif relative == "docs/runbook-format.md":
                        paths.append(worked_example(page, os.path.join(work, "site-down")))
                result = subprocess.run([TRIAGE, "validate", *paths], capture_output=True, text=True, cwd=ROOT)
                check(f"{relative}:{number}:1", line.strip(), result.stdout.strip())
            match = re.search(r"`examples.yaml` holds (\d+) examples", line)
            if match:
                result = subprocess.run([TRIAGE, "test", "runbooks/http-503/examples.yaml"], capture_output=True,
                                        text=True, cwd=ROOT)
                counts = re.search(r"(\d+) passed, (\d+) failed", result.stdout)
                total = str(int(counts.group(1)) + int(counts.group(2))) if counts else "?"
                check(f"{relative}:{number}:{match.start(1) + 1}", match.group(1), total)

for page, changes in fixes.items():
    path = os.path.join(ROOT, page)
    lines = open(path).read().split("\n")
    for number, expected, got in changes:
        lines[number - 1] = lines[number - 1].replace(expected, got)
    open(path, "w").write("\n".join(lines))
    print(f"rewrote {len(changes)} figure(s) in {page}")
print(f"docs-counts: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
