#!/usr/bin/env bash
# Command-line checks with real external validators: the bundled runbooks validate and their
# examples pass; every JSON report and facts file validates against its JSON Schema
# (check-jsonschema). Prints "cli: N passed, N failed".
set -uo pipefail
triage=${1:?usage: run.sh PATH/TO/triage}
cd "$(dirname "$0")/../.."
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    sed 's/^/    /' "$work/out" | head -20
  fi
}

expect_status() {  # expect_status CODE COMMAND...
  local want=$1
  shift
  "$@" >/dev/null 2>&1
  local got=$?
  [ "$got" -eq "$want" ] || { echo "exit $got, expected $want: $*"; return 1; }
}

check "validate bundled runbooks" "$triage" validate runbooks
check "bundled examples pass" "$triage" test runbooks
for file in runbooks/*/*.yaml runbooks/*/*.yml; do
  [ -e "$file" ] || continue
  check "schema: $file" check-jsonschema --schemafile schemas/runbook.schema.json "$file"
done
for facts in runbooks/*/facts/*.json; do
  [ -e "$facts" ] || continue
  name=$(basename "$facts" .json)
  check "schema: $facts" check-jsonschema --schemafile schemas/facts.schema.json "$facts"
  "$triage" audit --facts "$facts" --format json >"$work/$name.report.json" 2>/dev/null
  check "report schema: $name" check-jsonschema --schemafile schemas/report.schema.json "$work/$name.report.json"
done
if [ -e runbooks/http-503/facts/healthy.json ]; then
  check "healthy exits 0" expect_status 0 "$triage" audit http-503 --facts runbooks/http-503/facts/healthy.json
  check "problem exits 1" expect_status 1 "$triage" audit http-503 --facts runbooks/http-503/facts/app-not-started.json
fi
check "usage error exits 64" expect_status 64 "$triage" audit --no-such-option
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
