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
 * sync.Map's second intended workload: threads read and overwrite entries of disjoint key sets. The map holds
 * {@code size} keys; thread {@code t} of {@code n} owns the keys whose position is {@code t} modulo {@code n} and
 * touches no other key. {@code 100 - readPercent} percent of operations overwrite an owned key, the rest read one.
 *
 * <p>Throughput in operations per microsecond, summed over threads. Two threads by default; {@code -t 1} for one.
 * Run: {@code java -jar perf/target/benchmarks.jar DisjointKeys}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class DisjointKeysBenchmark {

    /*
     * Overview:
     *
     * As ReadWriteMixBenchmark, except that each thread's walk covers only its own keys, so no two threads ever
     * touch the same entry (they still share the map's structure: tables, locks, counters). The map is filled with
     * all keys, settled and moved to the old generation (Workload.tenure, as a long-lived map is) once per trial;
     * no key is added or removed afterwards.
     *
     * Reading guide: parameters, state, setup, the thread state, the benchmark.
     */

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Number of keys in the map, over all threads. */
    @Param({"1000", "1000000"})
    public int size;

    /** How each thread chooses among its keys: {@value Workload#UNIFORM} or {@value Workload#ZIPF}. */
    @Param({Workload.UNIFORM, Workload.ZIPF})
    public String distribution;

    /** Percentage of operations that are reads; the rest overwrite an owned key. */
    @Param({"90", "50"})
    public int readPercent;

    /** All keys; thread t owns positions t, t + n, t + 2n, ... */
    private Integer[] keys;

    /** The shared map; holds exactly {@link #keys}. */
    private Map<Integer, Integer> map;

    /** Every this many operations one is a put; 0 for read-only. */
    private int updateEvery;

    @Setup(Level.Trial)
    public void setUp() {
        updateEvery = ReadWriteMixBenchmark.updateEvery(readPercent);
        keys = Workload.keys(size, Workload.SEED);
        map = Workload.filled(impl, size, keys);
        Workload.tenure();
    }

    /** One thread's own keys and its walk through them. */
    @State(Scope.Thread)
    public static class OwnKeys {

        /** The keys this thread owns, shared with the map. */
        Integer[] mine;

        /** Indices into {@link #mine}; length is a power of two. */
        int[] indices;

        /** Position of the next index; wraps with a mask. */
        int cursor;

        /** Operations left until the next put. */
        int untilUpdate;

        /** Picks this thread's keys; JMH sets up {@code bench} first, as this method depends on it. */
        @Setup(Level.Trial)
        public void setUp(DisjointKeysBenchmark bench, ThreadParams thread) {
            int n = thread.getThreadCount();
            int t = thread.getThreadIndex();
            mine = new Integer[(bench.size - t + n - 1) / n];
            for (int i = 0; i < mine.length; i++) {
                mine[i] = bench.keys[t + i * n];
            }
            indices = Workload.indices(bench.distribution, mine.length, Workload.SEED + 1 + t);
            untilUpdate = ReadWriteMixBenchmark.updateEvery(bench.readPercent);
        }
    }

    /** A get of an owned key, or every {@link #updateEvery} operations a put of one. */
    @Benchmark
    public Integer readWrite(OwnKeys own) {
        int[] indices = own.indices;
        Integer key = own.mine[indices[own.cursor++ & (indices.length - 1)]];
        if (updateEvery != 0 && --own.untilUpdate == 0) {
            own.untilUpdate = updateEvery;
            return map.put(key, key);
        }
        return map.get(key);
    }
}
