#!/usr/bin/env bash
# Minimizes an input that crashed (or hung, or ran out of memory in) a fuzz target and saves it as
# a regression input, which run.sh and smoke.sh replay on every run from then on.
#
#   Fuzz/minimize.sh TARGET ARTIFACT NAME [SECONDS]
#   Fuzz/minimize.sh FuzzCELEvaluate /tmp/triage-fuzz/FuzzCELEvaluate/artifacts/crash-1a2b… int-min-modulo
#
# Writes Fuzz/Regressions/TARGET/NAME (the smallest input found within SECONDS, default 120, that
# still fails the same way) and prints its stack trace. See docs/fuzzing.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -lt 3 ]]; then
  echo "usage: $0 TARGET ARTIFACT NAME [SECONDS]" >&2
  exit 64
fi
target=$1
artifact=$2
name=$3
seconds=${4:-120}
binary=$here/.build-fuzz/debug/$target
if [[ ! -x $binary ]]; then
  echo "error: $binary is not built: run Fuzz/run.sh $target 1 first" >&2
  exit 2
fi
export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp
if "$binary" -timeout=10 -rss_limit_mb=2048 "$artifact" >/dev/null 2>&1; then
  echo "error: $artifact does not make $target fail; nothing saved" >&2
  exit 1
fi
mkdir -p "$here/Regressions/$target"
output=$here/Regressions/$target/$name
scratch=$(mktemp -d "${TMPDIR:-/tmp}/triage-fuzz-minimize.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# -minimize_crash keeps only inputs that still crash; a hang counts as a crash with -timeout.
(cd "$scratch" && "$binary" -minimize_crash=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -exact_artifact_path="$output" "$artifact") >"$scratch/minimize.log" 2>&1 || true
if [[ ! -s $output ]]; then
  echo "note: minimizing found nothing smaller; saving the input as it is" >&2
  cp "$artifact" "$output"
fi
echo "saved $(wc -c <"$output") bytes to $output; its failure:" >&2
"$binary" -timeout=10 -rss_limit_mb=2048 "$output" 2>&1 | grep -vE '^(INFO|MERGE|\*\*\*|Running|Executed)' | head -60 || true
