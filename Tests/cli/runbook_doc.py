#!/usr/bin/env python3
"""The tables of docs/runbooks/http-503.md that restate the runbook (inputs, probes, each cause's
evidence, the checklist) are generated from runbooks/http-503/*.yaml, so they cannot drift.

    runbook_doc.py            check: prints "runbook-doc: N passed, N failed" (a stale table fails)
    runbook_doc.py --write    rewrite the tables in place
"""
import glob
import difflib
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = os.path.join(ROOT, "docs/runbooks/http-503.md")


def load():
    documents = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "runbooks/http-503/*.yaml"))):
        documents[os.path.basename(path)] = yaml.safe_load(open(path))
    return documents


def cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text):
    return "`" + " ".join(str(text).split()).replace("|", "\\|") + "`"


def inputs_table(docs):
    rows = ["| input | type | default | meaning |", "|---|---|---|---|"]
    for document in docs.values():
        for symptom in document.get("symptoms") or []:
            for spec in symptom.get("inputs") or []:
                rows.append(input_row(spec))
        for spec in document.get("inputs") or []:
            rows.append(input_row(spec))
    return rows


def input_row(spec):
    kind = spec["type"] + (", secret" if spec.get("secret") else "")
    default = spec.get("default")
    shown = '`""` (off)' if default == "" else code(default)
    return f"| `{spec['name']}` | {kind} | {shown} | {cell(spec.get('description', ''))} |"


def probes_table(docs):
    rows = ["| probe | kind | stands for | facts |", "|---|---|---|---|"]
    for document in docs.values():
        for probe in document.get("probes") or []:
            facts = ", ".join(f"`{name}`" for name in (probe.get("yields") or {}))
            when = f" Only when `{' '.join(str(probe['when']).split())}`." if probe.get("when") else ""
            rows.append(f"| `{probe['id']}` | {probe['kind']} | {cell(probe.get('description', ''))}{when} | {facts} |")
    return rows


def evidence_table(docs, cause):
    rows = ["| rule | certainty | when |", "|---|---|---|"]
    for document in docs.values():
        for rule in document.get("rules") or []:
            if rule.get("conclude") == cause:
                rows.append(f"| `{rule['id']}` | {rule['certainty']} | {code(rule['when'])} |")
    return rows


def checklist_table(docs):
    rows = ["| id | item | essential | passes when |", "|---|---|---|---|"]
    for document in docs.values():
        for item in document.get("checklist") or []:
            rows.append(f"| `{item['id']}` | {cell(item['text'])} | {'yes' if item.get('essential') else 'no'} | "
                        f"{code(item['pass'])} |")
    return rows


def replace_table(lines, start_pattern, new_rows, after=0):
    """Replaces the table whose header line matches start_pattern (the first after line `after`)."""
    for index in range(after, len(lines)):
        if re.match(start_pattern, lines[index]):
            end = index
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            return lines[:index] + new_rows + lines[end:], index
    raise SystemExit(f"{PAGE}: no table matching {start_pattern!r}")


def generate(text, docs):
    lines = text.split("\n")
    lines, _ = replace_table(lines, r"\| input \| type \| default \| meaning \|", inputs_table(docs))
    lines, _ = replace_table(lines, r"\| probe \| kind \| stands for \| facts \|", probes_table(docs))
    lines, _ = replace_table(lines, r"\| id \| item \| (essential \| )?passes when \|", checklist_table(docs))
    index = 0
    while index < len(lines):  # the tables replaced may change the page's length
        match = re.match(r"### `([a-z0-9-]+)` — ", lines[index])
        if match:
            lines, _ = replace_table(lines, r"\| rule \| certainty \| when \|", evidence_table(docs, match.group(1)),
                                     after=index)
        index += 1
    return "\n".join(lines)


docs = load()
current = open(PAGE).read()
wanted = generate(current, docs)
if "--write" in sys.argv:
    open(PAGE, "w").write(wanted)
    print(f"rewrote {os.path.relpath(PAGE, ROOT)}")
    sys.exit(0)
# The page as generated, exactly: a missing, extra or misplaced row is stale.
stale = list(difflib.unified_diff(current.split("\n"), wanted.split("\n"), "page", "from the YAML", lineterm="", n=0))
for line in stale[:12]:
    print(f"{os.path.relpath(PAGE, ROOT)}: error: stale table: {line[:160]}")
print(f"runbook-doc: {0 if stale else 1} passed, {1 if stale else 0} failed")
sys.exit(1 if stale else 0)
