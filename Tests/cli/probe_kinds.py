#!/usr/bin/env python3
"""The probe kinds' one declaration (their `parameters` and `resultFields` in Swift, printed by
`triage kinds --format json|markdown`) against its two copies: the reference
`docs/probe-kinds.md` and the per-kind `with:` blocks of `schemas/runbook.schema.json`. Without
--write, a copy that drifted fails; with it, both are rewritten (a property's type in the schema
is kept as written, a new one is derived from the parameter's type).

    probe_kinds.py PATH/TO/triage [--write]    prints "probe-kinds: N passed, N failed"
"""
import json
import os
import subprocess
import sys

from checks import check, finish

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--")
                         else os.path.join(ROOT, ".build/debug/triage"))
WRITE = "--write" in sys.argv
DOC = os.path.join(ROOT, "docs/probe-kinds.md")
SCHEMA = os.path.join(ROOT, "schemas/runbook.schema.json")
HEADER = """# Probe kinds: parameters and result fields

Generated from the probe kinds' own declarations by `triage kinds --format markdown`
(`python3 Tests/cli/probe_kinds.py --write`); the test command fails when this page drifts. The
loader checks every probe's `with:` against the parameters (`*`: required) and every
`result.FIELD` its `yields` read against the result fields, with their types: a misspelt field is
an error with a suggestion, and `result.status == '200'` is a type error. How each kind behaves,
with examples, is in [the runbook format](runbook-format.md#probe-kinds).

"""


def kinds():
    output = subprocess.run([TRIAGE, "kinds", "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def markdown():
    output = subprocess.run([TRIAGE, "kinds", "--format", "markdown"], capture_output=True, text=True, check=True)
    return HEADER + output.stdout


def property_type(parameter):
    if parameter["name"] == "timeout":
        return {"$ref": "#/$defs/duration"}
    loose = {"int": "integer", "double": "number", "bool": "boolean", "list": "array"}
    if parameter["type"] in loose:  # a placeholder such as "${input.port}" is a string
        return {"anyOf": [{"type": loose[parameter["type"]]}, {"type": "string"}]}
    return {"type": {"map": "object"}.get(parameter["type"], "string")}


def schema_block(kind, old):
    old_properties = ((old or {}).get("then", {}).get("properties", {}).get("with", {}).get("properties", {}))
    properties = {}
    for parameter in kind["parameters"]:
        entry = {"description": parameter["help"][:1].upper() + parameter["help"][1:]
                 + (" (required)." if parameter["required"] else ".")}
        kept = {key: value for key, value in old_properties.get(parameter["name"], {}).items() if key != "description"}
        entry.update(kept or property_type(parameter))
        properties[parameter["name"]] = entry
    with_schema = {"type": "object", "additionalProperties": False, "properties": properties}
    required = [parameter["name"] for parameter in kind["parameters"] if parameter["required"]]
    if required:
        with_schema["required"] = required
    block = {"if": {"properties": {"kind": {"const": kind["kind"]}}, "required": ["kind"]},
             "then": {"properties": {"with": with_schema}}}
    if required:
        block["then"]["required"] = ["with"]
    return block


declared = kinds()
doc = markdown()
current_doc = open(DOC).read() if os.path.exists(DOC) else ""
schema = json.load(open(SCHEMA))
probe = schema["$defs"]["probe"]
old_blocks = {block["if"]["properties"]["kind"]["const"]: block for block in probe.get("allOf", [])}
names = [kind["kind"] for kind in declared]
new_probe = dict(probe)
new_probe["properties"] = dict(probe["properties"])
new_probe["properties"]["kind"] = dict(probe["properties"]["kind"], enum=names)
new_probe["allOf"] = [schema_block(kind, old_blocks.get(kind["kind"])) for kind in declared]
new_schema = dict(schema)
new_schema["$defs"] = dict(schema["$defs"], probe=new_probe)
if WRITE:
    with open(DOC, "w") as handle:
        handle.write(doc)
    with open(SCHEMA, "w") as handle:
        json.dump(new_schema, handle, indent=2)
        handle.write("\n")
    print(f"rewrote {os.path.relpath(DOC, ROOT)} and the probe kinds of {os.path.relpath(SCHEMA, ROOT)}")
else:
    check("docs/probe-kinds.md is what the declarations generate (python3 Tests/cli/probe_kinds.py --write)",
          current_doc == doc)
    check("the schema's probe kinds are the declared ones", probe["properties"]["kind"]["enum"] == names,
          probe["properties"]["kind"]["enum"])
    for kind in declared:
        check(f"the schema's with: of {kind['kind']} is the declared parameters",
              old_blocks.get(kind["kind"]) == schema_block(kind, old_blocks.get(kind["kind"])), kind["kind"])
finish("probe-kinds")
