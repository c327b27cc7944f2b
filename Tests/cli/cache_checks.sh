#!/usr/bin/env bash
# The compiled-catalog cache from the command line, on a generated catalog large enough to be
# cached: the first audit compiles and stores it, the second loads it and reports the same, a
# damaged cache file is ignored and replaced, and --no-cache or an empty TRIAGE_CACHE_DIR store
# nothing. Sourced by run.sh (uses its check function, $triage and $work).
shared=${TRIAGE_SHARED:-../shared}
if [ ! -e "$shared/bench/gen_workload.py" ]; then
  echo "FAIL: cache checks need $shared/bench (set TRIAGE_SHARED)"
  failed=$((failed + 1))
  return 0
fi
python3 "$shared/bench/gen_workload.py" --rules 3000 --facts 3000 --seed 7 --out "$work/w" >/dev/null 2>&1
python3 Benchmarks/engine/convert.py "$work/w.json" "$work/w" >/dev/null

# cache_audit DIR NAME [options]: audits the generated catalog with TRIAGE_CACHE_DIR=DIR,
# report in $work/NAME.json, timings in $work/NAME.err.
cache_audit() {
  local dir=$1 name=$2
  shift 2
  TRIAGE_CACHE_DIR=$dir "$triage" audit bench --no-bundled --runbooks "$work/w/runbooks" \
    --facts "$work/w/facts.json" --format json --timings "$@" >"$work/$name.json" 2>"$work/$name.err"
  [ $? -le 1 ]
}
cache=$work/cache
first_audit_stores() {
  cache_audit "$cache" c1 && grep -q 'load, validate and compile' "$work/c1.err" \
    && grep -q 'storing the compiled catalog' "$work/c1.err" && ls "$cache"/catalog-*.bin
}
second_audit_loads() {
  cache_audit "$cache" c2 && grep -q 'from the cache' "$work/c2.err" && cmp "$work/c1.json" "$work/c2.json"
}
damaged_file_is_replaced() {
  for file in "$cache"/catalog-*.bin; do head -c 5000 "$file" >"$file.part" && mv "$file.part" "$file"; done
  cache_audit "$cache" c3 && grep -q 'load, validate and compile' "$work/c3.err" && cmp "$work/c1.json" "$work/c3.json" \
    && cache_audit "$cache" c4 && grep -q 'from the cache' "$work/c4.err"
}
no_cache_stores_nothing() {
  cache_audit "$work/none" c5 --no-cache && cmp "$work/c1.json" "$work/c5.json" && [ ! -e "$work/none" ]
}
empty_directory_stores_nothing() {
  cache_audit "" c6 && ! grep -q 'storing' "$work/c6.err" && cmp "$work/c1.json" "$work/c6.json"
}
check "cache: the first audit compiles and stores" first_audit_stores
check "cache: the second audit loads it, same report" second_audit_loads
check "cache: a damaged cache file is ignored and replaced" damaged_file_is_replaced
check "cache: --no-cache stores nothing" no_cache_stores_nothing
check "cache: an empty TRIAGE_CACHE_DIR stores nothing" empty_directory_stores_nothing
