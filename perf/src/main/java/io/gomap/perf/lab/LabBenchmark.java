package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import java.util.Map;
import java.util.Random;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The lab's JMH benchmark: one method per {@link Workload}, one trial per {@link Contender}. {@link BenchLab} runs it
 * with short iterations; it also runs from the benchmarks jar:
 * {@code java -jar perf/target/benchmarks.jar LabBenchmark -p contender=SyncMap,ConcurrentHashMap -t 2}.
 *
 * <p>Throughput in operations per microsecond, summed over all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LabBenchmark {

    /*
     * Overview:
     *
     * The keys are Integers i * SCATTER for i in [0, keys): distinct, because multiplying by an odd constant is a
     * bijection on int, and spread over the whole int range, as hashed ids are. They are inserted in random order,
     * as keys arriving from requests would be, so that no map has each thread's entries side by side in memory
     * because of the fill order: updates from different threads share cache lines as they would in an
     * application. Values are their keys, so an update stores the reference already there; every map does the same
     * work for it and nothing is allocated while measuring. The map is filled once per trial and, before
     * measuring, asked for 2 * keys + 1 absent keys: that promotes SyncMap's dirty map to its lock-free read
     * snapshot, as the first misses of a real run would, and costs the other maps nothing that lasts.
     *
     * Each thread walks a shuffled array whose length is a power of two (keys repeat to fill it) from its own
     * cursor, so the next key costs an increment and a mask. In the disjoint workload the array holds only the
     * thread's own slice of the keys: thread t of n owns indexes [t * keys / n, (t + 1) * keys / n).
     *
     * Reading guide: the parameters, setUp, the Cursor state, then the three benchmark methods.
     */

    /* ---- Parameters and state ---- */

    static final int SCATTER = 0x9E3779B1;    // odd: i -> i * SCATTER is a bijection on int
    static final long SEED = 0x5EED_1AB5L;    // fixed so that every fork measures the same order
    static final int UPDATE_EVERY = 10;       // readMostly: one put per ten operations

    /** Display name of the map under test, as {@link Contender#parse} reads it. */
    @Param({"ConcurrentHashMap"})
    public String contender;

    /** Number of distinct keys in the map. */
    @Param({"100000"})
    public int keys;

    /** Filled in setUp, then shared by all threads; written only by the benchmark methods' puts. */
    private Map<Integer, Integer> map;

    /** All keys, shuffled, repeated up to a power-of-two length; never written after setUp. */
    private Integer[] order;

    /* ---- Setup ---- */

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(SEED);
        map = Contender.parse(contender).create(keys);
        for (Integer k : shuffle(keys(0, keys, keys), random)) {
            map.put(k, k);
        }
        for (int i = keys; i < 3 * keys + 1; i++) {
            map.get(key(i));
        }
        order = walk(0, keys, random);
    }

    /** The i-th key. */
    static Integer key(int i) {
        return i * SCATTER;
    }

    /** Keys with indexes [from, to), shuffled, repeated up to the next power of two. */
    static Integer[] walk(int from, int to, Random random) {
        return shuffle(keys(from, to, Integer.highestOneBit(Math.max(1, to - from - 1)) << 1), random);
    }

    /** An array of {@code length} keys: indexes [from, to), repeated in order as often as fits. */
    private static Integer[] keys(int from, int to, int length) {
        Integer[] k = new Integer[length];
        for (int i = 0; i < length; i++) {
            k[i] = key(from + i % (to - from));
        }
        return k;
    }

    /** Shuffles {@code a} in place (Fisher-Yates) and returns it. */
    private static Integer[] shuffle(Integer[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** A thread's position in the walks; each thread has its own. */
    @State(Scope.Thread)
    public static class Cursor {

        /** Index of the next key in the walk; starts at a different place in each thread. */
        int next;

        /** Operations since readMostly's last put. */
        int tick;

        /** This thread's own keys, for the disjoint workload. */
        Integer[] own;

        @Setup(Level.Trial)
        public void setUp(LabBenchmark bench, ThreadParams thread) {
            int t = thread.getThreadIndex();
            int n = thread.getThreadCount();
            next = t * (bench.order.length / n);
            long from = (long) t * bench.keys / n;
            long to = (long) (t + 1) * bench.keys / n;
            own = walk((int) from, (int) to, new Random(SEED + t));
        }
    }

    /* ---- Workloads ---- */

    @Benchmark
    public Integer readHits(Cursor c) {
        Integer[] o = order;
        return map.get(o[c.next++ & (o.length - 1)]);
    }

    @Benchmark
    public Integer readMostly(Cursor c) {
        Integer[] o = order;
        Integer k = o[c.next++ & (o.length - 1)];
        if (++c.tick == UPDATE_EVERY) {
            c.tick = 0;
            return map.put(k, k);
        }
        return map.get(k);
    }

    @Benchmark
    public Integer disjointKeys(Cursor c) {
        Integer[] o = c.own;
        int i = c.next++;
        Integer k = o[i & (o.length - 1)];
        return (i & 1) == 0 ? map.put(k, k) : map.get(k);
    }
}
