package io.gomap.perf;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Two roles on one map: one thread only reads while another only overwrites existing keys, as a reader serving
 * requests beside a thread refreshing values. JMH reports each role's throughput and their sum ({@code -tg 3,1}
 * for three readers and one writer).
 *
 * <p>Throughput in operations per microsecond. Run: {@code java -jar perf/target/benchmarks.jar ReadWhileWrite}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadWhileWriteBenchmark {

    /*
     * Overview:
     *
     * The map holds `size` keys mapped to themselves, filled, settled and moved to the old generation
     * (Workload.tenure, as a long-lived map is) once per trial; the writer only puts keys that are present, so the
     * size never changes. Every thread, reader or writer, walks its own index sequence.
     *
     * Reading guide: parameters, setup, the thread state, the two roles.
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

    /** The keys, each its own Integer. */
    private Integer[] keys;

    /** The shared map; holds exactly {@link #keys}. */
    private Map<Integer, Integer> map;

    @Setup(Level.Trial)
    public void setUp() {
        keys = Workload.keys(size, Workload.SEED);
        map = Workload.filled(impl, size, keys);
        Workload.tenure();
    }

    /** One thread's walk through the keys. */
    @State(Scope.Thread)
    public static class Walk {

        /** Indices into the keys; length is a power of two. */
        int[] indices;

        /** Position of the next index; wraps with a mask. */
        int cursor;

        @Setup(Level.Trial)
        public void setUp(ReadWhileWriteBenchmark bench, ThreadParams thread) {
            indices = Workload.indices(bench.distribution, bench.size, Workload.SEED + 1 + thread.getThreadIndex());
        }

        /** The next key of this walk. */
        Integer next(Integer[] keys) {
            return keys[indices[cursor++ & (indices.length - 1)]];
        }
    }

    /** The reader role: a get of a present key. */
    @Benchmark
    @Group("readWhileWrite")
    @GroupThreads(1)
    public Integer reader(Walk walk) {
        return map.get(walk.next(keys));
    }

    /** The writer role: a put onto a present key. */
    @Benchmark
    @Group("readWhileWrite")
    @GroupThreads(1)
    public Integer writer(Walk walk) {
        Integer key = walk.next(keys);
        return map.put(key, key);
    }
}
