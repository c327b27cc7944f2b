#!/usr/bin/env bash
# Builds one fuzz target and runs it for a while.
#
#   Fuzz/run.sh TARGET SECONDS [libFuzzer options…]
#   Fuzz/run.sh FuzzRunbookLoader 600
#   Fuzz/run.sh FuzzCELEvaluate 60 -runs=100000      # extra options go to libFuzzer
#
# TARGET is FuzzRunbookLoader, FuzzCELCompile or FuzzCELEvaluate. The corpus grows in a scratch
# directory outside the repository ($FUZZ_WORK/TARGET, default ${TMPDIR:-/tmp}/triage-fuzz/TARGET),
# seeded from the committed Fuzz/Corpus/TARGET and Fuzz/Regressions/TARGET (read, never written).
# Crash, timeout and out-of-memory inputs land in $FUZZ_WORK/TARGET/artifacts/. Prints a summary
# line; exits with libFuzzer's status, 0 when nothing was found. See docs/fuzzing.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -lt 2 ]]; then
  echo "usage: $0 TARGET SECONDS [libFuzzer options…]" >&2
  exit 64
fi
target=$1
seconds=$2
shift 2
# Inputs of the loader are capped at 8 KiB: an execution costs about 4 µs a byte under the
# sanitizers, and small inputs find structural bugs faster (size limits have their own tests).
case $target in
  FuzzRunbookLoader) options=(-dict="$here/yaml.dict" -max_len=8192) ;;
  FuzzCELCompile | FuzzCELEvaluate) options=(-dict="$here/cel.dict") ;;
  FuzzCatalogCache) options=(-max_len=262144) ;;
  *)
    echo "unknown target '$target': use FuzzRunbookLoader, FuzzCELCompile, FuzzCELEvaluate or FuzzCatalogCache" >&2
    exit 64
    ;;
esac

work=${FUZZ_WORK:-${TMPDIR:-/tmp}/triage-fuzz}/$target
mkdir -p "$work/corpus" "$work/artifacts"

echo "building $target…" >&2
# Not `--sanitize fuzzer --sanitize address`: SwiftPM passes those as two -sanitize= options in an
# order that changes from run to run, and swiftc keeps only the last one, so a build gets either
# coverage or AddressSanitizer, never both (and rebuilds whenever the order flips). SwiftPM's
# `--sanitize fuzzer` selects libFuzzer's main; the combined option after it instruments for both.
# FUZZ_CONFIGURATION=release builds with optimization (still with both sanitizers and Swift's
# runtime checks: overflow, bounds, unwraps), several times more executions a second for the long
# runs; the default debug build is what the smoke run uses.
configuration=${FUZZ_CONFIGURATION:-debug}
build=(swift build -c "$configuration" --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
  --product "$target" --scratch-path .build-fuzz)
if ! (cd "$here" && "${build[@]}") >"$work/build.log" 2>&1; then
  grep -v 'ld.gold: warning' "$work/build.log" | tail -40 >&2
  echo "error: building $target failed (log: $work/build.log)" >&2
  exit 2
fi
binary=$here/.build-fuzz/$configuration/$target
symbols=$(nm "$binary")
if ! grep -q ' __start___sancov_cntrs$' <<<"$symbols" || ! grep -q ' __asan_init$' <<<"$symbols"; then
  echo "error: $binary is not instrumented for both coverage and AddressSanitizer" >&2
  exit 2
fi

# Inputs that once crashed a target are replayed first, as part of the seed corpus.
regressions=()
if [[ -d $here/Regressions/$target ]]; then
  regressions=("$here/Regressions/$target")
fi

log=$work/run-$(date +%Y%m%d-%H%M%S).log
echo "running $target for ${seconds}s (corpus $work/corpus, log $log)" >&2
set +e
LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${options[@]}" \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@" \
  "$work/corpus" "$here/Corpus/$target" "${regressions[@]}" >"$log" 2>&1
status=$?
set -e

# A summary: executions, speed, coverage, corpus and what was found.
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
coverage=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
echo "$target: ${executions:-?} executions in ${elapsed:-?} s (${speed:-?} exec/s), cov ${coverage:-?}, ft ${features:-?}, corpus ${corpus:-?}, peak RSS ${peak:-?} MB, exit status $status"
if [[ $status -ne 0 ]]; then
  grep -E '^==[0-9]+==|^(SUMMARY|artifact_prefix|Test unit written|Fatal error|.*: Fatal error)|^ +#[0-9]+ ' "$log" | head -40 >&2 || true
  echo "$target FAILED: see $log; inputs in $work/artifacts/" >&2
fi
exit $status
