#!/usr/bin/env bash
# The Ansible example (docs/fleet/ansible) run for real against localhost, with an inventory that
# gives two hosts different settings through host_vars and group_vars — and no -e, which would
# beat everything and hide the precedence bug of play vars. Fails if a host's report does not
# show that host's own inputs. Prints "ansible: N passed, N failed".
#
#   Tests/fleet/ansible_test.sh PATH/TO/triage
set -uo pipefail
triage=$(cd "$(dirname "${1:?usage: ansible_test.sh PATH/TO/triage}")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

cp "${TRIAGE_PLAYBOOK:-$here/docs/fleet/ansible/triage-audit.yml}" "$work/triage-audit.yml"
python=$(command -v python3)
cat >"$work/inventory.ini" <<INI
[web]
web-a ansible_connection=local ansible_python_interpreter=$python
web-b ansible_connection=local ansible_python_interpreter=$python app_port=17003
INI
mkdir -p "$work/group_vars" "$work/host_vars"
# Everything the play needs comes from the inventory: group_vars for all, host_vars per host.
cat >"$work/group_vars/all.yml" <<YML
triage_bin: $triage
triage_deadline: 3s
triage_reports_dir: $work/collected
ansible_become: false
YML
cat >"$work/host_vars/web-a.yml" <<'YML'
triage_set: ["app_port=17001", "service=", "health_path=/from-host-vars-a/"]
triage_environment: {TRIAGE_TEST_HOST: web-a}
YML
# web-b sets no triage_set: the play's default uses its inventory app_port (17003). Its
# triage_environment names an inputs file (TRIAGE_CONFIG), so the report shows whether it arrived.
cat >"$work/web-b-inputs.yaml" <<'YML'
inputs:
  service: from-environment-b
YML
cat >"$work/host_vars/web-b.yml" <<YML
triage_environment: {TRIAGE_CONFIG: $work/web-b-inputs.yaml}
YML

# pip may put the script where PATH does not look; the module is the same program.
playbook=(ansible-playbook)
command -v ansible-playbook >/dev/null || playbook=("$python" -m ansible.cli.playbook)
if ! (cd "$work" && ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false "${playbook[@]}" -i inventory.ini \
  triage-audit.yml >"$work/play.log" 2>&1); then
  echo "FAIL: ansible-playbook failed"
  tail -30 "$work/play.log"
  failed=$((failed + 1))
fi
input() { # input HOST NAME: the value of input.NAME in HOST's fetched report
  python3 -c 'import json,sys
report = json.load(open(sys.argv[1]))
print(next((str(i.get("value")) for i in report["inputs"] if i["name"] == "input." + sys.argv[2]), "missing"))' \
    "$work/collected/$1.json" "$2" 2>/dev/null || echo "no report"
}
check "web-a's report landed where group_vars said" test -s "$work/collected/web-a.json"
check "web-b's report landed where group_vars said" test -s "$work/collected/web-b.json"
check "web-a got app_port from its host_vars" test "$(input web-a app_port)" = 17001
check "web-a got health_path from its host_vars" test "$(input web-a health_path)" = /from-host-vars-a/
check "web-b got app_port from its inventory line" test "$(input web-b app_port)" = 17003
check "web-b got its triage_environment (TRIAGE_CONFIG)" test "$(input web-b service)" = from-environment-b
check "web-a did not get web-b's environment" test "$(input web-a service)" = ""
check "the verdict line was shown" grep -q "TRIAGE " "$work/play.log"
echo "ansible: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
