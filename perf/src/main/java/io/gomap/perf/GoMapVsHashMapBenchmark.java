package io.gomap.perf;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-threaded JMH comparison of {@link GoMap} against {@link HashMap} with {@code Integer} keys, and the cost of
 * GoMap's concurrent-misuse detector: GoMap runs with each {@link DetectorMode} ({@code OFF}, {@code BEST_EFFORT},
 * {@code STRICT}), so comparing the GoMap rows of one operation gives the detector's price.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar GoMapVsHashMap}. Each combination of
 * {@code impl} and {@code size} runs in its own fork, so the map call site in each benchmark method only ever sees
 * one map class and is compiled as it would be in an application that uses a single map type.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GoMapVsHashMapBenchmark {

    /*
     * Overview:
     *
     * The map holds exactly `size` distinct pre-boxed Integer keys drawn from a seeded Random, each mapped to itself,
     * so no benchmark allocates and no key comes from Integer's small-value cache. Lookups walk `hits` or `misses`,
     * arrays whose length is a power of two at least `size`; the cursor is advanced and masked with `mask`, so the
     * index computation is one add and one and, never a division. `hits` holds every key at least once, in shuffled
     * order, so successive lookups touch unrelated buckets as in a real workload; `misses` holds distinct keys that
     * are absent from the map. `put` overwrites an existing key with its own value, so the map's size and layout stay
     * fixed across invocations; `remove` takes a present key out and puts it straight back, so the size stays fixed and
     * each invocation times one remove and one put; `putNew` fills a fresh map without a size hint with every key, so
     * it times inserts of new keys including all the growth they cause (the time is for the whole fill); `putNewSized`
     * fills a fresh map created with the key count as its size hint, so it times the same inserts without any growth,
     * and the difference between the two is what growing costs; `putAll` copies a HashMap of every key into a fresh
     * map created without a hint, as `new HashMap<>(); putAll(source)` code does (the copy sizes an empty map first).
     * Every benchmark returns its result so JMH sinks it into a Blackhole.
     *
     * The setup ends with a full collection, which moves the map, its keys and the key arrays into the old
     * generation, where a long-lived map lives in an application. Without it, whatever the fill left in the young
     * generation stayed there for the whole trial (nothing allocates afterwards, so no collection ran), and G1's write
     * barrier skips stores into young objects: a HashMap whose nodes happened to stay young paid no barrier on put,
     * while GoMap's slot array, large enough to be allocated in the old generation from the start, paid it in full.
     *
     * Reading guide: parameters and state, then setup, then the benchmarks in the order getHit, getMiss, put,
     * putNew, putNewSized, putAll, remove, replaceAll, iterate, iterateEntries.
     */

    /* ---- Parameters and state ---- */

    /** Number of entries in the map. */
    @Param({"1000", "1000000"})
    public int size;

    /** Map under test: GoMap with the named detector mode, or java.util.HashMap. */
    @Param({"GoMap-OFF", "GoMap-BEST_EFFORT", "GoMap-STRICT", "HashMap"})
    public String impl;

    private static final long SEED = 0x5EED_601DL;   // fixed seed so every fork measures the same key set

    /** The map being measured; filled once per trial and never resized afterwards. */
    private Map<Integer, Integer> map;

    /** The map's keys, in the order they were put. */
    private Integer[] keys;

    /** Present keys in shuffled order; length is a power of two. */
    private Integer[] hits;

    /** Absent keys; same length as {@link #hits}. */
    private Integer[] misses;

    /** Length of {@link #hits} minus one, used to wrap {@link #cursor} without division. */
    private int mask;

    /** Position of the next lookup; wraps through {@link #mask}. */
    private int cursor;

    /** Accumulator for {@link #iterate()}; reset at the start of every invocation. */
    private long sum;

    /* ---- Setup ---- */

    /** Builds the key arrays and fills the map under test. */
    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(SEED);
        Set<Integer> seen = new HashSet<>();
        keys = Workload.keys(size, random, seen);
        hits = Workload.spread(keys, random);
        mask = hits.length - 1;
        misses = Workload.keys(hits.length, random, seen);
        map = newMap(impl);
        for (Integer key : keys) {
            map.put(key, key);
        }
        cursor = 0;
        Workload.tenure();
    }

    /** Creates an empty map of the named kind, without a size hint, as an application would. */
    private static Map<Integer, Integer> newMap(String impl) {
        return newMap(impl, 0);
    }

    /**
     * Creates an empty map of the named kind that holds {@code hint} entries without growing, or, for 0, one made
     * without a hint: GoMap's hint is the entry count (Go's {@code make(map[K]V, hint)}); {@code HashMap}'s is a
     * capacity, so it gets {@code hint / 0.75} rounded up (what JDK 19's {@code HashMap.newHashMap} computes).
     */
    private static Map<Integer, Integer> newMap(String impl, int hint) {
        switch (impl) {
            case "GoMap-OFF":
                return new GoMap<>(hint, DetectorMode.OFF);
            case "GoMap-BEST_EFFORT":
                return new GoMap<>(hint, DetectorMode.BEST_EFFORT);
            case "GoMap-STRICT":
                return new GoMap<>(hint, DetectorMode.STRICT);
            case "HashMap":
                return hint == 0 ? new HashMap<>() : new HashMap<>((int) Math.ceil(hint / 0.75));
            default:
                throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    /* ---- Benchmarks ---- */

    /** Looks up a key that is present. */
    @Benchmark
    public Integer getHit() {
        return map.get(hits[cursor++ & mask]);
    }

    /** Looks up a key that is absent. */
    @Benchmark
    public Integer getMiss() {
        return map.get(misses[cursor++ & mask]);
    }

    /** Overwrites the value of a present key with the same value. */
    @Benchmark
    public Integer put() {
        Integer key = hits[cursor++ & mask];
        return map.put(key, key);
    }

    /** Puts every key into a fresh map created without a size hint; the time is for the whole fill. */
    @Benchmark
    public int putNew() {
        Map<Integer, Integer> m = newMap(impl);
        for (Integer key : keys) {
            m.put(key, key);
        }
        return m.size();
    }

    /** Puts every key into a fresh map sized for them; the time is for the whole fill, which never grows the map. */
    @Benchmark
    public int putNewSized() {
        Map<Integer, Integer> m = newMap(impl, keys.length);
        for (Integer key : keys) {
            m.put(key, key);
        }
        return m.size();
    }

    /**
     * A HashMap of every key, mapped to itself: what {@link #putAll} copies. A state of its own, so that only putAll's
     * trials build it and the other benchmarks' heap holds nothing they do not use. JMH runs the benchmark's setup
     * first, which this one reads the keys from.
     */
    @State(Scope.Thread)
    public static class Source {
        Map<Integer, Integer> map;

        @Setup(Level.Trial)
        public void setUp(GoMapVsHashMapBenchmark bench) {
            map = new HashMap<>();
            for (Integer key : bench.keys) {
                map.put(key, key);
            }
            Workload.tenure();
        }
    }

    /** Copies a HashMap of every key into a fresh map created without a size hint; the time is for the whole copy. */
    @Benchmark
    public int putAll(Source source) {
        Map<Integer, Integer> m = newMap(impl);
        m.putAll(source.map);
        return m.size();
    }

    /** Removes a present key and puts it back, so the map keeps its size; times one remove plus one put. */
    @Benchmark
    public Integer remove() {
        Integer key = hits[cursor++ & mask];
        map.remove(key);
        return map.put(key, key);
    }

    /** Replaces every value by itself with replaceAll, so the map stays as it is; the time is for the whole map. */
    @Benchmark
    public Map<Integer, Integer> replaceAll() {
        map.replaceAll((key, value) -> value);
        return map;
    }

    /** Visits every entry with forEach and sums the values; the time is for the whole map. */
    @Benchmark
    public long iterate() {
        sum = 0;
        map.forEach((key, value) -> sum += value);
        return sum;
    }

    /**
     * Sums the values through a sequential stream of the values view (its spliterator); the time is for the whole
     * map.
     */
    @Benchmark
    public long stream() {
        return map.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Walks the entry set with a for-each loop (an Iterator) and sums the values; the time is for the whole map. */
    @Benchmark
    public long iterateEntries() {
        long total = 0;
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
            total += e.getValue();
        }
        return total;
    }
}
