#!/usr/bin/env python3
"""Figures in the docs that drift with the runbooks are checked against what triage really gives,
computed on every run (nothing here is hard-coded):

- every `ok: N symptoms, N probes, N rules, N causes, N checklist items, N examples` line in
  docs/ and README.md is compared with what the `triage validate` command above it really prints
  (the worked example of docs/runbook-format.md is rebuilt from the page itself);
- "`examples.yaml` holds N examples" is compared with the examples `triage test` runs from it;
- the counts in replayed transcripts (console blocks whose triage commands all use `--facts`):
  `N rules evaluated, N fired`, `N hypotheses ruled out`, `N hypotheses blocked` and the Nagios
  perfdata counts (`causes=`, `undecided=`, `checklist_failed=` …) are compared with what the
  block's commands print when run again;
- "(N inputs, N evidence rules, … in full)" notes on trimmed reports are compared with the JSON
  report of the `triage audit` command above them;
- live-run probe counts ("Probes: N run", "of its N probes") and "the N
  causes" of the bundled runbook's page are compared with `triage list probes` / `list causes`.

    docs_counts.py PATH/TO/triage [--write]   prints "docs-counts: N passed, N failed";
                                              --write puts the real figures in the docs
"""
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARGS = [a for a in sys.argv[1:] if a != "--write"]
TRIAGE = os.path.abspath(ARGS[0] if ARGS else os.path.join(ROOT, ".build/debug/triage"))
WRITE = "--write" in sys.argv
SUMMARY = re.compile(r"^ok: \d+ symptoms, \d+ probes, \d+ rules, \d+ causes, \d+ checklist items, \d+ examples$")
# Only the bundled runbooks: a user's team runbooks or inputs file must not change the figures.
ENV = {k: v for k, v in os.environ.items() if k not in ("TRIAGE_RUNBOOKS", "TRIAGE_CONFIG", "NO_COLOR")}
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
# Counts printed in replayed transcripts: (key, pattern); perfdata only on a `TRIAGE ` status line.
TRANSCRIPT = [("rules evaluated", re.compile(r"(\d+) rules evaluated")),
              ("rules fired", re.compile(r"rules evaluated, (\d+) fired")),
              ("hypotheses ruled out", re.compile(r"(\d+) hypotheses ruled out")),
              ("hypotheses blocked", re.compile(r"(\d+) hypotheses blocked"))]
PERFDATA = re.compile(r"\b(causes|undecided|checklist_failed|checklist_unknown|probe_failures)=(\d+)")
# Notes on trimmed reports: "(N inputs, N evidence rules, … in full)".
IN_FULL = re.compile(r"\(([^()]*?)\s+in full\)", re.S)
IN_FULL_ITEM = re.compile(r"(\d+)\s+(inputs|evidence rules|remediation steps|references|checklist items|"
                          r"ruled-out\s+causes)\b")
# Catalog figures in prose and live transcripts: (pages or None for all, pattern, `triage list` what).
PROSE = [(None, re.compile(r"\bProbes: (\d+) run\b"), "probes"),
         (None, re.compile(r"\bof its (\d+) probes\b"), "probes"),
         (["docs/runbooks/http-503.md"], re.compile(r"\bthe (\w+) causes\b"), "causes")]

passed = 0
failed = 0
fixes = {}


def check(page, number, column, expected, got, source):
    """One figure: `expected` as written at page:number (1-based), column (0-based); `got` is real."""
    global passed, failed
    if expected == got:
        passed += 1
    elif WRITE:
        fixes.setdefault(page, []).append((number, column, expected, got))
    else:
        failed += 1
        print(f"{page}:{number}:{column + 1}: error: the docs say '{expected}', {source} gives '{got}'")


def triage(*arguments):
    return subprocess.run([TRIAGE, *arguments], capture_output=True, text=True, cwd=ROOT, env=ENV,
                          stdin=subprocess.DEVNULL, timeout=120)


def number_of(word):
    return int(word) if word.isdigit() else WORDS.index(word.lower()) if word.lower() in WORDS else None


def spelled_like(written, value):
    """`value` written the way the docs wrote `written` (a word stays a word while one exists)."""
    return str(value) if written.isdigit() or value >= len(WORDS) else WORDS[value]


listed_cache = {}


def listed(what):
    """How many WHAT the bundled catalog holds, from `triage list WHAT`."""
    if what not in listed_cache:
        result = triage("list", what)
        if result.returncode != 0:
            sys.exit(f"docs_counts: `triage list {what}` failed: {result.stderr.strip()}")
        listed_cache[what] = sum(1 for line in result.stdout.splitlines() if line.startswith("  "))
    return listed_cache[what]


def worked_example(page, directory):
    """The YAML of the page's worked example, written as a team runbook directory."""
    text = open(page).read()
    section = text[text.index("## A worked example"):]
    block = section[section.index("```yaml\n") + 8:]
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "site-down.yaml"), "w") as handle:
        handle.write(block[:block.index("```")])
    return directory


def console_blocks(lines):
    """Each fenced console block: a list of (command, first line number, [(line number, output line)])."""
    blocks, index = [], 0
    while index < len(lines):
        fence = re.match(r"^(\s*)(`{3,})console\s*$", lines[index])
        index += 1
        if not fence:
            continue
        commands, indent = [], len(fence.group(1))
        while index < len(lines) and lines[index].strip() != fence.group(2):
            line = lines[index][indent:]
            if line.startswith("$ "):  # an indented "$ psql …" is a report's remediation, not a command
                start, command = index + 1, line[2:].strip()
                while command.endswith("\\") and index + 1 < len(lines):
                    index += 1
                    command = command[:-1] + " " + lines[index].strip()
                commands.append((command, start, []))
            elif commands:
                commands[-1][2].append((index + 1, lines[index]))
            index += 1
        index += 1
        blocks.append(commands)
    return blocks


def replayable(command):
    """Deterministic commands only: triage replays of a facts file, and the files they read made here."""
    words = shlex.split(command, comments=True)
    if not words:
        return False
    if words[0] == "triage":
        return words[1:2] == ["audit"] and any(w == "--facts" or w.startswith("--facts=") for w in words)
    return words[0] in ("echo", "python3")


def transcript_counts(line):
    found = [(key, m) for key, pattern in TRANSCRIPT for m in [pattern.search(line)] if m]
    if line.lstrip().startswith("TRIAGE "):
        found += [(m.group(1) + "=", m) for m in PERFDATA.finditer(line)]
    return found


def check_transcripts(relative, lines, work):
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    if not os.path.exists(os.path.join(bin_dir, "triage")):
        os.symlink(TRIAGE, os.path.join(bin_dir, "triage"))
    env = dict(ENV, PATH=bin_dir + os.pathsep + ENV.get("PATH", ""))
    for commands in console_blocks(lines):
        figures = [(c, n, line, key, m) for c, _, out in commands for n, line in out for key, m in transcript_counts(line)]
        if not figures or not all(replayable(command) for command, _, _ in commands):
            continue
        scratch = os.path.join(work, "tmp")
        os.makedirs(scratch, exist_ok=True)
        printed = {}
        for command, _, _ in commands:
            result = subprocess.run(["bash", "-c", command.replace("/tmp/", scratch + "/")], capture_output=True,
                                    text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, timeout=120)
            printed[command] = result.stdout.splitlines()
        for command, number, line, key, match in figures:
            got = next((m.group(match.lastindex) for out in printed[command] for k, m in transcript_counts(out)
                        if k == key), None)
            if got is None:  # the wording itself changed: a person has to rewrite the transcript
                global failed
                failed += 1
                print(f"{relative}:{number}:{match.start(match.lastindex) + 1}: error: the docs show "
                      f"'{match.group(0)}', but `{command}` no longer prints '{key}' at all: the transcript is "
                      f"out of date")
                continue
            check(relative, number, match.start(match.lastindex), match.group(match.lastindex), got,
                  f"`{command}` ({key})")


def check_in_full(relative, text, lines):
    """"(N inputs, … in full)": the JSON report of the nearest `$ triage audit` command above."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    reports = {}
    for note in IN_FULL.finditer(text):
        items = list(IN_FULL_ITEM.finditer(note.group(1)))
        if not items:
            continue
        line_of = lambda offset: next(n for n in range(len(starts) - 1, -1, -1) if starts[n] <= offset)
        above = [l.strip()[2:] for l in lines[:line_of(note.start())] if l.strip().startswith("$ triage audit")]
        if not above:
            continue
        arguments, skip = [], False
        for word in shlex.split(above[-1], comments=True)[1:]:
            if word in ("|", ">", ";", "&&") or word.startswith(">"):
                break
            if not skip and word != "--format" and not word.startswith("--format="):
                arguments.append(word)
            skip = word == "--format"
        arguments.append("--format=json")
        key = tuple(arguments)
        if key not in reports:
            result = triage(*arguments)
            reports[key] = json.loads(result.stdout) if result.stdout.strip().startswith("{") else \
                f"no report (exit {result.returncode}: {(result.stderr.strip().splitlines() or [''])[0]})"
        report = reports[key]
        for item in items:
            kind = " ".join(item.group(2).split())
            got = report
            if isinstance(report, dict):
                cause = (report.get("causes") or [{}])[0]
                got = str(len({"inputs": report.get("inputs", []), "evidence rules": cause.get("evidence", []),
                               "remediation steps": cause.get("remediation", []),
                               "references": cause.get("references", []), "checklist items": report.get("checklist", []),
                               "ruled-out causes": report.get("ruled_out", [])}[kind]))
            offset = note.start(1) + item.start(1)
            number = line_of(offset)
            check(relative, number + 1, offset - starts[number], item.group(1), got,
                  f"the JSON report of `triage {' '.join(arguments)}` ({kind})")


with tempfile.TemporaryDirectory() as work:
    pages = sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)) + [os.path.join(ROOT, "README.md")]
    for page in pages:
        text = open(page).read()
        lines = text.splitlines()
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
                result = triage("validate", *paths)
                check(relative, number, line.index(line.strip()), line.strip(), result.stdout.strip(),
                      f"`triage validate {' '.join(arguments)}`")
            match = re.search(r"`examples.yaml` holds (\d+) examples", line)
            if match:
                result = triage("test", "runbooks/http-503/examples.yaml")
                counts = re.search(r"(\d+) passed, (\d+) failed", result.stdout)
                total = str(int(counts.group(1)) + int(counts.group(2))) if counts else "?"
                check(relative, number, match.start(1), match.group(1), total,
                      "`triage test runbooks/http-503/examples.yaml`")
            for only, pattern, what in PROSE:
                if only is not None and relative not in only:
                    continue
                for match in pattern.finditer(line):
                    written = match.group(1)
                    if number_of(written) is None:
                        continue
                    check(relative, number, match.start(1), written, spelled_like(written, listed(what)),
                          f"`triage list {what}`")
        check_transcripts(relative, lines, work)
        check_in_full(relative, text, lines)

for page, changes in fixes.items():
    path = os.path.join(ROOT, page)
    lines = open(path).read().split("\n")
    for number, column, expected, got in sorted(changes, key=lambda c: (c[0], -c[1])):
        line = lines[number - 1]
        assert line[column:column + len(expected)] == expected, (page, number, column, expected)
        lines[number - 1] = line[:column] + got + line[column + len(expected):]
    open(path, "w").write("\n".join(lines))
    print(f"rewrote {len(changes)} figure(s) in {page}")
print(f"docs-counts: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
