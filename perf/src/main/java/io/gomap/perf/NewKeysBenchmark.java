package io.gomap.perf;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Ever-new keys, SyncMap's worst case: every operation stores a key the map has never held. Each iteration starts
 * from an empty map and every thread stores its own {@value #KEYS_PER_THREAD} fresh keys, so with two threads the
 * map grows from empty to about two million entries through every resize.
 *
 * <p>Single-shot mode: one invocation is one thread's whole run of stores, and the score is divided by
 * {@value #KEYS_PER_THREAD}, so it reads as nanoseconds per store for each thread while the other threads store too.
 * {@code -w}/{@code -r} do not apply; {@code -wi}/{@code -i} set how many maps are built. Run:
 * {@code java -jar perf/target/benchmarks.jar NewKeys -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class NewKeysBenchmark {

    /*
     * Overview:
     *
     * Fresh keys are pre-boxed once per trial, distinct across threads: thread t owns positions
     * [t * KEYS_PER_THREAD, (t + 1) * KEYS_PER_THREAD). The map is created empty at every iteration, which in
     * single-shot mode is every invocation, so no run ever sees a key already present and memory is bounded by one
     * map of threads * KEYS_PER_THREAD entries. `put` only stores; `putThenGet` reads each key back right after
     * storing it, which for SyncMap means a lookup in its recent level (a second probe, no lock); its stores take
     * the lock, and every time the recent level is full the next store copies it and the snapshot into a new
     * snapshot.
     *
     * Reading guide: constants, parameters, setup, the benchmarks.
     */

    static final int KEYS_PER_THREAD = 1 << 20;   // stores per thread per iteration

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Fresh keys of all threads. */
    private Integer[] fresh;

    /** The shared map; created empty at every iteration. */
    private Map<Integer, Integer> map;

    /** Draws every thread's fresh keys once per trial. */
    @Setup(Level.Trial)
    public void setUpKeys(BenchmarkParams params) {
        fresh = Workload.keys(params.getThreads() * KEYS_PER_THREAD, Workload.SEED);
    }

    /** Starts each iteration from an empty map. */
    @Setup(Level.Iteration)
    public void setUpMap() {
        map = null;   // let the last iteration's map go before creating the next
        map = Contender.parse(impl).create(fresh.length);
    }

    /** Where this thread's fresh keys start. */
    @State(Scope.Thread)
    public static class Slice {

        /** First position of this thread's keys in {@link #fresh}. */
        int base;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            base = thread.getThreadIndex() * KEYS_PER_THREAD;
        }
    }

    /** Stores each of this thread's fresh keys once. */
    @Benchmark
    @OperationsPerInvocation(KEYS_PER_THREAD)
    public Integer put(Slice slice) {
        Integer last = null;
        for (int i = slice.base, end = slice.base + KEYS_PER_THREAD; i < end; i++) {
            Integer key = fresh[i];
            last = map.put(key, key);
        }
        return last;
    }

    /** Stores each of this thread's fresh keys once and reads it straight back. */
    @Benchmark
    @OperationsPerInvocation(KEYS_PER_THREAD)
    public int putThenGet(Slice slice) {
        int found = 0;
        for (int i = slice.base, end = slice.base + KEYS_PER_THREAD; i < end; i++) {
            Integer key = fresh[i];
            map.put(key, key);
            if (map.get(key) != null) {
                found++;
            }
        }
        return found;
    }
}
