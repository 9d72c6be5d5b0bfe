package io.gomap.perf;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.snapshot.SnapshotMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
 * Read-only hits on a {@link SnapshotMap} and a {@link ConcurrentHashMap} holding the same keys, from two threads:
 * the read path of a snapshot map is one volatile read plus a lookup in an immutable map.
 *
 * <p>Two baselines show where the cost goes: {@code MapCopyOf} reads the kind of immutable map a snapshot holds
 * directly (no volatile read), and {@code GoMap} reads a GoMap filled once and never written, the alternative snapshot
 * representation that SnapshotMap does not use.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar SnapshotMapGet}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class SnapshotMapGetBenchmark {

    /** Number of entries in the map. */
    @Param({"1000", "1000000"})
    public int size;

    /** Map under test. */
    @Param({"SnapshotMap", "ConcurrentHashMap", "MapCopyOf", "GoMap"})
    public String impl;

    private static final long SEED = 0x5EED_601DL;   // fixed seed so every fork measures the same key set

    /** Filled once per trial, then only read. */
    private Map<Integer, Integer> map;

    /** Present keys in shuffled order; length is a power of two. */
    private Integer[] hits;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(SEED);
        Integer[] keys = Workload.keys(size, random, new HashSet<>());
        hits = Workload.spread(keys, random);
        Map<Integer, Integer> contents = new HashMap<>();
        for (Integer k : keys) {
            contents.put(k, k);
        }
        switch (impl) {
            case "SnapshotMap" -> {
                SnapshotMap<Integer, Integer> snapshots = new SnapshotMap<>();
                snapshots.replaceWith(contents);
                map = snapshots;
            }
            case "ConcurrentHashMap" -> map = new ConcurrentHashMap<>(contents);
            case "MapCopyOf" -> map = Map.copyOf(contents);
            case "GoMap" -> {
                GoMap<Integer, Integer> filled = new GoMap<>(size, DetectorMode.OFF);
                filled.putAll(contents);
                map = filled;
            }
            default -> throw new IllegalArgumentException("unknown impl: " + impl);
        }
    }

    /**
     * Each thread walks the shuffled keys from its own cursor, starting at its own share of them: threads that walked
     * the same keys in step would fetch cache lines for each other.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start(SnapshotMapGetBenchmark bench, ThreadParams thread) {
            next = Workload.threadStart(thread, bench.hits.length);
        }
    }

    @Benchmark
    public Integer getHit(Cursor c) {
        Integer[] h = hits;
        return map.get(h[c.next++ & (h.length - 1)]);
    }
}
