"""Drives `triage diagnose` under a pseudo-terminal (pexpect), as an operator would."""
import json
import os
import signal
import subprocess
import sys
import tempfile

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
TRIAGE = os.environ.get("TRIAGE_BINARY", os.path.join(HERE, "..", "..", ".build", "debug", "triage"))
BASE = [
    "diagnose", "web-503", "--no-bundled", "--runbooks", os.path.join(HERE, "fixture.yaml"),
    "--facts", os.path.join(HERE, "facts.json"),
]


def spawn(*extra, args=None):
    """`triage` at 80×24 with the fixture's arguments (or `args`) and `extra`."""
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80", LINES="24")
    return pexpect.spawn(TRIAGE, (BASE if args is None else args) + list(extra), env=env, encoding="utf-8",
                         timeout=10, dimensions=(24, 80))


def test_full_session_reaches_a_diagnosis():
    child = spawn()
    child.expect(r"\? Was a deployment just rolled out\?")
    child.expect("> ")
    child.sendline("yes")
    child.expect("Root cause 1: A deployment is in progress")
    child.expect("Next: how, retest, quit > ")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_why_explains_what_each_answer_leads_to():
    child = spawn()
    child.expect("> ")
    child.sendline("why")
    child.expect(r"needed to decide: A deployment is in progress \[deployment-in-progress\]")
    child.expect("If yes: problem, root cause deployment-in-progress")
    child.expect("If no: ")
    child.expect("> ")
    child.sendline("no")
    child.expect(r"\? Did traffic spike in the last hour\?")
    child.expect("> ")
    child.sendline("no")
    child.expect("HEALTHY")
    child.expect("Next: how, retest, quit > ")
    child.sendline("quit")
    child.expect(pexpect.EOF)


def test_unknown_back_and_how():
    child = spawn()
    child.expect("> ")
    child.sendline("unknown")
    child.expect(r"\? Did traffic spike in the last hour\?")
    child.expect("> ")
    child.sendline("back")
    child.expect(r"\? Was a deployment just rolled out\?")
    child.expect("> ")
    child.sendline("maybe")
    child.expect("answer yes or no")
    child.expect("> ")
    child.sendline("y")
    child.expect("Next: how, retest, quit > ")
    child.sendline("how")
    child.expect(r"rule deploy \(certainty 0.85\)")
    child.expect(r"app.running = true .*file")
    child.expect(r"deploy.just_rolled_out = true .*answer")
    child.expect("Next: how, retest, quit > ")
    child.sendline("retest")
    child.expect("Retested: no probed fact changed")
    child.expect("Conclusion: PROBLEM")
    child.expect("Next: how, retest, quit > ")
    child.sendline("")
    child.expect("Type how, retest or quit")
    child.expect("Next: how, retest, quit > ")
    child.sendline("quit")
    child.expect(pexpect.EOF)


def test_ctrl_c_saves_a_replayable_transcript():
    transcript = tempfile.mktemp(suffix=".json")
    child = spawn("--transcript", transcript)
    child.expect("> ")
    child.sendline("yes")
    child.expect("Next: how, retest, quit > ")
    child.sendintr()
    child.expect("interrupted; transcript saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus == signal.SIGINT
    with open(transcript) as handle:
        saved = json.load(handle)
    assert saved["facts"]["deploy.just_rolled_out"]["value"] is True
    replay = subprocess.run(
        [TRIAGE, "audit", "web-503", "--no-bundled", "--runbooks", os.path.join(HERE, "fixture.yaml"),
         "--facts", transcript, "--format", "json"], capture_output=True, text=True)
    assert replay.returncode == 1
    assert json.loads(replay.stdout)["causes"][0]["id"] == "deployment-in-progress"


def test_end_of_input_concludes_cleanly():
    child = spawn()
    child.expect("> ")
    child.sendeof()
    child.expect("end of input")
    child.expect("UNDETERMINED|HEALTHY|PROBLEM")
    child.expect(pexpect.EOF)


def test_answers_file_scripts_the_session():
    answers = tempfile.mktemp(suffix=".yaml")
    with open(answers, "w") as handle:
        handle.write("deploy.just_rolled_out: false\ntraffic.spike: true\n")
    result = subprocess.run([TRIAGE] + BASE + ["--answers", answers], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
    assert "from the answers file" in result.stdout
    assert "Root cause 1: Server overload" in result.stdout
    assert result.returncode == 1


def test_fits_an_80_column_terminal():
    child = spawn()
    child.expect("> ")
    child.sendline("why")
    child.expect("> ")
    for line in child.before.splitlines():
        assert len(line) <= 120, line
    child.sendline("quit")
    child.expect(pexpect.EOF)


def test_plain_triage_on_a_terminal_starts_a_guided_session():
    env = dict(os.environ, NO_COLOR="1")
    child = pexpect.spawn(TRIAGE, [], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
    child.expect(r"\[http-503\]")
    child.expect("Running probes")
    verdict = r"http-503 — 503 Service Unavailable: (PROBLEM|UNREACHABLE|AT RISK|HEALTHY|UNDETERMINED)"
    index = child.expect([r"\(why, unknown, skip, back, help\) > ", verdict])
    if index == 1:  # no question was needed: the verdict came first, then the closing prompt
        child.expect("Next: how, retest, quit > ")
    child.sendline("quit")
    if index == 0:
        child.expect(verdict)
    child.expect(pexpect.EOF)


if __name__ == "__main__":
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", HERE]))


def test_the_last_screen_holds_the_conclusion_the_proof_and_a_fix_command():
    child = spawn()
    child.expect("> ")
    child.sendline("yes")
    child.expect("Next: how, retest, quit > ")
    screen = (child.before + child.after).replace("\r\n", "\n").split("\n")[-24:]
    last = " ".join(line.strip() for line in screen)
    assert "Conclusion: PROBLEM — A deployment is in progress [deployment-in-progress], certainty 0.85" in last, last
    assert "Proof: deploy.just_rolled_out = true" in last, last
    assert "$ ls -l /srv/web/current" in last, last
    child.sendline("quit")
    child.expect(pexpect.EOF)


def test_counts_take_none_and_refuse_negatives():
    fixture = os.path.join(HERE, "fixture.yaml")
    runbook = tempfile.mktemp(suffix=".yaml")
    with open(fixture) as handle:
        text = handle.read()
    text = text.replace("questions:\n", """questions:
  - fact: errors.count
    text: How many pool errors are in the log? (0 if none)
    type: int
""", 1).replace("rules:\n", """rules:
  - {id: errors, when: "errors.count > 0", conclude: overload, certainty: 0.9}
""", 1)
    with open(runbook, "w") as handle:
        handle.write(text)
    child = spawn(args=["diagnose", "web-503", "--no-bundled", "--runbooks", runbook, "--facts",
                        os.path.join(HERE, "facts.json")])
    child.expect(r"How many pool errors")
    child.expect("> ")
    child.sendline("-1")
    child.expect("a count is 0 or more")
    child.expect("> ")
    child.sendline("none")
    child.expect(r"\? ")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    os.unlink(runbook)


def test_ctrl_c_while_the_probes_run_says_so():
    runbook = tempfile.mktemp(suffix=".yaml")
    with open(runbook, "w") as handle:
        handle.write("""version: 1
symptoms:
  - {id: slow, title: A slow symptom, detect: "slow.done"}
probes:
  - id: wait
    kind: command
    with: {argv: [sleep, "20"]}
    timeout: 30s
    yields: {slow.done: result.exit_code == 0}
causes:
  - {id: never, title: Never, explains: [slow]}
""")
    child = spawn(args=["diagnose", "slow", "--no-bundled", "--runbooks", runbook, "--deadline", "25s"])
    child.expect("Running probes")
    child.sendintr()
    child.expect("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus == signal.SIGINT
    os.unlink(runbook)


def test_a_missing_config_fails_before_the_session_starts():
    result = subprocess.run([TRIAGE] + BASE + ["--config", "/nonexistent/triage.yaml"], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "The web site answers 503" not in result.stdout, result.stdout
    assert "nonexistent" in result.stderr


def test_bundled_help_follows_the_inputs_and_the_checklist_follows_the_answer():
    """Help commands name the configured release link, not a default; after "yes, a deployment
    was just rolled out" the checklist item of that question fails."""
    facts = os.path.join(HERE, "deploy-facts.json")
    child = spawn(args=["diagnose", "--no-cache", "--facts", facts, "--set", "service=",
                        "--set", "release_link=/opt/web/current", "--set", "app_log=/var/log/web/app.log"])
    child.expect(r"\? Was a deployment just rolled out\?")
    child.expect("> ")
    child.sendline("help")
    child.expect(r"The release symlink: ls -l /opt/web/current")
    child.expect("> ")
    child.sendline("yes")
    child.expect(r"\[FAIL\] Was a deployment just rolled out\?")
    child.expect("Next: how, retest, quit > ")
    transcript = child.before
    child.sendline("quit")
    child.expect(pexpect.EOF)
    assert "/srv/app/current" not in transcript


def test_count_help_drops_the_journal_when_no_service_is_named():
    facts = os.path.join(HERE, "deploy-facts.json")
    answers = os.path.join(tempfile.mkdtemp(), "answers.json")
    with open(answers, "w") as handle:
        json.dump({"deploy.just_rolled_out": False}, handle)
    for service, journal_shown in (("", False), ("web.service", True)):
        child = spawn(args=["diagnose", "--no-cache", "--facts", facts, "--answers", answers,
                            "--set", f"service={service}", "--set", "app_log=/var/log/web/app.log"])
        index = child.expect([r"\? How many", "Next: how, retest, quit > "])
        assert index == 0, "no count question was asked"
        child.expect("> ")
        child.sendline("help")
        child.expect("Answer int; or why")
        shown = child.before
        assert "tail -n 50 /var/log/web/app.log" in shown
        assert ("journalctl -u web.service" in shown) == journal_shown
        assert "gunicorn" not in shown
        child.sendline("quit")
        child.expect(pexpect.EOF)


def test_a_bad_diagnose_option_shows_diagnose_usage():
    child = spawn("--bogus")
    child.expect(pexpect.EOF)
    child.close()
    assert "Unknown option '--bogus'" in child.before
    assert "Usage: triage diagnose" in child.before
    assert "Running probes" not in child.before
    assert child.exitstatus == 64


def test_an_audit_settles_the_questions_nobody_answers():
    """An audit asks nothing: a question's fact is not applicable there, so the deployment item
    reads the markers alone and no hypothesis waits for an answer."""
    facts = os.path.join(HERE, "deploy-facts.json")
    result = subprocess.run([TRIAGE, "audit", "--no-cache", "--facts", facts, "--set", "release_link=",
                             "--set", "deploy_lock=", "--format", "json"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    report = json.loads(result.stdout)
    item = next(item for item in report["checklist"] if item["text"] == "Was a deployment just rolled out?")
    assert item["outcome"] == "pass", item
    waiting = [hypothesis for hypothesis in report.get("undecided", [])
               if "deploy.just_rolled_out" in json.dumps(hypothesis)]
    assert not waiting, waiting
