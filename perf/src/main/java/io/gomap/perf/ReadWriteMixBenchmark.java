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
 * Threads sharing one map of {@code size} keys, each looking keys up and, {@code 100 - readPercent} percent of the
 * time, overwriting an existing key: read-only hits ({@code readPercent = 100}), 99/1 and 90/10. No key is ever added
 * or removed, so the map's size is fixed.
 *
 * <p>Throughput in operations per microsecond, summed over threads. Two threads by default; {@code -t 1} for one.
 * Run: {@code java -jar perf/target/benchmarks.jar ReadWriteMix -p impl=SyncMap,ConcurrentHashMap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class ReadWriteMixBenchmark {

    /*
     * Overview:
     *
     * The map holds every key of `keys` mapped to itself, filled and settled (SyncMap promoted) once per trial. Each
     * thread walks its own precomputed index sequence (uniform or Zipfian, seeded by thread index) with a private
     * cursor, and counts down `untilUpdate`: when it reaches zero the operation is a put of the key onto itself and
     * the countdown restarts at `updateEvery`, otherwise the operation is a get. With readPercent = 100,
     * updateEvery is zero and no put ever happens. Keys are pre-boxed, so nothing is allocated in the loop. The setup
     * ends with a full collection (Workload.tenure), so every map lives in the old generation, as a long-lived map
     * does, and pays G1's write barrier on its puts (a store into a young object skips it).
     *
     * Reading guide: parameters, state, setup, the thread state, the benchmark.
     */

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Number of keys in the map. */
    @Param({"1000", "1000000"})
    public int size;

    /** How keys are chosen: {@value Workload#UNIFORM} or {@value Workload#ZIPF}. */
    @Param({Workload.UNIFORM, Workload.ZIPF})
    public String distribution;

    /** Percentage of operations that are reads; the rest overwrite an existing key. Must divide into 100 evenly. */
    @Param({"100", "99", "90"})
    public int readPercent;

    /** The keys, each its own Integer. */
    private Integer[] keys;

    /** The shared map; holds exactly {@link #keys}. */
    private Map<Integer, Integer> map;

    /** Every this many operations one is a put; 0 for read-only. */
    private int updateEvery;

    /** Fills the map and derives {@link #updateEvery}. */
    @Setup(Level.Trial)
    public void setUp() {
        updateEvery = updateEvery(readPercent);
        keys = Workload.keys(size, Workload.SEED);
        map = Workload.filled(impl, size, keys);
        Workload.tenure();
    }

    /** One put every this many operations for the given read percentage; 0 when there are no puts. */
    static int updateEvery(int readPercent) {
        int writePercent = 100 - readPercent;
        if (writePercent < 0 || writePercent > 100 || (writePercent != 0 && 100 % writePercent != 0)) {
            throw new IllegalArgumentException("readPercent must leave a write percentage dividing 100: " + readPercent);
        }
        return writePercent == 0 ? 0 : 100 / writePercent;
    }

    /** One thread's walk through the keys. */
    @State(Scope.Thread)
    public static class Walk {

        /** Indices into the keys; length is a power of two. */
        int[] indices;

        /** Position of the next index; wraps with a mask. */
        int cursor;

        /** Operations left until the next put. */
        int untilUpdate;

        @Setup(Level.Trial)
        public void setUp(ReadWriteMixBenchmark bench, ThreadParams thread) {
            indices = Workload.indices(bench.distribution, bench.size, Workload.SEED + 1 + thread.getThreadIndex());
            untilUpdate = updateEvery(bench.readPercent);
        }
    }

    /** A get, or every {@link #updateEvery} operations a put of an existing key. */
    @Benchmark
    public Integer readWrite(Walk walk) {
        int[] indices = walk.indices;
        Integer key = keys[indices[walk.cursor++ & (indices.length - 1)]];
        if (updateEvery != 0 && --walk.untilUpdate == 0) {
            walk.untilUpdate = updateEvery;
            return map.put(key, key);
        }
        return map.get(key);
    }
}
