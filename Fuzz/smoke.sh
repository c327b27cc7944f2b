#!/usr/bin/env bash
# Runs each fuzz target for a short while (default 30 s each) from the committed seed corpus, in a
# fresh scratch directory, and fails if any target crashes, hangs or runs out of memory.
#
#   Fuzz/smoke.sh [SECONDS]
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/triage-fuzz-smoke.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in FuzzRunbookLoader FuzzCELCompile FuzzCELEvaluate FuzzCatalogCache; do
  if ! FUZZ_WORK=$scratch "$here/run.sh" "$target" "$seconds"; then
    failed+=("$target")
    # Keep what it found: the scratch directory is about to go.
    mkdir -p "${TMPDIR:-/tmp}/triage-fuzz-failures"
    cp -r "$scratch/$target" "${TMPDIR:-/tmp}/triage-fuzz-failures/" 2>/dev/null || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz smoke FAILED: ${failed[*]} (logs and inputs in ${TMPDIR:-/tmp}/triage-fuzz-failures/)" >&2
  exit 1
fi
echo "fuzz smoke: all targets ran ${seconds}s without a crash"
