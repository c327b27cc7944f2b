#!/usr/bin/env python3
"""Converts a triage-bench-workload/1 document into an ordinary triage runbook directory and a facts file.

    convert.py WORKLOAD.json OUTDIR   ->   OUTDIR/runbooks/bench.yaml, OUTDIR/facts.json

The runbook declares a symptom `bench`, one fact per base fact, one cause per diagnosis (each
explaining `bench`) and one rule per workload rule, its condition written as a CEL `when`.
Nothing in it is specific to the benchmark: it is a runbook like any other.
"""
import json
import os
import sys


def literal(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return repr(value) if isinstance(value, float) else str(value)


def condition(node, top=False):
    if "all" in node or "any" in node:
        op, children = ("&&", node["all"]) if "all" in node else ("||", node["any"])
        text = f" {op} ".join(condition(child) for child in children)
        return text if top or len(children) == 1 else f"({text})"
    if "derived" in node:
        return node["derived"]
    return f"{node['fact']} {node['op']} {literal(node['value'])}"


def fact_type(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return "string"


def yaml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert.py WORKLOAD.json OUTDIR")
    with open(sys.argv[1]) as handle:
        workload = json.load(handle)
    if workload.get("format") != "triage-bench-workload/1":
        sys.exit("not a triage-bench-workload/1 document")
    out = sys.argv[2]
    os.makedirs(os.path.join(out, "runbooks"), exist_ok=True)
    facts, absent = workload["facts"], workload.get("absent", [])
    diagnoses = sorted({rule["then"]["diagnose"] for rule in workload["rules"] if "diagnose" in rule["then"]})
    lines = ["version: 1", "symptoms:", "  - id: bench", "    title: Benchmark workload", "facts:"]
    lines += [f"  {name}: {fact_type(value)}" for name, value in sorted(facts.items())]
    lines += [f"  {name}: dyn" for name in sorted(absent) if name not in facts]
    lines.append("causes:")
    lines += [f"  - {{id: {dx}, title: {dx}, explains: [bench]}}" for dx in diagnoses]
    lines.append("rules:")
    for rule in workload["rules"]:
        then = rule["then"]
        action = f"derive: {then['derive']}" if "derive" in then else f"conclude: {then['diagnose']}"
        lines.append(f"  - {{id: {rule['id']}, when: {yaml_string(condition(rule['when'], top=True))}, {action}}}")
    with open(os.path.join(out, "runbooks", "bench.yaml"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    entries = dict(facts)
    for name in absent:
        entries[name] = {"unknown": "absent"}
    with open(os.path.join(out, "facts.json"), "w") as handle:
        json.dump({"format": "triage-facts/1", "symptom": "bench", "facts": entries}, handle, separators=(",", ":"))


if __name__ == "__main__":
    main()
