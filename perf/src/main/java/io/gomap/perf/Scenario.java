package io.gomap.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The named workloads of the README's tables, of {@code perf/run-suite.sh} and of the lab's bench, each defined once:
 * the benchmark method of this suite that runs it, its fixed parameters, its key counts, key distributions and
 * threads, and the maps it compares. Whoever measures a workload builds the JMH options with {@link #options} and
 * prints {@link #definition} beside the figures, so one name never stands for two workloads.
 */
public enum Scenario {

    /*
     * Overview:
     *
     * A scenario is one JMH benchmark method (a @Group name for group benchmarks) with some of its @Param values
     * fixed (`fixed`, e.g. readPercent=90) and the rest chosen from the scenario's lists: `impls` (the rows of its
     * table), `sizes` and `distributions` (its columns; empty when the benchmark has no such parameter). `threads` is
     * what the suite runs it with; the lab may ask for another count and then says so. Figures are ratios to
     * `baseline` on the same size and distribution, as speed: above 1 is faster, whatever JMH's mode. `result`
     * names the secondary result to read (a group's role) or is null for the primary one.
     *
     * Keys, index sequences and filling are Workload's: distinct random pre-boxed Integers, a precomputed walk per
     * thread, maps created without a capacity hint and settled before measuring.
     *
     * Reading guide: the constants, the fields, options and definition, then lookup.
     */

    /** Read-only hits on one shared map. */
    READ_ONLY("read-only hits", ReadWriteMixBenchmark.class, "readWrite", Map.of("readPercent", "100"),
            Sets.SIZES, Sets.BOTH, 2, Sets.CONTENDERS, Sets.CHM, null,
            "all threads get present keys of one map, each thread along its own sequence of key indices;"
                    + " nothing is written"),

    /** Gets with every tenth operation overwriting a present key, all threads over the same keys. */
    READ_90_10("90% read, 10% update", ReadWriteMixBenchmark.class, "readWrite", Map.of("readPercent", "90"),
            Sets.SIZES, Sets.UNIFORM, 2, Sets.CONTENDERS, Sets.CHM, null,
            "all threads share one map's keys, each thread along its own sequence of key indices; every 10th operation"
                    + " of a thread overwrites a present key with itself, the others are gets"),

    /** sync.Map's second case: threads read and overwrite disjoint key sets. */
    DISJOINT_90_10("disjoint keys, 10% update", DisjointKeysBenchmark.class, "readWrite",
            Map.of("readPercent", "90"), Sets.SIZES, Sets.UNIFORM, 2, Sets.CONTENDERS, Sets.CHM, null,
            "thread t of n touches only the keys at positions t mod n of one shared map (sync.Map's second case);"
                    + " every 10th operation of a thread overwrites one of its keys with itself, the others are gets"),

    /** sync.Map's first case: a cache that only grows. */
    GROWING_CACHE("growing cache", GrowingCacheBenchmark.class, "readMostly", Map.of(),
            List.of(1_000), Sets.UNIFORM, 2, Sets.CONTENDERS, Sets.CHM, null,
            "a cache that only grows (sync.Map's first case): 1 operation in 100 fills a fresh key (get, miss,"
                    + " putIfAbsent), half of the rest read one of the thread's last 64 fills, the rest read the"
                    + " initial keys; single shot: each thread runs 2^24 operations on a map rebuilt for the shot with"
                    + " the initial keys, so every map grows by the same 167,772 keys a thread; time per operation"),

    /** Issue 11's growing cache: every read is of a key this thread filled lately. */
    RECENT_READS("cache that keeps growing", RecentReadsBenchmark.class, "readRecent", Map.of(),
            List.of(RecentReads.DEFAULT_SIZE), List.of(), 2, Sets.CONTENDERS, Sets.CHM, null,
            "issue 11's growing cache: each thread fills a new key every 100 operations (get, miss, putIfAbsent) and"
                    + " otherwise reads one of the 1,024 keys it filled last; the map is rebuilt every iteration with"
                    + " its starting keys, each thread's first 1,024 fills among them"),

    /** The time of one store of a new key into a growing map, as a distribution. */
    STORE_LATENCY("store of new keys: latency per call", StoreLatencyBenchmark.class, "store", Map.of(),
            List.of(100_000), List.of(), 2, List.of("SyncMap", Sets.CHM), Sets.CHM, null,
            "each thread stores keys the map has never held (SyncMap.store, put on the others), the map rebuilt"
                    + " every iteration with its starting keys; JMH SampleTime: time per call of a sample of calls,"
                    + " their mean, p99.9 and maximum"),

    /** Every store a key never seen before. */
    NEW_KEYS_PUT("ever-new keys: put", NewKeysBenchmark.class, "put", Map.of(),
            List.of(), List.of(), 2, Sets.CONTENDERS, Sets.CHM, null,
            "each thread stores 2^20 keys no map has held into one map created empty every iteration; single shot,"
                    + " time per store"),

    /** Every store a key never seen before, read back at once. */
    NEW_KEYS_PUT_THEN_GET("ever-new keys: put then get", NewKeysBenchmark.class, "putThenGet", Map.of(),
            List.of(), List.of(), 2, List.of("SyncMap", "ConcurrentHashMap", "Caffeine", "LockedGoMap"), Sets.CHM,
            null, "as ever-new keys: put, and each key is read back right after it is stored"),

    /** Deletes and re-inserts. */
    CHURN("delete/re-insert churn", ChurnBenchmark.class, "churn", Map.of(),
            List.of(1_000), Sets.UNIFORM, 2, Sets.CONTENDERS, Sets.CHM, null,
            "the map has seen 2 x size keys inserted and every other one removed; each operation removes its key,"
                    + " or puts it back if absent"),

    /** Lookups on a map that has deleted half its keys. */
    LOOKUP_AFTER_CHURN("lookups after deleting half", ChurnBenchmark.class, "lookupAfterChurn", Map.of(),
            List.of(1_000_000), Sets.UNIFORM, 2, Sets.CONTENDERS, Sets.CHM, null,
            "the map has seen 2 x size keys inserted and every other one removed; gets over all of them, half hits"
                    + " and half misses on deleted keys"),

    /** Full iteration. */
    ITERATION("full forEach", IterationBenchmark.class, "forEach", Map.of(),
            List.of(1_000_000), List.of(), 2, Sets.CONTENDERS, Sets.CHM, null,
            "every thread walks the whole map with forEach, summing the values; nobody writes; time per walk per"
                    + " thread (the locked maps measure lock starvation more than iteration)"),

    /** Full iteration through an iterator, as most callers walk a map. */
    ENTRY_SET_LOOP("entrySet loop", IterationBenchmark.class, "iterateEntries", Map.of(),
            List.of(1_000_000), List.of(), 2, Sets.CONTENDERS, Sets.CHM, null,
            "every thread walks the whole map with a for-each loop over entrySet(), summing the values; nobody writes;"
                    + " time per walk per thread (the locked maps walk a copy of their entries taken under their lock;"
                    + " Collections.synchronizedMap is walked without its lock, safe only because nobody writes)"),

    /** One reader thread beside one writer thread; the reader's throughput. */
    READ_WHILE_WRITE("one reader beside one writer", ReadWhileWriteBenchmark.class, "readWhileWrite", Map.of(),
            List.of(1_000), Sets.UNIFORM, 0, Sets.CONTENDERS, Sets.CHM, "reader",
            "one thread only gets present keys while another only overwrites them; the reader's throughput"),

    /** Single-threaded GoMap (detector off) against HashMap: lookups of present keys. */
    GOMAP_GET_HIT("GoMap get, hit", GoMapVsHashMapBenchmark.class, "getHit", Map.of(),
            Sets.SIZES, List.of(), 1, Sets.GOMAP_HASHMAP, "HashMap", null,
            "one thread gets present keys in shuffled order"),

    /** Single-threaded GoMap against HashMap: lookups of absent keys. */
    GOMAP_GET_MISS("GoMap get, miss", GoMapVsHashMapBenchmark.class, "getMiss", Map.of(),
            Sets.SIZES, List.of(), 1, Sets.GOMAP_HASHMAP, "HashMap", null,
            "one thread gets absent keys"),

    /** Single-threaded GoMap against HashMap: overwrites. */
    GOMAP_PUT("GoMap put, overwrite", GoMapVsHashMapBenchmark.class, "put", Map.of(),
            Sets.SIZES, List.of(), 1, Sets.GOMAP_HASHMAP, "HashMap", null,
            "one thread overwrites present keys with their own values"),

    /** Single-threaded GoMap against HashMap: remove and put back. */
    GOMAP_REMOVE("GoMap remove and put back", GoMapVsHashMapBenchmark.class, "remove", Map.of(),
            Sets.SIZES, List.of(), 1, Sets.GOMAP_HASHMAP, "HashMap", null,
            "one thread removes a present key and puts it straight back; one operation is both");

    /** Parameter values several scenarios share; a holder, since enum constants cannot read the enum's statics. */
    private static final class Sets {
        static final List<Integer> SIZES = List.of(1_000, 1_000_000);            // in cache, and well beyond it
        static final List<String> UNIFORM = List.of(Workload.UNIFORM);
        static final List<String> BOTH = List.of(Workload.UNIFORM, Workload.ZIPF);
        static final List<String> CONTENDERS =                                   // every Contender, in its order
                Arrays.stream(Contender.values()).map(Contender::displayName).toList();
        static final String CHM = Contender.CONCURRENT_HASH_MAP.displayName();
        static final List<String> GOMAP_HASHMAP = List.of("GoMap-OFF", "HashMap");
    }

    /** Title of the workload's table, row or column. */
    public final String title;

    /** The benchmark class. */
    public final Class<?> benchmark;

    /** The benchmark method, or the group name of a group benchmark. */
    public final String method;

    /** Parameters fixed for this workload, by name. */
    public final Map<String, String> fixed;

    /** Values of the {@code size} parameter the suite runs; empty if the benchmark has none. */
    public final List<Integer> sizes;

    /** Values of the {@code distribution} parameter the suite runs; empty if the benchmark has none. */
    public final List<String> distributions;

    /** Threads the suite runs; 0 for a group benchmark, whose threads its roles fix. */
    public final int threads;

    /** Values of the {@code impl} parameter, in table order. */
    public final List<String> impls;

    /** The {@code impl} every other is compared with. */
    public final String baseline;

    /** Name of the secondary result reported (a group role), or null for the primary result. */
    public final String result;

    /** What the threads do, one sentence without a final period. */
    public final String description;

    Scenario(String title, Class<?> benchmark, String method, Map<String, String> fixed, List<Integer> sizes,
             List<String> distributions, int threads, List<String> impls, String baseline, String result,
             String description) {
        this.title = title;
        this.benchmark = benchmark;
        this.method = method;
        this.fixed = fixed;
        this.sizes = sizes;
        this.distributions = distributions;
        this.threads = threads;
        this.impls = impls;
        this.baseline = baseline;
        this.result = result;
        this.description = description;
    }

    /* ---- JMH ---- */

    /** The JMH benchmark name, as {@link BenchmarkParams#getBenchmark()} reports it. */
    public String benchmarkName() {
        return benchmark.getName() + "." + method;
    }

    /** Options that run this workload with the suite's sizes, distributions and threads; add iterations and forks. */
    public ChainedOptionsBuilder options() {
        return options(impls, sizes, distributions, threads);
    }

    /**
     * Options that run this workload for the given maps, sizes and distributions (each ignored where the benchmark has
     * no such parameter) at the given threads (ignored for a group benchmark), with its fixed parameters; the caller
     * adds iterations and forks.
     */
    public ChainedOptionsBuilder options(List<String> impls, List<Integer> sizes, List<String> distributions,
                                         int threads) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmarkName()) + "$")
                .param("impl", impls.toArray(String[]::new));
        fixed.forEach(b::param);
        if (!this.sizes.isEmpty()) {
            b.param("size", sizes.stream().map(String::valueOf).toArray(String[]::new));
        }
        if (!this.distributions.isEmpty()) {
            b.param("distribution", distributions.toArray(String[]::new));
        }
        if (this.threads > 0) {
            b.threads(threads);
        }
        return b;
    }

    /** The equivalent {@code benchmarks.jar} arguments, for a reader to rerun it; iterations and forks left out. */
    public String command(List<Integer> sizes, List<String> distributions, int threads) {
        List<String> words = new ArrayList<>();
        words.add("'" + benchmark.getSimpleName() + "\\." + method + "$'");
        fixed.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> words.add("-p " + e.getKey() + "=" + e.getValue()));
        if (!this.sizes.isEmpty()) {
            words.add("-p size=" + sizes.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (!this.distributions.isEmpty()) {
            words.add("-p distribution=" + String.join(",", distributions));
        }
        words.add("-p impl=" + String.join(",", impls));
        if (this.threads > 0) {
            words.add("-t " + threads);
        }
        return String.join(" ", words);
    }

    /* ---- Definition ---- */

    /** The definition as the suite runs it. */
    public String definition() {
        return definition(sizes, distributions, threads);
    }

    /**
     * The workload at the given sizes, distributions and threads, in a few sentences: what the threads do, the keys,
     * the distribution, the threads and what the figures are compared with; {@link #command} gives the JMH arguments.
     */
    public String definition(List<Integer> sizes, List<String> distributions, int threads) {
        List<String> parts = new ArrayList<>();
        if (!this.sizes.isEmpty()) {
            parts.add(sizes.stream().map(Scenario::count).collect(Collectors.joining(" and ")) + " keys");
        }
        if (!this.distributions.isEmpty()) {
            parts.add(String.join(" and ", distributions) + " choice of keys");
        }
        StringBuilder b = new StringBuilder(description).append(". ").append(String.join(", ", parts));
        b.append(parts.isEmpty() ? "" : "; ");
        b.append(this.threads == 0 ? result + " role of 1 reader and 1 writer thread"
                : threads == 1 ? "1 thread" : threads + " threads");
        return b.append("; ratios to ").append(baseline).toString();
    }

    /** A key count as the tables print it: 1K, 1M, or the digits. */
    public static String count(int n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "K";
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    /* ---- Lookup ---- */

    /**
     * The scenario a JMH run belongs to: same benchmark and the scenario's fixed parameters.
     *
     * @throws IllegalArgumentException if no scenario matches
     */
    public static Scenario of(BenchmarkParams params) {
        for (Scenario s : values()) {
            if (s.benchmarkName().equals(params.getBenchmark())
                    && s.fixed.entrySet().stream().allMatch(e -> e.getValue().equals(params.getParam(e.getKey())))) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario for " + params.getBenchmark() + " " + params.getParamsKeys()
                .stream().map(k -> k + "=" + params.getParam(k)).collect(Collectors.joining(", ")));
    }

    /**
     * The scenario of the given constant name, ignoring case.
     *
     * @throws IllegalArgumentException if none has that name; the message lists them
     */
    public static Scenario parse(String name) {
        Objects.requireNonNull(name, "name");
        for (Scenario s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; valid: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
