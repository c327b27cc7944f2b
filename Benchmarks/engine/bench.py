#!/usr/bin/env python3
"""Engine benchmark on the neutral workload also run on CLIPS (../shared/bench).

For each N: generate the workload (seed 1, M = N), convert it to a runbook directory and a facts
file (convert.py), compute the correct answer (ref_eval.py), then time

    triage audit bench --no-bundled --runbooks OUT/runbooks --facts OUT/facts.json --format json

end to end (median of 3: wall time from a monotonic clock, to the millisecond, and peak RSS from
/usr/bin/time), and check that the
concluded causes equal ref_eval's diagnoses. Each N is timed cold (`--no-cache`: load, validate
and compile the YAML every time) and, where the runbooks are large enough to be cached (256 KiB),
warm (a first run stores the compiled catalog in a scratch cache directory, then the timed runs
load it). Also times `triage --version` and loading the bundled runbooks. Prints one table.

    bench.py [--triage PATH] [--sizes 100,1000,10000,100000] [--shared ../shared] [--work DIR] [--runs 3]
             [--compare]      (also the naive Python evaluator and CLIPS, side by side in one run)
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(command, runs, env=None):
    """Median wall seconds and max peak RSS (MB) of a command over runs; also its last stdout."""
    times, peaks, output, code = [], [], "", 0
    for _ in range(runs):
        seconds, megabytes, output, code = run_once(command, env)
        times.append(seconds)
        peaks.append(megabytes)
    return statistics.median(times), max(peaks), output, code


def run_once(command, env):
    """One run: wall seconds until the command exits, its peak RSS (MB), its stdout and exit code.

    Its standard output is read through a pipe while it runs (as a consumer of the report would).
    The peak RSS comes from /usr/bin/time, whose small process starts the command: a child forked
    from this Python process would count this process's memory in its own peak. The wall time is
    this process's monotonic clock (time's own figure has 10 ms steps), so it includes starting
    /usr/bin/time, about a millisecond."""
    with tempfile.NamedTemporaryFile("r") as stats:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name] + command,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        seconds = time.perf_counter() - started
        kilobytes = stats.read().split()[-1]
    return seconds, int(kilobytes) / 1024, result.stdout.decode(), result.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--triage", default=os.path.join(ROOT, ".build", "release", "triage"))
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "triage-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", action="store_true",
                        help="also time the naive Python evaluator and CLIPS (if installed) on each workload")
    args = parser.parse_args()
    bench = os.path.join(args.shared, "bench")
    os.makedirs(args.work, exist_ok=True)
    rows = []
    failures = 0
    for n in [int(size) for size in args.sizes.split(",")]:
        base = os.path.join(args.work, f"n{n}")
        workload = base + ".json"
        if not os.path.exists(workload):
            subprocess.run([sys.executable, os.path.join(bench, "gen_workload.py"), "--rules", str(n), "--facts", str(n),
                            "--seed", "1", "--out", base], check=True, capture_output=True)
        out = base + "-triage"
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), workload, out], check=True)
        answer_file = base + ".answer.json"
        subprocess.run([sys.executable, os.path.join(bench, "ref_eval.py"), workload, "--out", answer_file],
                       check=True, capture_output=True)
        with open(answer_file) as handle:
            answer = json.load(handle)
        command = [args.triage, "audit", "bench", "--no-bundled", "--runbooks", os.path.join(out, "runbooks"),
                   "--facts", os.path.join(out, "facts.json"), "--format", "json"]
        size = os.path.getsize(os.path.join(out, "runbooks", "bench.yaml"))
        cache = tempfile.mkdtemp(prefix="triage-bench-cache-")
        env = dict(os.environ, TRIAGE_CACHE_DIR=cache)
        cases = [("cold", command + ["--no-cache"], env)]
        if size >= 256 << 10:
            subprocess.run(command, capture_output=True, env=env)  # compiles and stores the catalog
            cases.append(("warm", command, env))
        for label, arguments, environment in cases:
            seconds, peak, output, code = timed(arguments, args.runs, environment)
            report = json.loads(output)
            got = sorted(cause["id"] for cause in report["causes"])
            correct = got == sorted(answer["diagnoses"])
            failures += 0 if correct else 1
            rows.append((f"audit N={n:,} {label}", f"{seconds:.3f}", f"{peak:.0f}",
                         f"{len(got)} causes, {'correct' if correct else 'WRONG'} "
                         f"(exit {code}, {size / 1e6:.1f} MB YAML)"))
        shutil.rmtree(cache, ignore_errors=True)
        if args.compare:
            # The references, in the same run: the naive Python evaluator and, when installed, CLIPS.
            seconds, peak, _, _ = timed([sys.executable, os.path.join(bench, "ref_eval.py"), workload,
                                         "--out", os.devnull], args.runs)
            rows.append((f"  naive Python N={n:,}", f"{seconds:.3f}", f"{peak:.0f}", "ref_eval.py"))
            if shutil.which("clips"):
                batch = base + ".batch.clp"
                with open(batch, "w") as handle:
                    handle.write(f'(load* "{base}.clp")\n(reset)\n(load-facts "{base}.facts.clp")\n(run)\n(exit)\n')
                seconds, peak, _, _ = timed(["clips", "-f2", batch], args.runs)
                rows.append((f"  CLIPS N={n:,}", f"{seconds:.3f}", f"{peak:.0f}", "clips -f2: load*, reset, load-facts, run"))
    seconds, peak, _, _ = timed([args.triage, "--version"], max(args.runs, 5))
    rows.append(("triage --version", f"{seconds:.3f}", f"{peak:.0f}", ""))
    seconds, peak, _, _ = timed([args.triage, "validate", "--no-cache"], max(args.runs, 5))
    rows.append(("validate bundled runbooks", f"{seconds:.3f}", f"{peak:.0f}", "load + validate + compile"))
    print(f"{'case':28} {'seconds':>8} {'peak MB':>8}  notes")
    for name, seconds, peak, note in rows:
        print(f"{name:28} {seconds:>8} {peak:>8}  {note}")
    print(f"bench: {len(rows) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
