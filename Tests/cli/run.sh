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
# No bundled fix command spells out an input's default; a team's that does is warned of, not refused.
check "no bundled fix command hard-codes an input's value" \
  bash -c '! "$0" validate 2>&1 >/dev/null | grep -q "warning:"' "$triage"
mkdir -p "$work/hardcoded"
cat >"$work/hardcoded/causes.yaml" <<'YAML'
version: 1
symptom: http-503
remediation:
  - cause: app-not-started
    step: Ask the application directly.
    commands: ["curl -v http://localhost:8000/health/"]
YAML
check "a hard-coded port is warned of, with its place, and the runbook still validates" \
  bash -c '"$0" validate "$1" 2>&1 | grep -q "hardcoded/causes.yaml:4:5: warning: cause .app-not-started.: the fix command .* spells out .8000., the default of input .app_port."' \
  "$triage" "$work/hardcoded"
mkdir -p "$work/misspelt"
cat >"$work/misspelt/probe.yaml" <<'YAML'
version: 1
symptom: http-503
probes:
  - id: team-curl
    kind: command
    with: {argv: [curl, -sS, "${input.front_url}"]}
    yields:
      team.curl_exit: result.exit_cod
facts:
  team.curl_exit: {type: int, description: curl's exit code}
YAML
check "a misspelt result field fails validate, with its place and a suggestion" \
  bash -c '! "$0" validate "$1" >"$2" 2>&1 && grep -q "misspelt/probe.yaml:8:23: error: result has no field .exit_cod.; did you mean .exit_code.?" "$2"' \
  "$triage" "$work/misspelt" "$work/misspelt.out"
cat >"$work/misspelt/probe.yaml" <<'YAML'
version: 1
symptom: http-503
probes:
  - id: team-front
    kind: http
    with: {url: "${input.front_url}"}
    yields:
      team.front_ok: result.status == '200'
facts:
  team.front_ok: {type: bool, description: the front answered 200}
YAML
check "comparing an int result field with a string fails validate" \
  bash -c '! "$0" validate "$1" >"$2" 2>&1 && grep -q "misspelt/probe.yaml:8:36: error: cannot compare int .result.status. with string .\"200\"." "$2"' \
  "$triage" "$work/misspelt" "$work/misspelt.out"
mkdir -p "$work/clock"
cat >"$work/clock/clock.yaml" <<'YAML'
version: 1
symptoms:
  - id: clock
    title: The clock
checklist:
  - {id: after-2020, text: Is it after 2020?, essential: true, pass: "now() > timestamp('2020-01-01T00:00:00Z')"}
YAML
check "now(): a live audit reads the run's time, saves it, and a replay sees it" \
  bash -c '"$0" audit clock --no-bundled --runbooks "$1" --no-discover --save-facts "$2" >/dev/null 2>&1 \
    && grep -q "\"triage.now\"" "$2" && "$0" audit clock --no-bundled --runbooks "$1" --facts "$2" >/dev/null 2>&1' \
  "$triage" "$work/clock" "$work/clock-facts.json"
check "now(): a replay without the run's time is not healthy" \
  bash -c 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); del d[\"facts\"][\"triage.now\"]; json.dump(d, open(sys.argv[2], \"w\"))" "$2" "$3" \
    && ! "$0" audit clock --no-bundled --runbooks "$1" --facts "$3" >/dev/null 2>&1' \
  "$triage" "$work/clock" "$work/clock-facts.json" "$work/clock-nonow.json"
for file in runbooks/*/*.yaml runbooks/*/*.yml; do
  [ -e "$file" ] || continue
  check "schema: $file" check-jsonschema --schemafile schemas/runbook.schema.json "$file"
done
for facts in runbooks/*/facts/*.json; do
  [ -e "$facts" ] || continue
  name=$(basename "$facts" .json)
  check "schema: $facts" check-jsonschema --schemafile schemas/facts.schema.json "$facts"
  "$triage" audit --facts "$facts" --format json >"$work/$name.report.json" 2>/dev/null \
    --format "junit:$work/$name.junit.xml" --format "openmetrics:$work/$name.prom" --format "nagios:$work/$name.nagios" \
    --format "markdown:$work/$name.md"
  check "report schema: $name" check-jsonschema --schemafile schemas/report.schema.json "$work/$name.report.json"
  check "junit parses: $name" python3 Tests/cli/validate_reports.py junit "$work/$name.junit.xml"
  check "openmetrics parses: $name" python3 Tests/cli/validate_reports.py openmetrics "$work/$name.prom"
  check "nagios line: $name" python3 Tests/cli/validate_reports.py nagios "$work/$name.nagios"
  check "markdown written: $name" test -s "$work/$name.md"
done
for snapshot in Tests/TriageReportsTests/Snapshots/*; do
  case "$snapshot" in
    *.json) check "snapshot schema: $snapshot" check-jsonschema --schemafile schemas/report.schema.json "$snapshot" ;;
    *.xml) check "snapshot junit: $snapshot" python3 Tests/cli/validate_reports.py junit "$snapshot" ;;
    *.prom) check "snapshot openmetrics: $snapshot" python3 Tests/cli/validate_reports.py openmetrics "$snapshot" ;;
    *nagios.txt) check "snapshot nagios: $snapshot" python3 Tests/cli/validate_reports.py nagios "$snapshot" ;;
  esac
done
if [ -e runbooks/http-503/facts/healthy.json ]; then
  check "healthy exits 0" expect_status 0 "$triage" audit http-503 --facts runbooks/http-503/facts/healthy.json
  check "problem exits 1" expect_status 1 "$triage" audit http-503 --facts runbooks/http-503/facts/app-not-started.json
fi
check "usage error exits 64" expect_status 64 "$triage" audit --no-such-option
if [ -e runbooks/http-503/facts/healthy.json ]; then
  f=runbooks/http-503/facts
  check "fail-on never exits 0" expect_status 0 "$triage" audit --facts $f/app-not-started.json --fail-on never
  check "nagios critical exits 2" expect_status 2 "$triage" audit --facts $f/app-not-started.json --nagios
  check "nagios ok exits 0" expect_status 0 "$triage" audit --facts $f/healthy.json --nagios
  echo '{"format": "triage-facts/1", "facts": {}}' >"$work/empty.json"
  check "undetermined exits 2" expect_status 2 "$triage" audit --facts "$work/empty.json"
  check "fail-on problem ignores undetermined" expect_status 0 "$triage" audit --facts "$work/empty.json" --fail-on problem
  check "nagios unknown exits 3" expect_status 3 "$triage" audit --facts "$work/empty.json" --nagios
fi
# Before a catalog is built the allocator's heaps ask for transparent huge pages when the kernel
# gives them only to memory that asks; otherwise the kernel's mode decides and nothing is asked.
if [ -e runbooks/http-503/facts/healthy.json ]; then
  if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    heaps="transparent huge pages asked for [1-9][0-9]* heaps\?$"
  else
    heaps="as the kernel's transparent huge page mode decides"
  fi
  check "--timings tells what the heaps asked of the kernel" \
    bash -c '"$1" audit http-503 --facts "$2" --timings 2>&1 >/dev/null | grep -q "^timing:   heaps: $3"' _ \
    "$triage" runbooks/http-503/facts/healthy.json "$heaps"
fi
# The database client libraries are opened when a probe needs them, not when triage starts: with
# libpq and MariaDB Connector/C hidden (a mount namespace binds /dev/null over them), triage still
# runs, and their probes fail with the reason while their facts stay unknown.
libpq=$(ldconfig -p | awk '/libpq\.so\.5 /{print $NF; exit}')
libmariadb=$(ldconfig -p | awk '/libmariadb\.so\.3 /{print $NF; exit}')
if [ -n "$libpq" ] && [ -n "$libmariadb" ] && unshare -m true 2>/dev/null; then
  # "${hidden[@]}" COMMAND...: runs COMMAND with both client libraries unloadable.
  hidden=(unshare -m bash -c 'mount --bind /dev/null "$1" && mount --bind /dev/null "$2" && shift 2 && exec "$@"'
    _ "$libpq" "$libmariadb")
  check "without libpq: the postgres probe says why and its facts stay unknown" \
    bash -c '"$@" 2>&1 | grep -q "failed .*libpq (Debian.s libpq5) cannot be loaded" &&
      "$@" 2>&1 | grep -q "pg.connected = {\"unknown\""' _ "${hidden[@]}" "$triage" probe db-postgres --no-discover \
    --set "db_dsn=host=127.0.0.1 port=1 dbname=x"
  check "without libmariadb: the mysql probe says why" \
    bash -c '"$@" 2>&1 | grep -q "failed .*MariaDB Connector/C (Debian.s libmariadb3) cannot be loaded"' _ "${hidden[@]}" \
    "$triage" probe db-mysql --no-discover --set "mysql_url=mysql://root@127.0.0.1:1/x"
  if [ -e runbooks/http-503/facts/healthy.json ]; then
    check "without the client libraries a replay still runs" \
      expect_status 0 "${hidden[@]}" "$triage" audit http-503 --facts runbooks/http-503/facts/healthy.json
  fi
else
  echo "SKIPPED (loudly): the client-library checks need ldconfig, libpq5, libmariadb3 and unshare -m (root)"
  failed=$((failed + 1))
fi
# shellcheck source=Tests/cli/cache_checks.sh
source Tests/cli/cache_checks.sh
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
