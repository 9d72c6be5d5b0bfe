#!/usr/bin/env bash
# Runs Go's own sync.Map benchmarks (src/sync/map_bench_test.go of the installed Go, *sync.Map only) and their Java
# port io.gomap.perf.GoSyncMapBenchmark on SyncMap, and prints one Markdown table of ns/op on both sides.
#
# Go's b.RunParallel reports elapsed time divided by the operations of all goroutines (GOMAXPROCS of them). The Java
# side runs JMH in throughput mode with as many threads as Go has procs; JMH sums throughput over threads, so
# ns/op = 1000 / (ops/us), the same quantity. See perf/README.md.
#
# Usage: perf/compare-with-go.sh [-t DURATION] [-i ITERATIONS] [-w WARMUPS] [-c CPUS] [-b REGEX] [-o FILE]
#   -t DURATION    Go's -benchtime and the length of each JMH warmup and measurement iteration (default 1s)
#   -i ITERATIONS  JMH measurement iterations (default 5); Go runs each benchmark once (-count 1)
#   -w WARMUPS     JMH warmup iterations (default 3)
#   -c CPUS        Go's -cpu (GOMAXPROCS) and JMH's thread count (default 2)
#   -b REGEX       only benchmarks whose Go name (without the Benchmark prefix) matches REGEX (default: all)
#   -o FILE        also write the table to FILE
# Needs: java 17 on PATH; go (installed with apt-get if missing); Maven only if perf/target/benchmarks.jar is missing.
set -euo pipefail

duration=1s
iterations=5
warmups=3
cpus=2
filter='.*'
out=''
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
[[ ${1:-} == --help ]] && { usage; exit 0; }
while getopts 't:i:w:c:b:o:h' opt; do
    case "$opt" in
        t) duration=$OPTARG ;;
        i) iterations=$OPTARG ;;
        w) warmups=$OPTARG ;;
        c) cpus=$OPTARG ;;
        b) filter=$OPTARG ;;
        o) out=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$here/target/benchmarks.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The shapes of GoSyncMapBenchmark, in Go's file order; the last eleven exist in Go 1.20 and later only.
shapes=(LoadMostlyHits LoadMostlyMisses LoadOrStoreBalanced LoadOrStoreUnique LoadOrStoreCollision
        LoadAndDeleteBalanced LoadAndDeleteUnique LoadAndDeleteCollision Range AdversarialAlloc AdversarialDelete
        DeleteCollision SwapCollision SwapMostlyHits SwapMostlyMisses CompareAndSwapCollision
        CompareAndSwapNoExistingKey CompareAndSwapValueNotEqual CompareAndSwapMostlyHits CompareAndSwapMostlyMisses
        CompareAndDeleteCollision CompareAndDeleteMostlyHits CompareAndDeleteMostlyMisses)
selected=()
for s in "${shapes[@]}"; do
    if [[ $s =~ $filter ]]; then selected+=("$s"); fi
done
if [ ${#selected[@]} -eq 0 ]; then
    echo "no benchmark matches '$filter'" >&2
    exit 2
fi
alternation=$(IFS='|'; echo "${selected[*]}")

# ---- Go ----
if ! command -v go >/dev/null 2>&1; then
    echo "go not found; installing golang-go with apt-get" >&2
    sudo_cmd=''
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=sudo; fi
    $sudo_cmd apt-get update -q >&2
    $sudo_cmd apt-get install -y -q golang-go >&2
fi
goroot=$(go env GOROOT)
gocache=$(go env GOCACHE)
if ! mkdir -p "$gocache" 2>/dev/null || [ ! -w "$gocache" ]; then
    # Testing a standard package writes only to the build cache, never to GOROOT; a read-only home gets a temp cache.
    export GOCACHE=$work/gocache
fi
echo "== Go $(go env GOVERSION): sync.Map benchmarks, -cpu $cpus -benchtime $duration" >&2
(cd "$goroot/src/sync" && go test -run NONE -count 1 -cpu "$cpus" -benchtime "$duration" \
    -bench "^Benchmark($alternation)\$/^\\*sync\\.Map\$" .) | tee "$work/go.txt" >&2
# Lines look like: BenchmarkLoadMostlyHits/*sync.Map-2   4387162   88.45 ns/op
awk '$1 ~ /^Benchmark.*\/\*sync\.Map(-[0-9]+)?$/ && $4 == "ns/op" {
        name = $1; sub(/^Benchmark/, "", name); sub(/\/.*/, "", name); print name, $3 }' "$work/go.txt" > "$work/go.ns"

# ---- Java ----
if [ ! -f "$jar" ]; then
    echo "== building $jar" >&2
    (cd "$repo" && mvn -B -q -pl perf -am package -DskipTests) >&2
fi
echo "== Java: GoSyncMapBenchmark, -t $cpus -wi $warmups -w $duration -i $iterations -r $duration" >&2
java -jar "$jar" "io\\.gomap\\.perf\\.GoSyncMapBenchmark\\.($alternation)\$" -f 1 -t "$cpus" \
    -wi "$warmups" -w "$duration" -i "$iterations" -r "$duration" -tu us -bm thrpt \
    -rf csv -rff "$work/java.csv" >&2
# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"; score in ops/us summed
# over threads, so ns/op = 1000 / score.
awk -F, 'NR > 1 && $5 > 0 { name = $1; gsub(/"/, "", name); sub(/.*\./, "", name); print name, 1000 / $5 }' \
    "$work/java.csv" > "$work/java.ns"

# ---- Table ----
{
    echo "| benchmark | ns/op Go $(go env GOVERSION) (*sync.Map) | ns/op Java (SyncMap) | Java/Go |"
    echo "|---|---:|---:|---:|"
    for s in "${selected[@]}"; do
        g=$(awk -v n="$s" '$1 == n { print $2 }' "$work/go.ns")
        j=$(awk -v n="$s" '$1 == n { print $2 }' "$work/java.ns")
        awk -v n="$s" -v g="$g" -v j="$j" 'BEGIN {
            gs = (g == "") ? "n/a" : sprintf("%.1f", g)
            js = (j == "") ? "n/a" : sprintf("%.1f", j)
            rs = (g == "" || j == "") ? "n/a" : sprintf("%.2f", j / g)
            printf "| %s | %s | %s | %s |\n", n, gs, js, rs }'
    done
    echo
    echo "Go: -cpu $cpus -benchtime $duration -count 1. Java: JMH -f 1 -t $cpus -wi $warmups -w $duration -i $iterations -r $duration; ns/op = 1000 / (total ops/us over all threads). Java/Go above 1 means Java is slower."
} | tee "$work/table.md"
if [ -n "$out" ]; then cp "$work/table.md" "$out"; fi
