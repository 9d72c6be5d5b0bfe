#!/usr/bin/env bash
# Regenerates the README's figures from one run: every workload io.gomap.perf.Scenario defines, with the sizes,
# distributions, threads and maps defined there, JMH -f 2 -wi 1 -w 1s -i 2 -r 1s (SuiteRun's constants). Writes
# figures.md (one Markdown table per workload: score ± error and speed relative to ConcurrentHashMap, or HashMap for
# the GoMap rows, under the workload's definition and JMH arguments), one JMH JSON file per workload, and run.log,
# into perf/results/<UTC timestamp>/ by default. Meant for an otherwise idle machine.
#
# Usage: perf/run-suite.sh [-o DIR] [-n] [-s] [-w NAME,...] [-- JVM options]
#   -o DIR        output directory (default perf/results/<timestamp>)
#   -n            print each workload's JMH command line without running anything
#   -s            smoke: one fork, one 200 ms iteration per configuration, no warmup (figures meaningless)
#   -w NAME,...   only these workloads (Scenario constant names, e.g. READ_ONLY,READ_90_10)
#   JVM options after -- go to the JVM that runs JMH, and JMH passes them on to every fork (e.g. -- -Xmx8g)
#
# Budget (2 cores): 127 configurations x 2 forks x (JVM start and setup, about 1.2 s, + 3 x 1 s). Measured on the
# project's shared 2-core machine: `-s` took 2:39 (1 fork, 0.2 s per configuration); READ_90_10 and NEW_KEYS_PUT in
# full took 3:01 for 21 of the 118 configurations of the time; so the full run takes about 17 to 19 minutes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=${BENCHMARKS_JAR:-$here/target/benchmarks.jar}   # BENCHMARKS_JAR: run a copy while the module is rebuilt
out=$here/results/$(date -u +%Y%m%dT%H%M%SZ)
args=()
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
[[ ${1:-} == --help ]] && { usage; exit 0; }
while getopts 'o:nsw:h' opt; do
    case "$opt" in
        o) out=$OPTARG ;;
        n) args+=(--dry-run) ;;
        s) args+=(--smoke) ;;
        w) args+=(--only "$OPTARG") ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

if [ ! -f "$jar" ]; then
    (cd "$repo" && mvn -B -q -pl perf -am package -DskipTests)
fi
case " ${args[*]-} " in
    *" --dry-run "*) exec java -cp "$jar" io.gomap.perf.SuiteRun "${args[@]}" ;;
esac
mkdir -p "$out"
set +e   # the java command's status decides, not grep's (which fails when it finds nothing)
java "$@" -cp "$jar" io.gomap.perf.SuiteRun --out "$out" "${args[@]}" 2>&1 | tee "$out/run.log" \
    | grep -E '^(== |Benchmark |[A-Za-z]+Benchmark\.)'
status=("${PIPESTATUS[@]}")
set -e
[ "${status[0]}" -eq 0 ] || { tail -3 "$out/run.log" >&2; echo "run-suite: failed; see $out/run.log" >&2; }
exit "${status[0]}"
