#!/usr/bin/env bash
# The analysis against the bare parse in executed instructions (cachegrind), which do not swing
# with the machine's load as timings do. V8 runs `--predictable` (single-threaded: no background
# compilation or garbage collection) and compiles wasm with TurboFan only (`--no-liftoff`: a tier-up
# from Liftoff lands at a moment that varies, which moved counts by 10 %), and each side is counted over one and two passes of every
# sixth stdlib file: the difference is a warm pass, without start-up and compilation.
# Needs valgrind (apt-get install valgrind); takes about 5 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs --only=instructions
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --smc-check=all-non-file \
    node --predictable --no-liftoff dist/instruction-passes.js "$@" 2>&1 | sed -n 's/.*I *refs: *//p' | tr -d ','
}
export -f count
# Two at a time: the counts do not depend on it.
read -r parse1 parse2 analyze1 analyze2 < <(printf '%s\n' 'parse 1' 'parse 2' 'analyze 1' 'analyze 2' | xargs -P 2 -I{} bash -c 'echo "{} $(count {})"' | sort | awk '{ v[$1 $2] = $3 } END { print v["parse1"], v["parse2"], v["analyze1"], v["analyze2"] }')
awk -v p1="$parse1" -v p2="$parse2" -v a1="$analyze1" -v a2="$analyze2" 'BEGIN {
  parse = p2 - p1; analysis = a2 - a1
  printf "a warm pass over every sixth stdlib file: bare parse %.2f G instructions, full analysis %.2f G: %.2f× the parse (target 1.4×)\n", parse / 1e9, analysis / 1e9, analysis / parse
}'
