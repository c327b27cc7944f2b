#!/usr/bin/env python3
"""The Kubernetes technology file end to end, without a cluster: a fake `kubectl` first on PATH
prints the recorded List of one scenario (services, endpoints, pods and deployments of namespace
`shop`, as `kubectl get services,endpoints,pods,deployments -n shop -o json` prints them), filtered
by the resource types and field selector it is asked for, as kubectl would. `triage audit http-503`
then runs the real probes of tech-kubernetes.yaml against it, with only the kubernetes inputs set and
every other technology switched off, and the root cause named first and the facts the probes yielded
are checked per scenario.

The fixtures are hand-written after the Kubernetes API reference (v1 Service, Endpoints, Pod;
apps/v1 Deployment), not recorded from a cluster: this proves that the probes' argv, parsing and
CEL yields read that shape as intended, and what the catalog concludes from it - not that a real
cluster's output has exactly this shape in every version.

    run.py PATH/TO/triage        prints "kubernetes: N passed, N failed"; exits 1 on a failure
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
TRIAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/triage"))

sys.path.insert(0, os.path.dirname(HERE))
from checks import check, finish  # noqa: E402


# The fake kubectl: accepts exactly the read-only invocations the runbook makes (global flags,
# `get`, resource types, an optional metadata.name field selector, JSON output), logs each one,
# and prints the fixture's items of those types, as kubectl's generic printer does: a v1 List,
# empty when nothing matches. KUBECTL_FORBID=TYPE makes listing that type fail the way a missing
# RBAC permission does (the List of the other types on stdout, the error on stderr, exit 1).
FAKE_KUBECTL = r'''
import json, os, sys

KINDS = {"services": "Service", "endpoints": "Endpoints", "pods": "Pod", "deployments": "Deployment"}
args = sys.argv[1:]
with open(os.environ["KUBECTL_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")

def fail(message, code=1):
    sys.stderr.write(message + "\n")
    sys.exit(code)

context = namespace = name = None
verb = types = output = None
for arg in args:
    if arg.startswith("--context="):
        context = arg.split("=", 1)[1]
    elif arg.startswith("--namespace="):
        namespace = arg.split("=", 1)[1]
    elif arg.startswith("--request-timeout="):
        pass
    elif arg.startswith("--field-selector="):
        selector = arg.split("=", 1)[1]
        if not selector.startswith("metadata.name="):
            fail("fake kubectl: unsupported field selector " + selector, 2)
        name = selector.split("=", 1)[1]
    elif arg.startswith("--output="):
        output = arg.split("=", 1)[1]
    elif arg.startswith("-"):
        fail("fake kubectl: unexpected flag " + arg, 2)
    elif verb is None:
        verb = arg
    elif types is None:
        types = arg.split(",")
    else:
        fail("fake kubectl: unexpected argument " + arg, 2)
if verb != "get" or not types or output != "json":
    fail("fake kubectl: only `get TYPES --output=json` is expected, got " + " ".join(args), 2)
if any(t not in KINDS for t in types):
    fail('error: the server doesn\'t have a resource type "%s"' % ",".join(types), 1)
if context and context not in os.environ.get("KUBECTL_CONTEXTS", "").split(","):
    fail('error: context "%s" does not exist' % context)
namespace = namespace or "default"
with open(os.environ["KUBECTL_FIXTURE"]) as handle:
    fixture = json.load(handle)
forbidden = os.environ.get("KUBECTL_FORBID", "")
items = [item for kind in types if kind != forbidden for item in fixture["items"]
         if item["kind"] == KINDS[kind] and item["metadata"]["namespace"] == namespace
         and (name is None or item["metadata"]["name"] == name)]
sys.stdout.write(json.dumps({"apiVersion": "v1", "items": items, "kind": "List",
                             "metadata": {"resourceVersion": ""}}, indent=4, sort_keys=True) + "\n")
if forbidden in types:
    group = ".apps" if forbidden == "deployments" else ""
    fail('Error from server (Forbidden): %s%s is forbidden: User "system:serviceaccount:ops:triage" cannot list '
         'resource "%s" in API group "%s" in the namespace "%s"'
         % (forbidden, group, forbidden, group.lstrip("."), namespace))
'''

# Every root cause the Kubernetes file can name, and its own mechanism.
K8S_CAUSES = ["lb-no-healthy-backends", "health-check-failing", "health-check-misconfigured", "app-not-started",
              "deployment-in-progress", "server-overload"]


def run(*args, env=None):
    return subprocess.run([TRIAGE, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env,
                          timeout=120)


def other_technologies_off():
    """Inputs that switch every other probe off, or make the generic ones fail (they have no `when`:
    app_host "" and app_port 0 make app-health and app-sockets fail, process_name "" app-processes),
    so that nothing but kubectl's answer can conclude a cause. Every string input a technology file
    other than this one declares is emptied, whatever files exist."""
    inputs = {"front_url": "", "app_host": "", "app_port": 0, "other_path": "", "process_name": "",
              "service": "", "app_log": "", "cache_url": "", "api_url": "", "lb_stats_socket": "",
              "lb_stats_url": "", "proxy_error_log": "", "release_link": "", "deploy_lock": ""}
    listed = run("list", "inputs").stdout
    for match in re.finditer(r"http-503\.(\w+)\s+string\b.*\((?:\S*/)?(tech-[\w-]+)\.yaml:", listed):
        if match.group(2) != "tech-kubernetes":
            inputs[match.group(1)] = ""
    return inputs


def fact(facts, name):
    """(state, value or reason) of one fact in a saved facts file."""
    entry = facts.get(name)
    if entry is None:
        return ("missing", None)
    if isinstance(entry, dict) and ("value" in entry or "unknown" in entry or "not_applicable" in entry):
        if "unknown" in entry:
            return ("unknown", entry["unknown"])
        if "not_applicable" in entry:
            return ("not_applicable", entry["not_applicable"])
        return ("value", entry["value"])
    return ("value", entry)


def audit(work, fakebin, scenario, fixture, settings, path=None, forbid="", contexts=""):
    config = os.path.join(work, f"{scenario}.config.yaml")
    with open(config, "w") as handle:
        json.dump({"inputs": settings}, handle)  # JSON is YAML
    saved = os.path.join(work, f"{scenario}.facts.json")
    log = os.path.join(work, f"{scenario}.kubectl.log")
    env = {"PATH": path if path is not None else fakebin + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": work, "TRIAGE_CACHE_DIR": "", "KUBECTL_LOG": log, "KUBECTL_FIXTURE": fixture or "",
           "KUBECTL_FORBID": forbid, "KUBECTL_CONTEXTS": contexts, "LANG": "C.UTF-8"}
    if "TRIAGE_BUNDLED_RUNBOOKS" in os.environ:
        env["TRIAGE_BUNDLED_RUNBOOKS"] = os.environ["TRIAGE_BUNDLED_RUNBOOKS"]
    result = run("audit", "http-503", "--config", config, "--deadline", "20s", "--format", "json",
                 "--save-facts", saved, env=env)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {}
    facts = {}
    if os.path.exists(saved):
        with open(saved) as handle:
            facts = json.load(handle).get("facts", {})
    calls = []
    if os.path.exists(log):
        with open(log) as handle:
            calls = [json.loads(line) for line in handle if line.strip()]
    return result, report, facts, calls


def roots(report):
    return [cause["id"] for cause in report.get("causes", [])]


def concluded(report):
    """Every cause concluded, root or mechanism."""
    found = set()
    for cause in report.get("causes", []):
        found.add(cause["id"])
        for mechanism in cause.get("mechanisms", []):
            found.add(mechanism["id"] if isinstance(mechanism, dict) else mechanism)
    return found


SCENARIOS = [
    # name, fixture, expected first root cause (None: no cause from this file), expected facts,
    # causes that must not be concluded
    ("healthy", "healthy", None,
     {"k8s.service_found": True, "k8s.selector": {"app": "web"}, "k8s.endpoints_ready": True,
      "k8s.endpoints_not_ready": False, "k8s.pods_selected": 3, "k8s.pods_ready": 3, "k8s.pods_nearly_selected": 0,
      "k8s.deployments": 1, "k8s.deployments_rolling_out": 0, "k8s.deployments_stuck": 0},
     K8S_CAUSES),
    ("readiness failing", "readiness-failing", "health-check-failing",
     {"k8s.endpoints_ready": False, "k8s.endpoints_not_ready": True, "k8s.pods_selected": 3, "k8s.pods_ready": 0,
      "k8s.pods_running_not_ready": 3, "k8s.pods_crash_looping": 0, "k8s.deployments_rolling_out": 0},
     ["app-not-started", "deployment-in-progress", "health-check-misconfigured"]),
    ("selector mismatch", "selector-mismatch", "health-check-misconfigured",
     {"k8s.endpoints_ready": False, "k8s.endpoints_not_ready": False, "k8s.pods_selected": 0,
      "k8s.pods_nearly_selected": 2, "k8s.deployments": 0},
     ["app-not-started", "health-check-failing"]),
    ("rollout stuck on an image that cannot be pulled", "rollout-stuck", "deployment-in-progress",
     {"k8s.endpoints_ready": False, "k8s.endpoints_not_ready": True, "k8s.pods_selected": 1,
      "k8s.pods_cannot_start": 1, "k8s.deployments": 1, "k8s.deployments_stuck": 1,
      "k8s.deployments_rolling_out": 0},
     ["server-overload", "health-check-misconfigured"]),
    ("OOMKilled and crash-looping", "oom-killed", "server-overload",
     {"k8s.endpoints_ready": False, "k8s.pods_selected": 3, "k8s.pods_ready": 0, "k8s.pods_oom_killed": 3,
      "k8s.pods_crash_looping": 0, "k8s.pods_running_not_ready": 0},
     ["app-not-started", "deployment-in-progress"]),
    ("crash loop (exit 1)", "crash-loop", "app-not-started",
     {"k8s.endpoints_ready": False, "k8s.pods_selected": 3, "k8s.pods_crash_looping": 3, "k8s.pods_oom_killed": 0},
     ["server-overload", "deployment-in-progress"]),
    ("scaled to zero", "scaled-to-zero", "app-not-started",
     {"k8s.endpoints_ready": False, "k8s.pods_selected": 0, "k8s.deployments": 1,
      "k8s.deployments_scaled_to_zero": 1, "k8s.pods_nearly_selected": 0},
     ["health-check-misconfigured", "deployment-in-progress"]),
    ("the Service does not exist", "service-missing", "health-check-misconfigured",
     {"k8s.service_found": False, "k8s.endpoints_ready": False},
     ["lb-no-healthy-backends", "app-not-started"]),
]


def main():
    if not os.access(TRIAGE, os.X_OK):
        print(f"kubernetes: {TRIAGE} is not an executable")
        sys.exit(1)
    work = tempfile.mkdtemp(prefix="triage-k8s-")
    try:
        # The fake kubectl's directory: made by mkdtemp (owned by the user running the test), then
        # 0755, so that nobody else can put a program there.
        fakebin = tempfile.mkdtemp(prefix="bin-", dir=work)
        os.chmod(work, 0o755)
        os.chmod(fakebin, 0o755)
        kubectl = os.path.join(fakebin, "kubectl")
        with open(kubectl, "w") as handle:
            handle.write(f"#!{sys.executable}\n" + FAKE_KUBECTL)
        os.chmod(kubectl, 0o755)

        base = other_technologies_off()
        k8s = dict(base, kubernetes_service="web", kubernetes_namespace="shop", kubernetes_context="")

        for name, fixture_name, root, expected, absent in SCENARIOS:
            fixture = os.path.join(HERE, fixture_name + ".json")
            result, report, facts, calls = audit(work, fakebin, fixture_name, fixture, k8s)
            label = f"{name}:"
            check(f"{label} the audit ran (exit 0, 1 or 2, a JSON report)",
                  result.returncode in (0, 1, 2) and report, f"exit {result.returncode}: {result.stderr[:400]}")
            for fact_name, value in expected.items():
                state, got = fact(facts, fact_name)
                check(f"{label} {fact_name} = {json.dumps(value)}", state == "value" and got == value,
                      f"{state}: {got!r}")
            found = roots(report)
            if root is None:
                check(f"{label} nothing from Kubernetes is concluded", not (concluded(report) & set(absent)),
                      f"roots {found}, concluded {sorted(concluded(report))}")
                check(f"{label} never healthy while the front could not be looked at",
                      report.get("status") == "undetermined", report.get("status"))
            else:
                check(f"{label} root cause {root} named first", found[:1] == [root],
                      f"roots {found}; status {report.get('status')}; probes "
                      + str([(p['id'], p['status']) for p in report.get('probes', []) if p['status'] == 'ok']))
                check(f"{label} status problem", report.get("status") == "problem", report.get("status"))
                wrong = concluded(report) & set(absent)
                check(f"{label} not concluded: {', '.join(absent)}", not wrong, f"concluded {sorted(wrong)}")
            check(f"{label} kubectl was only asked to read (get … --output=json, namespace shop)",
                  calls and all("get" in call and "--output=json" in call and "--namespace=shop" in call
                                for call in calls), calls)

        # The probes' order and argv: the Service first, then the workloads its selector reads.
        _, _, _, calls = audit(work, fakebin, "argv", os.path.join(HERE, "healthy.json"), k8s)
        check("argv: two kubectl calls, the Service and its Endpoints by name, then pods and deployments",
              [call[3:] for call in calls] == [
                  ["get", "services,endpoints", "--field-selector=metadata.name=web", "--output=json"],
                  ["get", "pods,deployments", "--output=json"]], calls)
        check("argv: an empty context is passed as --context= (kubectl's current context)",
              calls and all(call[0] == "--context=" for call in calls), calls)

        # A context that exists is passed through; one that does not leaves the facts unknown.
        result, report, facts, calls = audit(work, fakebin, "context", os.path.join(HERE, "crash-loop.json"),
                                             dict(k8s, kubernetes_context="prod-eu"), contexts="prod-eu")
        check("context: --context=prod-eu reaches kubectl and the diagnosis is the same",
              calls and calls[0][0] == "--context=prod-eu" and roots(report)[:1] == ["app-not-started"],
              (calls[:1], roots(report)))
        result, report, facts, calls = audit(work, fakebin, "no-context", os.path.join(HERE, "crash-loop.json"),
                                             dict(k8s, kubernetes_context="nope"), contexts="prod-eu")
        state, reason = fact(facts, "k8s.service_found")
        check("unknown context: the Service's facts are unknown with kubectl's error",
              state == "unknown" and 'context "nope" does not exist' in str(reason), (state, reason))
        state, _ = fact(facts, "k8s.pods_selected")
        check("unknown context: the workload facts are unknown too (the probe is blocked)", state == "unknown", state)
        check("unknown context: never healthy, nothing concluded",
              report.get("status") == "undetermined" and not roots(report), (report.get("status"), roots(report)))

        # Listing deployments is forbidden: kubectl prints the pods' List and exits 1. The workload
        # facts must be unknown with the error, not read as "no pod, no deployment".
        result, report, facts, calls = audit(work, fakebin, "forbidden",
                                             os.path.join(HERE, "readiness-failing.json"), k8s,
                                             forbid="deployments")
        state, reason = fact(facts, "k8s.pods_selected")
        check("forbidden deployments: k8s.pods_selected is unknown with kubectl's Forbidden error",
              state == "unknown" and "Forbidden" in str(reason), (state, reason))
        state, reason = fact(facts, "k8s.deployments")
        check("forbidden deployments: k8s.deployments is unknown too", state == "unknown", (state, reason))
        found = roots(report)
        check("forbidden deployments: only the Service's view is used - no ready endpoint, nothing deeper",
              found[:1] == ["lb-no-healthy-backends"] and not (concluded(report) & {"app-not-started",
                                                                                   "health-check-misconfigured"}),
              (found, sorted(concluded(report))))
        undecided = [item.get("id") for item in report.get("undecided", [])]
        check("forbidden deployments: the causes kubectl could have told are undecided, not ruled out",
              "health-check-failing" in undecided and "deployment-in-progress" in undecided, undecided)

        # No kubectl at all: a failed probe, never a healthy verdict.
        empty = tempfile.mkdtemp(prefix="empty-", dir=work)
        os.chmod(empty, 0o755)
        result, report, facts, calls = audit(work, fakebin, "no-kubectl", None, k8s, path=empty)
        state, reason = fact(facts, "k8s.endpoints_ready")
        check("no kubectl on PATH: the facts are unknown (program not found)",
              state == "unknown" and "not found" in str(reason), (state, reason))
        check("no kubectl on PATH: undetermined, not healthy", report.get("status") == "undetermined",
              report.get("status"))

        # Kubernetes switched off (no service): its probes do not apply.
        result, report, facts, calls = audit(work, fakebin, "off", os.path.join(HERE, "healthy.json"), base)
        state, _ = fact(facts, "k8s.endpoints_ready")
        check("kubernetes_service empty: the probes do not apply and kubectl is not run",
              state == "not_applicable" and not calls, (state, calls))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    finish("kubernetes")


if __name__ == "__main__":
    main()
