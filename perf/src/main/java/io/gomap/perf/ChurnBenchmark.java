package io.gomap.perf;

import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Deletes and what they leave behind. The map is filled with {@code 2 * size} keys and then every other one is
 * removed, leaving {@code size} live keys and {@code size} deleted ones (tombstones in GoMap's buckets, expunged
 * cells in SyncMap's read snapshot). {@code lookupAfterChurn} then only reads, half hits and half misses on deleted
 * keys; {@code churn} keeps deleting and re-inserting: each operation removes its key and, if the key was absent,
 * puts it back, so half the operations delete and half insert.
 *
 * <p>Throughput in operations per microsecond, summed over threads. Two threads by default; {@code -t 1} for one.
 * Run: {@code java -jar perf/target/benchmarks.jar Churn}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class ChurnBenchmark {

    /*
     * Overview:
     *
     * `keys` holds 2 * size distinct keys; after setup the map holds exactly those at even positions, and has seen
     * those at odd positions inserted, settled (in SyncMap's case promoted to the read snapshot) and removed, then
     * settled again, and moved to the old generation (Workload.tenure, as a long-lived map is). Threads walk their
     * own index sequences over all 2 * size positions. The map is built once per trial: lookupAfterChurn never
     * changes it, and churn keeps it at about size live keys, since a key flips between present and absent each time
     * it is drawn.
     *
     * Reading guide: parameters, state and setup, the thread state, the benchmarks.
     */

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Number of live keys, and of deleted ones. */
    @Param({"1000", "1000000"})
    public int size;

    /** How keys are chosen: {@value Workload#UNIFORM} or {@value Workload#ZIPF}. */
    @Param({Workload.UNIFORM, Workload.ZIPF})
    public String distribution;

    /** Live keys at even positions, deleted keys at odd positions. */
    private Integer[] keys;

    /** The shared map. */
    private Map<Integer, Integer> map;

    /** Fills with 2 * size keys, settles, removes every other one, settles again. */
    @Setup(Level.Trial)
    public void setUp() {
        keys = Workload.keys(2 * size, Workload.SEED);
        map = Contender.parse(impl).create(2 * size);
        for (Integer key : keys) {
            map.put(key, key);
        }
        Workload.settle(map, keys.length);   // SyncMap: all keys reach the read snapshot, so deletes leave cells
        for (int i = 1; i < keys.length; i += 2) {
            map.remove(keys[i]);
        }
        Workload.settle(map, keys.length);
        Workload.tenure();
    }

    /** One thread's walk over all positions. */
    @State(Scope.Thread)
    public static class Walk {

        /** Indices into the keys; length is a power of two. */
        int[] indices;

        /** Position of the next index; wraps with a mask. */
        int cursor;

        @Setup(Level.Trial)
        public void setUp(ChurnBenchmark bench, ThreadParams thread) {
            indices = Workload.indices(bench.distribution, 2 * bench.size,
                    Workload.SEED + 1 + thread.getThreadIndex());
        }

        /** The next key of this walk. */
        Integer next(Integer[] keys) {
            return keys[indices[cursor++ & (indices.length - 1)]];
        }
    }

    /** A get of a live key or of a deleted one, over a map that no longer changes. */
    @Benchmark
    public Integer lookupAfterChurn(Walk walk) {
        return map.get(walk.next(keys));
    }

    /** Removes the key, or puts it back if it was absent. */
    @Benchmark
    public Integer churn(Walk walk) {
        Integer key = walk.next(keys);
        Integer removed = map.remove(key);
        return removed != null ? removed : map.put(key, key);
    }
}
