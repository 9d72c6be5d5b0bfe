package io.gomap.perf;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Issue 11's growing cache: a map that keeps growing, read mostly where it grew last. The map starts every iteration
 * with {@code size} keys (100,000 by default); each thread fills a new key every {@value RecentReads#WRITE_EVERY}
 * operations, as a cache fill does (a get that misses, then {@code putIfAbsent}), and otherwise reads one of the
 * {@value RecentReads#RECENT} keys it filled last. The workload itself is {@link RecentReads}; the lab's JFR step
 * runs the same code.
 *
 * <p>This is the shape where {@code SyncMap} (Go's {@code sync.Map} design) does worst: every read of a recent key
 * misses its read snapshot and takes the lock until a promotion copies the map. Issue 11 measured it on the project's
 * 2-core machine, on the SyncMap of its day, at 2.7–3.9 ops/µs against 200–230 on {@code ConcurrentHashMap}: under
 * 0.02×; its goal is at least 0.3×, which SyncMap's recent level has since met ({@code Scenario.RECENT_READS} in
 * {@code perf/run-suite.sh}'s figures gives the current ratio). Unlike {@link GrowingCacheBenchmark} (half its reads
 * go to the initial keys, recent means the last 64 fills), every read here is of a recent key.
 *
 * <p>Throughput in operations per microsecond, summed over threads; two threads by default. Run:
 * {@code java -jar perf/target/benchmarks.jar RecentReads -p impl=SyncMap,ConcurrentHashMap -f 2}. Timed for a fixed
 * time, unlike {@link GrowingCacheBenchmark}: the faster map grows further in an iteration, so the ratio of two maps
 * moves with the iteration's length (the README gives how much). The lab's bench runs this workload for
 * {@code --duration}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class RecentReadsBenchmark {

    /*
     * Overview:
     *
     * The map is rebuilt at every iteration and each thread's worker restarts with it, so every iteration sees the
     * same growth from `size` keys; the thread state's iteration setup takes this state as an argument, so JMH runs
     * it after the rebuild. Memory is bounded by RecentReads: a thread's fills wrap after MAX_FILLS.
     *
     * Reading guide: parameters, the map's setup, the thread state, the benchmark.
     */

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Keys the map starts each iteration with; at least 1,024 per thread. */
    @Param({"100000"})
    public int size;

    /** The map and the threads' first fills; rebuilt at every iteration. */
    RecentReads cache;

    /** Rebuilds the map with its initial keys only. */
    @Setup(Level.Iteration)
    public void setUpMap(BenchmarkParams params) {
        cache = null;   // let the last iteration's map go before building the next, so both never share the heap
        cache = RecentReads.start(impl, size, params.getThreads());
    }

    /** One thread's fills and reads. */
    @State(Scope.Thread)
    public static class Reader {

        /** This thread's operations on the current iteration's map. */
        RecentReads.Worker worker;

        /** Restarts with the map rebuilt for this iteration. */
        @Setup(Level.Iteration)
        public void restart(RecentReadsBenchmark bench, ThreadParams thread) {
            worker = bench.cache.worker(thread.getThreadIndex());
        }
    }

    /** A cache fill every 100th operation, otherwise a read of one of this thread's last 1,024 fills. */
    @Benchmark
    public Integer readRecent(Reader reader) {
        return reader.worker.next();
    }
}
