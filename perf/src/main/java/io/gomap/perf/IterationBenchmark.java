package io.gomap.perf;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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

/**
 * Full iteration: every thread walks the whole map and sums the values, while no one writes: with {@code forEach},
 * with a sequential stream of {@code values()}, which traverses through the view's spliterator, or with a for-each
 * loop over {@code entrySet()}, an iterator's {@code hasNext()} and {@code next()} per entry.
 *
 * <p>Average time per full walk, in microseconds, for each thread. Two threads by default; {@code -t 1} for one.
 * Run: {@code java -jar perf/target/benchmarks.jar Iteration}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class IterationBenchmark {

    /*
     * Overview:
     *
     * The map holds `size` keys mapped to themselves, filled, settled and moved to the old generation
     * (Workload.tenure, as a long-lived map is) once per trial, and never changed. Each thread sums into its own Sum
     * state through a BiConsumer created once, so a forEach walk allocates nothing beyond what the map's forEach
     * itself allocates; a stream walk allocates its pipeline (a few objects per walk) as any caller's stream does.
     *
     * Reading guide: parameters, setup, the thread state, the benchmarks.
     */

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Number of entries. */
    @Param({"1000", "1000000"})
    public int size;

    /** The shared map, never written after setup. */
    private Map<Integer, Integer> map;

    @Setup(Level.Trial)
    public void setUp() {
        map = Workload.filled(impl, size, Workload.keys(size, Workload.SEED));
        Workload.tenure();
    }

    /** One thread's running sum. */
    @State(Scope.Thread)
    public static class Sum implements BiConsumer<Integer, Integer> {

        /** Sum of the values visited in the current walk. */
        long total;

        @Override
        public void accept(Integer key, Integer value) {
            total += value;
        }
    }

    /** Visits every entry; the time is for the whole map. */
    @Benchmark
    public long forEach(Sum sum) {
        sum.total = 0;
        map.forEach(sum);
        return sum.total;
    }

    /**
     * Sums the values through a sequential stream of the values view (its spliterator); the time is for the whole
     * map.
     */
    @Benchmark
    public long stream() {
        return map.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * Sums the values in a for-each loop over the entry set, as most callers walk a map; the time is for the whole
     * map. {@code Collections.synchronizedMap} is walked without its lock, which is safe here only because no one
     * writes; the locked maps of this module walk a copy of their entries taken under their lock.
     */
    @Benchmark
    public long iterateEntries() {
        long total = 0;
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
            total += e.getValue();
        }
        return total;
    }
}
