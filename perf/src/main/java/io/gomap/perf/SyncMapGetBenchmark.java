package io.gomap.perf;

import io.gomap.concurrent.SyncMap;
import java.util.HashSet;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * Read-only hits on a {@link SyncMap} and a {@link ConcurrentHashMap} holding the same keys, from two threads: the
 * workload sync.Map is designed for once its keys are written.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar SyncMapGet}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class SyncMapGetBenchmark {

    /** Number of entries in the map. */
    @Param({"1000", "1000000"})
    public int size;

    /** Map under test. */
    @Param({"SyncMap", "ConcurrentHashMap"})
    public String impl;

    private static final long SEED = 0x5EED_601DL;   // fixed seed so every fork measures the same key set

    /** Filled once per trial, then only read. */
    private ConcurrentMap<Integer, Integer> map;

    /** Present keys in shuffled order; length is a power of two. */
    private Integer[] hits;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(SEED);
        Integer[] keys = Workload.keys(size, random, new HashSet<>());
        hits = Workload.spread(keys, random);
        switch (impl) {
            case "SyncMap" -> map = new SyncMap<>();
            case "ConcurrentHashMap" -> map = new ConcurrentHashMap<>();
            default -> throw new IllegalArgumentException("unknown impl: " + impl);
        }
        for (Integer k : keys) {
            map.put(k, k);
        }
        // Promote SyncMap's recent level into its read snapshot, as the first misses of a real run would.
        Workload.settle(map, size);
    }

    /**
     * Each thread walks the shuffled keys from its own cursor, starting at its own share of them: threads that walked
     * the same keys in step would fetch cache lines for each other.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start(SyncMapGetBenchmark bench, ThreadParams thread) {
            next = Workload.threadStart(thread, bench.hits.length);
        }
    }

    @Benchmark
    public Integer getHit(Cursor c) {
        Integer[] h = hits;
        return map.get(h[c.next++ & (h.length - 1)]);
    }
}
