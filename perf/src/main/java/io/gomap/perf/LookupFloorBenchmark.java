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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast a lookup in Go's bucket layout can be on this JVM: {@link #bucketFloor} is the hit path of
 * {@code GoMap.get} and nothing else, beside {@link GoMap} itself and {@link HashMap} in the same fork setup, on the
 * keys and lookup order of {@link GoMapVsHashMapBenchmark#getHit}; {@link #bucketFloorMiss} and its two neighbours do
 * the same for keys that are absent.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar LookupFloor -f 2}. The ratio of {@code hashMap} to
 * {@code bucketFloor} (of {@code hashMapMiss} to {@code bucketFloorMiss}) bounds what any faithful port of Go's map
 * can reach against {@code HashMap.get} on a hit (on a miss).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupFloorBenchmark {

    /*
     * Overview:
     *
     * The floor is a bucket array as GoMap lays it out after the same fill (2^B buckets, B the smallest that holds
     * the keys at load factor 6.5; one long of eight tophash bytes per bucket; key and value side by side in one
     * Object[]), held directly in this state's fields, and a lookup that only hashes the key as GoMap does, matches
     * the bucket's tophash word (the same SWAR test) and compares the candidates' keys by identity. It has no
     * overflow chain, no growth in progress, no empty-map test, no detector and no equals: everything GoMap.get does
     * beyond the layout itself is left out. A key whose bucket is full is left out of the floor's table (under 1% of
     * them here, looked up as misses, which only flatters the floor). A miss in the floor ends after the bucket's
     * candidates, without the test for an emptyRest slot that GoMap needs before it may skip the overflow chain.
     *
     * Reading guide: parameters and state, setup, then the floor's lookup, then the benchmarks: three hits, then
     * three misses.
     */

    /* ---- Parameters and state ---- */

    /** Number of entries. */
    @Param({"1000", "1000000"})
    public int size;

    private static final long SEED = 0x5EED_601DL;   // the key set of GoMapVsHashMapBenchmark
    private static final int GOLDEN = 0x9E37_79B9;   // GoMap's hash multiplier (io.gomap.core.Hashing)
    private static final long LSB = 0x0101_0101_0101_0101L;
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final int MIN_TOPHASH = 5;        // GoMap's smallest tophash of a filled slot

    /** The floor's tophash words, one per bucket. */
    private long[] tophash;

    /** The floor's keys and values: sixteen references per bucket, key then value. */
    private Object[] kv;

    /** 2^B - 1. */
    private int bucketMask;

    /** Stands for GoMap's per-map seed. */
    private int seed;

    private Map<Integer, Integer> goMap;
    private Map<Integer, Integer> hashMap;

    /** Present keys in shuffled order; length is a power of two. */
    Integer[] hits;

    /** Keys absent from all three tables, as many as {@link #hits}. */
    Integer[] misses;

    /** Position of the next lookup. */
    private int cursor;

    /* ---- Setup ---- */

    @Setup
    public void setUp() {
        Random random = new Random(SEED);
        Set<Integer> seen = new HashSet<>();
        Integer[] keys = Workload.keys(size, random, seen);
        hits = Workload.spread(keys, random);
        seed = random.nextInt();
        misses = Workload.keys(hits.length, random, seen);
        goMap = new GoMap<>(0, DetectorMode.OFF);
        hashMap = new HashMap<>();
        int log2 = 0;
        while (size > 6.5 * (1 << log2)) {
            log2++;
        }
        tophash = new long[1 << log2];
        kv = new Object[16 << log2];
        bucketMask = (1 << log2) - 1;
        for (Integer key : keys) {
            goMap.put(key, key);
            hashMap.put(key, key);
            int h = hash(key);
            int b = h & bucketMask;
            int filled = (71 - Long.numberOfLeadingZeros(tophash[b])) >>> 3; // slots fill from 0, none zero
            if (filled < 8) {
                tophash[b] |= (long) top(h) << (filled << 3);
                kv[(b << 4) + (filled << 1)] = key;
                kv[(b << 4) + (filled << 1) + 1] = key;
            }
        }
    }

    /* ---- The floor's lookup ---- */

    private int hash(Object key) {
        int x = (key.hashCode() ^ seed) * GOLDEN;
        return x ^ (x >>> 16);
    }

    private static int top(int hash) {
        int top = hash >>> 24;
        return top < MIN_TOPHASH ? top + MIN_TOPHASH : top;
    }

    /** The value of {@code key} in the floor's table, or null. */
    Object floorGet(Object key) {
        int h = hash(key);
        int b = h & bucketMask;
        long x = tophash[b] ^ (top(h) * LSB);
        Object[] slots = kv;
        for (long m = (x - LSB) & ~(x | LOW7); m != 0; m &= m - 1) {
            int i = (b << 4) + (Long.numberOfTrailingZeros(m) >>> 2) - 1;
            if (slots[i] == key) {
                return slots[i + 1];
            }
        }
        return null;
    }

    /* ---- Benchmarks ---- */

    /** A hit with Go's bucket layout and nothing else. */
    @Benchmark
    public Object bucketFloor() {
        return floorGet(hits[cursor++ & (hits.length - 1)]);
    }

    /** The same hit in GoMap (detector OFF). */
    @Benchmark
    public Integer goMap() {
        return goMap.get(hits[cursor++ & (hits.length - 1)]);
    }

    /** The same hit in HashMap. */
    @Benchmark
    public Integer hashMap() {
        return hashMap.get(hits[cursor++ & (hits.length - 1)]);
    }

    /** A miss with Go's bucket layout and nothing else. */
    @Benchmark
    public Object bucketFloorMiss() {
        return floorGet(misses[cursor++ & (misses.length - 1)]);
    }

    /** The same miss in GoMap (detector OFF). */
    @Benchmark
    public Integer goMapMiss() {
        return goMap.get(misses[cursor++ & (misses.length - 1)]);
    }

    /** The same miss in HashMap. */
    @Benchmark
    public Integer hashMapMiss() {
        return hashMap.get(misses[cursor++ & (misses.length - 1)]);
    }
}
