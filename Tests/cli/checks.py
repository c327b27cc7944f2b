"""Counted checks for the command-line test scripts: each `check` passes or prints why it failed,
and `finish` prints the closing "LABEL: N passed, N failed" line and exits non-zero on a failure."""
import sys

passed = 0
failed = 0


def check(name, condition, detail=""):
    """Counts one check; a failed one is printed with its detail."""
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}" + (f"\n    {detail}" if detail else ""))


def finish(label):
    """Prints the closing line and exits: 1 when any check failed."""
    print(f"{label}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
