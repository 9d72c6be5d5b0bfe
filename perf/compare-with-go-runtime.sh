#!/usr/bin/env bash
# Runs Go's own runtime map benchmarks (src/runtime/map_benchmark_test.go and the MapAssign/MapDelete families of
# src/runtime/map_test.go of the installed Go) and their Java port io.gomap.perf.GoRuntimeMapBenchmark on GoMap, and
# prints one Markdown table of ns/op on both sides, Java/Go per row, with a note on every row whose comparison cannot
# be fair. The sibling compare-with-go.sh does the same for sync.Map.
#
# Both sides are single-threaded. Go runs each benchmark once (-count 1) for -benchtime; JMH runs avgt in ns/op with
# -f forks of -wi warmups and -i measurement iterations. MapDelete's Java time is per invocation of n deletes and is
# divided by n here.
#
# Usage: perf/compare-with-go-runtime.sh [-t DURATION] [-i ITERATIONS] [-w WARMUPS] [-f FORKS] [-o FILE]
#   -t DURATION    Go's -benchtime and the length of each JMH warmup and measurement iteration (default 1s)
#   -i ITERATIONS  JMH measurement iterations (default 5)
#   -w WARMUPS     JMH warmup iterations (default 3)
#   -f FORKS       JMH forks (default 2)
#   -o FILE        also write the table to FILE
# Needs: java 17 on PATH; go (installed with apt-get if missing); Maven only if perf/target/benchmarks.jar is missing.
set -euo pipefail

duration=1s
iterations=5
warmups=3
forks=2
out=''
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
[[ ${1:-} == --help ]] && { usage; exit 0; }
while getopts 't:i:w:f:o:h' opt; do
    case "$opt" in
        t) duration=$OPTARG ;;
        i) iterations=$OPTARG ;;
        w) warmups=$OPTARG ;;
        f) forks=$OPTARG ;;
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

# Rows in Go's file order, as Go names them (sub-benchmarks with a slash), each with the note the table prints.
rows=(
    "MegMap|"
    "MegOneMap|"
    "MegEqMap|"
    "MegEmptyMap|"
    "SmallStrMap|"
    "MapStringKeysEight_16|"
    "MapStringKeysEight_32|"
    "MapStringKeysEight_64|"
    "MapStringKeysEight_1M|"
    "IntMap|not fair: boxed Integer keys against Go's int64 fast path"
    "MapFirst/8|not fair: boxed Integer keys against Go's int64 fast path"
    "MapFirst/16|not fair: boxed Integer keys against Go's int64 fast path"
    "MapMid/8|not fair: boxed Integer keys against Go's int64 fast path"
    "MapMid/16|not fair: boxed Integer keys against Go's int64 fast path"
    "MapLast/8|not fair: boxed Integer keys against Go's int64 fast path"
    "MapLast/16|not fair: boxed Integer keys against Go's int64 fast path"
    "MapCycle|not fair: boxed keys; the permutation (java.util.Random, not math/rand) differs"
    "RepeatedLookupStrMapKey32|not fair: Java caches String.hashCode, Go hashes the key on every lookup"
    "RepeatedLookupStrMapKey1M|not fair: Java caches String.hashCode, Go hashes 1 MB on every lookup"
    "NewEmptyMap|not fair: Go's map does not escape and lives on the stack; Java's is returned to a Blackhole"
    "NewSmallMap|not fair: Go's map does not escape and lives on the stack; Java's is returned to a Blackhole"
    "MapIter|not fair: boxed Integer keys"
    "MapIterEmpty|"
    "MapPopulate/1|not fair: Go's one-entry map does not escape and lives on the stack (0 allocs/op); boxed Integer keys"
    "MapPopulate/10|not fair: boxed Integer keys (boxed before timing)"
    "MapPopulate/100|not fair: boxed Integer keys (boxed before timing)"
    "MapPopulate/1000|not fair: boxed Integer keys (boxed before timing)"
    "MapPopulate/10000|not fair: boxed Integer keys (boxed before timing)"
    "MapPopulate/100000|not fair: boxed Integer keys (boxed before timing)"
    "MapAssign/Int64/256|not fair: boxed Integer keys against Go's int64 fast path"
    "MapAssign/Int64/65536|not fair: boxed Integer keys against Go's int64 fast path"
    "MapAssign/Str/256|not fair: Java caches String.hashCode, Go hashes the key at every assignment"
    "MapAssign/Str/65536|not fair: Java caches String.hashCode, Go hashes the key at every assignment"
    "MapDelete/Int64/100|not fair: boxed keys; refill outside timing per JMH invocation, divided by n"
    "MapDelete/Int64/1000|not fair: boxed keys; refill outside timing per JMH invocation, divided by n"
    "MapDelete/Int64/10000|not fair: boxed keys; refill outside timing per JMH invocation, divided by n"
    "MapDelete/Str/100|not fair: Java caches String.hashCode, Go hashes at every delete; refill outside timing"
    "MapDelete/Str/1000|not fair: Java caches String.hashCode, Go hashes at every delete; refill outside timing"
    "MapDelete/Str/10000|not fair: Java caches String.hashCode, Go hashes at every delete; refill outside timing"
    "ComplexAlgMap|"
)

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
echo "== Go $(go env GOVERSION): runtime map benchmarks, -benchtime $duration" >&2
(cd "$goroot/src/runtime" && go test -c -o "$work/runtime.test" .) >&2
# Go's -bench splits its pattern at each slash into one pattern per level, so each family runs on its own.
patterns=(
    '^Benchmark(MegMap|MegOneMap|MegEqMap|MegEmptyMap|SmallStrMap|MapStringKeysEight_(16|32|64|1M)|IntMap|MapCycle|RepeatedLookupStrMapKey(32|1M)|NewEmptyMap|NewSmallMap|MapIter|MapIterEmpty|ComplexAlgMap)$'
    '^BenchmarkMap(First|Mid|Last)$/^(8|16)$'
    '^BenchmarkMapPopulate$/^(1|10|100|1000|10000|100000)$'
    '^BenchmarkMapAssign$/^(Int64|Str)$/'
    '^BenchmarkMapDelete$/^(Int64|Str)$/'
)
for p in "${patterns[@]}"; do
    (cd "$goroot/src/runtime" && "$work/runtime.test" -test.run NONE -test.count 1 -test.cpu 1 \
        -test.benchtime "$duration" -test.bench "$p") | tee -a "$work/go.txt" >&2
done
# Lines look like: BenchmarkMapFirst/8   123456789   5.31 ns/op   (with -cpu 1, no -N suffix)
awk '$1 ~ /^Benchmark/ && $4 == "ns/op" { name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name);
        print name, $3 }' "$work/go.txt" > "$work/go.ns"

# ---- Java ----
if [ ! -f "$jar" ]; then
    echo "== building $jar" >&2
    (cd "$repo" && mvn -B -q -pl perf -am package -DskipTests) >&2
fi
echo "== Java: GoRuntimeMapBenchmark, -f $forks -wi $warmups -w $duration -i $iterations -r $duration" >&2
java -jar "$jar" 'io\.gomap\.perf\.GoRuntimeMapBenchmark\.' -f "$forks" -t 1 \
    -wi "$warmups" -w "$duration" -i "$iterations" -r "$duration" -bm avgt -tu ns \
    -rf csv -rff "$work/java.csv" >&2
# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit", then one "Param: x" column
# per parameter (empty where a benchmark has no such parameter). Method MapAssign_Int64 with n=256 becomes
# MapAssign/Int64/256, Go's name; MapDelete's score is for n deletes.
# JMH writes the CSV with CRLF line ends; the carriage return is dropped before the fields are read.
awk -F, '{ sub(/\r$/, "") }
    NR == 1 { for (c = 8; c <= NF; c++) { h = $c; gsub(/"/, "", h); param[c] = h }; next }
    { name = $1; gsub(/"/, "", name); sub(/.*\./, "", name); score = $5
      if (name ~ /^Map(Assign|Delete)_/) sub(/_/, "/", name)
      n = 0
      for (c = 8; c <= NF; c++) { v = $c; gsub(/"/, "", v); if (v != "") { name = name "/" v; if (param[c] == "Param: n") n = v } }
      if (name ~ /^MapDelete\//) score = score / n
      if (score > 0) print name, score }' "$work/java.csv" > "$work/java.ns"

# ---- Table ----
{
    echo "| benchmark | ns/op Go $(go env GOVERSION) | ns/op Java (GoMap) | Java/Go | comparison |"
    echo "|---|---:|---:|---:|---|"
    for row in "${rows[@]}"; do
        name=${row%%|*}
        note=${row#*|}
        g=$(awk -v n="$name" '$1 == n { print $2 }' "$work/go.ns")
        j=$(awk -v n="$name" '$1 == n { print $2 }' "$work/java.ns")
        awk -v n="$name" -v g="$g" -v j="$j" -v note="${note:-fair}" 'BEGIN {
            gs = (g == "") ? "n/a" : sprintf("%.2f", g)
            js = (j == "") ? "n/a" : sprintf("%.2f", j)
            rs = (g == "" || j == "" || g == 0) ? "n/a" : sprintf("%.2f", j / g)
            printf "| %s | %s | %s | %s | %s |\n", n, gs, js, rs, note }'
    done
    echo
    echo "Go: -cpu 1 -benchtime $duration -count 1. Java: JMH -f $forks -t 1 -wi $warmups -w $duration -i $iterations -r $duration, avgt. Java/Go above 1 means Java is slower."
} | tee "$work/table.md"
if [ -n "$out" ]; then cp "$work/table.md" "$out"; fi
