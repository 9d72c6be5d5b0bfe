#!/usr/bin/env bash
# Runs the README-sized subset of the JMH suite with short iterations and writes one JMH JSON file per step under
# results/ (perf/results/<UTC timestamp>/ by default). Meant for an otherwise idle machine.
#
# Usage: perf/run-suite.sh [-o DIR] [-n] [-s] [-- extra JMH options]
#   -o DIR   output directory (default perf/results/<timestamp>)
#   -n       print the JMH commands without running them
#   -s       smoke: one 200 ms iteration per configuration, no warmup (about 7 minutes; figures meaningless)
#   extra JMH options are appended to every step (e.g. -- -jvmArgsAppend -Xmx8g); they must not repeat -f, -wi,
#   -w, -i or -r, which JMH rejects when given twice
#
# Budget (2 cores): 145 benchmark configurations, each one fork of 2 x 1 s warmup + 3 x 1 s measurement. Measured
# on the project's shared 2-core machine, `-s` (same configurations, one 200 ms iteration) took 7 minutes, mostly
# JVM start and setup (filling 1M- and 2M-key maps); the 4.8 s of extra iterations per configuration add about
# 11 minutes and NewKeys' extra single-shot runs about 2, so about 20 minutes there, less on an idle machine.
# Pruned from the full suite: contender workloads at 2 threads only (the full suite also runs with -t 1); the
# Zipfian distribution only for read-only hits; 99/1 left to the full suite; growing cache and read-while-write at
# 1K keys; iteration at 1M; churn at 1K, lookups after churn at 1M; putThenGet for four contenders; GoMap's iterate
# left to the full suite; the detector compared on getHit and put at 1K.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=${BENCHMARKS_JAR:-$here/target/benchmarks.jar}   # BENCHMARKS_JAR: run a copy while the module is rebuilt
out=$here/results/$(date -u +%Y%m%dT%H%M%SZ)
dry=false
common=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
while getopts 'o:nsh' opt; do
    case "$opt" in
        o) out=$OPTARG ;;
        n) dry=true ;;
        s) common=(-f 1 -wi 0 -i 1 -r 200ms) ;;
        *) sed -n '2,11p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
extra=("$@")
contenders=SyncMap,ConcurrentHashMap,Caffeine,CaffeineBounded,SynchronizedHashMap,RwLockedHashMap,LockedGoMap

if [ ! -f "$jar" ] && ! $dry; then
    (cd "$repo" && mvn -B -q -pl perf -am package -DskipTests)
fi
$dry || mkdir -p "$out"

# step NAME JMH-ARGS...: one JMH run, its JSON in $out/NAME.json and its log in $out/NAME.log.
step() {
    local name=$1
    shift
    local cmd=(java -jar "$jar" "$@" "${common[@]}" -rf json -rff "$out/$name.json" "${extra[@]}")
    echo "== $name: ${cmd[*]}"
    if ! $dry; then
        "${cmd[@]}" > "$out/$name.log" 2>&1 || { echo "step $name failed; see $out/$name.log" >&2; exit 1; }
        grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$out/$name.log" || true
    fi
}

start=$(date +%s)
# 28: read-only hits, both distributions, both sizes.
step read-only 'ReadWriteMixBenchmark' -t 2 -p impl=$contenders -p size=1000,1000000 -p distribution=uniform,zipf \
    -p readPercent=100
# 14: 90/10 read/update.
step read-90-10 'ReadWriteMixBenchmark' -t 2 -p impl=$contenders -p size=1000,1000000 -p distribution=uniform \
    -p readPercent=90
# 14: disjoint keys per thread, 90/10.
step disjoint 'DisjointKeysBenchmark' -t 2 -p impl=$contenders -p size=1000,1000000 -p distribution=uniform \
    -p readPercent=90
# 7: write-once-read-many, growing from 1K keys.
step growing-cache 'GrowingCacheBenchmark' -t 2 -p impl=$contenders -p size=1000 -p distribution=uniform
# 7 + 4: ever-new keys, single shot.
step new-keys 'NewKeysBenchmark\.put$' -t 2 -p impl=$contenders
step new-keys-then-get 'NewKeysBenchmark\.putThenGet$' -t 2 -p impl=SyncMap,ConcurrentHashMap,Caffeine,LockedGoMap
# 7 + 7: churn at 1K, then lookups among tombstones at 1M.
step churn 'ChurnBenchmark\.churn$' -t 2 -p impl=$contenders -p size=1000 -p distribution=uniform
step lookup-after-churn 'ChurnBenchmark\.lookupAfterChurn$' -t 2 -p impl=$contenders -p size=1000000 \
    -p distribution=uniform
# 7: full iteration at 1M.
step iteration 'IterationBenchmark' -t 2 -p impl=$contenders -p size=1000000
# 7: one reader beside one writer.
step read-while-write 'ReadWhileWriteBenchmark' -p impl=$contenders -p size=1000 -p distribution=uniform
# 23: Go's shapes on SyncMap (compare-with-go.sh runs Go's side).
step go-shapes 'GoSyncMapBenchmark' -t 2
# 16 + 4: GoMap vs HashMap single-threaded, then the detector's cost.
step gomap-vs-hashmap 'GoMapVsHashMapBenchmark\.(getHit|getMiss|put|remove)$' -p impl=GoMap-OFF,HashMap \
    -p size=1000,1000000
step detector 'GoMapVsHashMapBenchmark\.(getHit|put)$' -p impl=GoMap-BEST_EFFORT,GoMap-STRICT -p size=1000
echo "== done in $(( ($(date +%s) - start) / 60 )) min; JSON in $out"
