"""What both real-fault labs' scenario runners share: driving the `lab` script, one JSON audit
against the live stack, judging its first root cause, and printing the table."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_lab(lab, *args):
    """Runs `lab ARGS…` (raising CalledProcessError when it fails); returns the seconds it took."""
    started = time.monotonic()
    subprocess.run([lab] + list(args), check=True)
    return time.monotonic() - started


# The other report formats each audit also writes, to check what every format tells an operator.
OTHER_FORMATS = {"text": "report.txt", "markdown": "report.md", "junit": "report.xml"}


def audit(triage, config, env, deadline, *extra):
    """`triage audit http-503 --format json` under `deadline` seconds, the text, Markdown and JUnit
    reports written beside: (report, seconds, exit code). The other formats' texts are in
    report["_texts"]. A run that gives no report gives a report whose status says why, with no causes."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="triage-lab-report-") as directory:
        outputs = []
        for name, file in OTHER_FORMATS.items():
            outputs += ["--format", f"{name}:{os.path.join(directory, file)}"]
        try:
            result = subprocess.run([triage, "audit", "http-503", "--config", config, "--format", "json"] + outputs
                                    + ["--deadline", f"{deadline:g}s"] + list(extra), capture_output=True, text=True,
                                    env=env, stdin=subprocess.DEVNULL, timeout=deadline + 20)
        except subprocess.TimeoutExpired:
            return {"status": "no report (timed out)", "causes": []}, time.monotonic() - started, None
        elapsed = time.monotonic() - started
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            report = {"status": f"no report (exit {result.returncode}): {result.stderr.strip()[:200]}", "causes": []}
        texts = {}
        for name, file in OTHER_FORMATS.items():
            path = os.path.join(directory, file)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    texts[name] = handle.read()
        report["_texts"] = texts
    return report, elapsed, result.returncode


def last_screen(triage, config, env, deadline, rows=24, columns=80):
    """`triage diagnose` in a pseudo-terminal of rows×columns, each question answered `unknown`:
    the screen an operator sees at the `Next:` prompt (its last `rows` lines)."""
    import pexpect  # installed by the test command
    terminal = dict(env, NO_COLOR="1", COLUMNS=str(columns), LINES=str(rows), TERM="dumb")
    child = pexpect.spawn(triage, ["diagnose", "http-503", "--config", config, "--deadline", f"{deadline:g}s"],
                          env=terminal, encoding="utf-8", timeout=deadline + 20, dimensions=(rows, columns))
    output = ""
    try:
        while True:
            index = child.expect([r"\(why, unknown, skip, back, help\) > ", "Next: how, retest, quit > ", pexpect.EOF])
            output += child.before + (child.after if isinstance(child.after, str) else "")
            if index == 0:
                child.sendline("unknown")
            else:
                break
        if child.isalive():
            child.sendline("quit")
            child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    return output.replace("\r\n", "\n").split("\n")[-rows:]


def screen_problems(screen, expected, config):
    """What the last screen lacks: the conclusion naming the expected root cause, its proof and a
    fix command that follows the inputs (healthy: the conclusion says so)."""
    text = " ".join(line.strip() for line in screen)
    problems = []
    if "Conclusion: " not in text:
        problems.append("no conclusion on the last screen")
    elif expected is None:
        if "Conclusion: HEALTHY" not in text:
            problems.append("the last screen's conclusion is not HEALTHY")
    else:
        if f"[{expected}]" not in text.split("Conclusion: ", 1)[1]:
            problems.append(f"the last screen's conclusion does not name {expected}")
        if "Proof: " not in text:
            problems.append("no proof on the last screen")
        if not any(line.lstrip().startswith("$ ") for line in screen):
            problems.append("no fix command on the last screen")
    port = configured_port(config)
    for needle in ["example.com", "localhost:8000"] + ([":8000"] if port and port != "8000" else []):
        if needle in text:
            problems.append(f"the last screen names {needle}")
    return problems


def configured_port(config):
    """The app_port the lab's config file sets, or None."""
    with open(config, encoding="utf-8") as handle:
        found = re.search(r"^\s*app_port:\s*(\d+)", handle.read(), re.M)
    return found.group(1) if found else None


def fix_commands(report):
    """Every remediation command of every cause and mechanism in a JSON report."""
    commands = []
    for cause in report.get("causes", []):
        for finding in [cause] + [m for m in cause.get("mechanisms", []) if isinstance(m, dict)]:
            for step in finding.get("remediation", []):
                commands += step.get("commands", [])
    return commands


def remediation_problems(report, config):
    """What the reports' fix commands say that the stack's inputs contradict: the article's
    placeholders (example.com, localhost:8000), another app port, a placeholder left unfilled, and
    systemd or the journal of a unit when the inputs name none."""
    with open(config, encoding="utf-8") as handle:
        inputs = handle.read()
    port = configured_port(config)
    no_service = re.search(r'^\s*service:\s*""', inputs, re.M) is not None
    problems = []
    for command in fix_commands(report):
        if "${" in command:
            problems.append(f"unfilled placeholder: {command}")
    for name, text in [("json", json.dumps({k: v for k, v in report.items() if k != "_texts"}))] + list(
            report.get("_texts", {}).items()):
        for needle in ["example.com", "localhost:8000"]:
            if needle in text:
                problems.append(f"{name} report names {needle}")
        if port and port != "8000" and re.search(r":8000\b", text):
            problems.append(f"{name} report names port 8000 while app_port is {port}")
        if no_service and re.search(r"systemctl (status|start|restart|edit|enable) |journalctl -u ", text):
            problems.append(f"{name} report suggests a systemd unit while service is empty")
    return problems


# The exit status each verdict must give (docs/cli.md).
EXIT_STATUS = {"healthy": 0, "problem": 1, "unreachable": 1, "at-risk": 1, "undetermined": 2}


def judge(report, code, expected, elapsed, deadline, config):
    """(root cause named first or None, its chain of mechanisms, whether that is right): the
    expected root cause within the deadline with the exit status its verdict gives, or no cause
    and a healthy status when none is expected; and fix commands that agree with the inputs in
    every report format (the problems are printed)."""
    causes = report.get("causes", [])
    got = causes[0]["id"] if causes else None
    chain = " → ".join([got] + [m["id"] for m in causes[0].get("mechanisms", [])]) if got else "-"
    ok = got == expected and elapsed <= deadline + 1.5 and code == EXIT_STATUS.get(report.get("status"))
    if expected is None:
        ok = ok and report.get("status") == "healthy"
    problems = remediation_problems(report, config)
    for problem in problems:
        print(f"  remediation: {problem}", file=sys.stderr)
    return got, chain, ok and not problems


def undecided(report):
    """The undecided hypotheses and the facts that block each, for a failure's explanation."""
    return [(h["id"], [b["name"] for b in h.get("blocked_by", [])]) for h in report.get("undecided", [])]


def checklist_trouble(report):
    """The checklist items that failed or could not be decided, with why."""
    return [(item["id"], item["outcome"], item.get("reason", "")) for item in report.get("checklist", [])
            if item.get("outcome") in ("fail", "unknown")]


def print_table(header, rows, name, failures):
    """The rows under their header, columns aligned, then "NAME: N passed, N failed"."""
    width = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(cell).ljust(width[i]) for i, cell in enumerate(row)).rstrip())
    print(f"{name}: {len(rows) - failures} passed, {failures} failed")


def lab_env(lab):
    """This environment (NO_COLOR set) plus the lab's secrets: `lab env` prints `export NAME=VALUE`
    lines, or (lab1) the path of a file of NAME=VALUE lines."""
    env = dict(os.environ, NO_COLOR="1")
    output = subprocess.run([lab, "env"], capture_output=True, text=True, check=True).stdout.strip()
    if output.startswith("/"):
        with open(output, encoding="utf-8") as handle:
            output = handle.read()
    for line in output.splitlines():
        key, _, value = line.strip().removeprefix("export ").partition("=")
        if key:
            env[key] = value
    return env


def run_scenarios(name, lab, expected_causes, deadline, description):
    """The command line of a lab's scenario runner: for each scenario, inject the fault for real, run
    one JSON audit against the live stack, judge the root cause named first, heal; then `lab down`
    and its leftovers check. Returns the exit status."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--triage", default=os.path.join(ROOT, ".build", "debug", "triage"))
    parser.add_argument("--keep-up", action="store_true", help="leave the lab running afterwards")
    parser.add_argument("scenarios", nargs="*", help=f"scenarios (default: all): {' '.join(expected_causes)}")
    args = parser.parse_args()
    unknown = [scenario for scenario in args.scenarios if scenario not in expected_causes]
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(unknown)}; known: {' '.join(expected_causes)}")
    chosen = args.scenarios or list(expected_causes)
    rows, failures = [], 0
    current = "up"
    try:
        up = run_lab(lab, "up")  # inside the try: a half-started lab is stopped too
        print(f"{name}: up in {up:.1f}s", file=sys.stderr)
        config = subprocess.run([lab, "config"], capture_output=True, text=True, check=True).stdout.strip()
        env = lab_env(lab)
        # Every run ends on a healthy stack: healing must leave nothing behind.
        for scenario in chosen + (["healthy"] if chosen[-1:] != ["healthy"] else []):
            expected, current = expected_causes[scenario], scenario
            injected = run_lab(lab, "inject", scenario) if scenario != "healthy" else 0.0
            report, elapsed, code = audit(args.triage, config, env, deadline)
            # The same fault through the guided session, at 80×24: what the operator's screen shows.
            screen = screen_problems(last_screen(args.triage, config, env, deadline), expected, config)
            healed = run_lab(lab, "heal", scenario) if scenario != "healthy" else 0.0
            got, chain, ok = judge(report, code, expected, elapsed, deadline, config)
            for problem in screen:
                print(f"  {scenario}: 80×24 screen: {problem}", file=sys.stderr)
            ok = ok and not screen
            failures += 0 if ok else 1
            rows.append((scenario, expected or "(none, healthy)", got or str(report.get("status", "?")), chain,
                         f"{elapsed:.2f}s", f"{injected:.1f}s/{healed:.1f}s", "ok" if ok else "FAIL"))
            if not ok:
                causes = [cause["id"] for cause in report.get("causes", [])]
                print(f"  {scenario}: status {report.get('status')}, exit {code}, causes {causes}, "
                      f"undecided {undecided(report)}, checklist {checklist_trouble(report)}", file=sys.stderr)
    except subprocess.CalledProcessError as error:  # the lab itself failed: the rest would not be meaningful
        failures += 1
        rows.append((current, "", f"lab failed: {' '.join(error.cmd[1:])} (exit {error.returncode})", "", "", "",
                     "FAIL"))
    finally:
        if not args.keep_up:
            try:
                run_lab(lab, "down")
            except subprocess.CalledProcessError:  # `down` reports leftovers and exits 1
                failures += 1
                rows.append(("down", "no leftovers", "leftovers (see above)", "", "", "", "FAIL"))
    print_table(("scenario", "expected", "got", "chain", "audit", "inject/heal", ""), rows, name, failures)
    return 1 if failures else 0

