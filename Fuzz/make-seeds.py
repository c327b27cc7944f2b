#!/usr/bin/env python3
"""Writes the committed seed corpora under Fuzz/Corpus/ (run from anywhere; rerun to refresh).

FuzzRunbookLoader: the bundled http-503 runbook files, the whole catalog as one multi-file input
(files joined by `#%%file` lines), the worked example of docs/runbook-format.md (a small
catalog that builds), anchors and block scalars, and three facts files.
FuzzCELCompile / FuzzCELEvaluate: ~50 expressions taken (deterministically) from the CEL
conformance data (google/cel-spec, Apache-2.0; converted JSON in ../shared/conformance/cel), plus
a few written for triage's dotted fact names; the evaluate seeds carry activation bytes.

Usage: Fuzz/make-seeds.py [CONFORMANCE_DIR]
"""
import glob
import hashlib
import json
import os
import random
import sys

fuzz = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(fuzz)
conformance = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "conformance", "cel")


def write(target, name, data):
    folder = os.path.join(fuzz, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# Runbook loader.
bundled = sorted(glob.glob(os.path.join(root, "runbooks", "http-503", "*.yaml")))
parts = []
for path in bundled:
    data = open(path, "rb").read()
    parts.append(data)
    write("FuzzRunbookLoader", "http-503-" + os.path.basename(path), data)
write("FuzzRunbookLoader", "http-503-catalog.multi", b"\n#%%file\n".join(parts))
for name in ["db-connection-exhaustion.json", "deployment-in-progress.json"]:
    write("FuzzRunbookLoader", "facts-" + name, open(os.path.join(root, "runbooks", "http-503", "facts", name), "rb").read())
write("FuzzRunbookLoader", "facts-long-form.yaml", b"""format: triage-facts/1
symptom: s
facts:
  a.flag: true
  a.count: {value: 7, source: {kind: probe, source: p1, evidence: "7 rows"}}
  a.age: {value: 90s, type: duration}
  a.when: {value: "2026-11-25T10:00:00Z", type: timestamp}
  a.items: [1, two, 3.0]
  a.attrs: {value: {k: v, n: 1}}
  a.name: {unknown: timed out}
  input.window: {value: 10m, type: duration}
""")
# The worked example of docs/runbook-format.md: a small catalog that builds, with examples.
doc = open(os.path.join(root, "docs", "runbook-format.md")).read()
start = doc.index("```yaml\n# yaml-language-server") + len("```yaml\n")
write("FuzzRunbookLoader", "site-down-worked-example.yaml", doc[start:doc.index("```", start)].encode())
write("FuzzRunbookLoader", "anchors.yaml", b"""version: 1
base: &b {type: int, description: shared}
facts:
  x.one: *b
  x.two: *b
rules:
  - id: r
    when: >-
      x.one > 1 &&
      x.two < "\\u00e9".size()
    conclude: c
    certainty: -0.5
causes:
  - {id: c, title: C, summary: "C.", explains: []}
disable: {rules: [gone]}
""")

# CEL expressions.
tests = []
for path in sorted(glob.glob(os.path.join(conformance, "*.json"))):
    for section in json.load(open(path))["sections"]:
        for test in section["tests"]:
            tests.append((os.path.basename(path)[:-5], test["expr"]))
rng = random.Random(7)
by_file = {}
for file, expr in tests:
    by_file.setdefault(file, []).append(expr)
chosen = []
for file in sorted(by_file):  # about 3-4 from each file, never all
    exprs = sorted(set(by_file[file]))
    chosen += rng.sample(exprs, min(len(exprs), 3 if len(exprs) < 30 else 4))
chosen += [
    "db.active >= db.max * 0.9",
    "app.listening && input.port == 8000 || !c",
    "l.exists(v, v > a) && m.all(k, m[k] != null)",
    "s.matches('^(a|b)+$') && s.startsWith('a') && size(s) < 10",
    "t - duration('1h') < timestamp('2026-01-01T00:00:00Z') && d > duration('30s')",
    "ld.map(v, [v, v]).filter(p, size(p) == 2).size() + int(b)",
    "x.y + double(a) / 3.0 == b ? 'eq' : string(y)",
    "has(m.key) && m.key in ['a', 'b'] && mi[1] == 'one'",
    "[1, 2, 3].exists_one(i, i == a) && {1: 'a'}[a] == 'a'",
    "bs == b'\\x00\\xff' || string(bs).contains('x')",
]
for index, expr in enumerate(chosen):
    name = "%02d-%s" % (index, hashlib.sha1(expr.encode()).hexdigest()[:8])
    write("FuzzCELCompile", name, expr.encode())
    activation = bytes(random.Random(index).randrange(256) for _ in range(96))
    activation = bytes([index % 8]) + activation  # flags: every mix of checked/typed/named
    write("FuzzCELEvaluate", name, expr.encode() + b"\x00" + activation)
print("runbook loader: %d, CEL: %d expressions" % (len(bundled) + 6, len(chosen)))
