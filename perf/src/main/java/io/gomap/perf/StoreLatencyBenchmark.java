package io.gomap.perf;

import io.gomap.concurrent.SyncMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The time of one store of a new key into a map that keeps growing, as a distribution: mean, p99.9 and maximum, not
 * only the mean. The map starts every iteration with {@code size} keys (100,000 by default) and every call stores a
 * key it has never held ({@code SyncMap.store}, {@code Map.put} for the others), two threads at once. Issue 11 asks
 * for this to show SyncMap's worst case of one call (a store that pays for a merge or a copy of the map) beside its
 * amortized cost; {@code ConcurrentHashMap} resizes by transferring bins, which one store may also have to help with.
 *
 * <p>JMH's {@code SampleTime} mode, nanoseconds per call. JMH prints, per benchmark, the mean ({@code Score}, with its
 * error), then lines {@code ·p0.50} ... {@code ·p0.999} (p99.9), {@code ·p0.9999} and {@code ·p1.00} (the maximum).
 * JMH times a random subset of calls, about 20 a millisecond per thread (every call at first, then every 2nd, 4th,
 * ... as the iteration goes on), so p99.9 rests on tens of thousands of samples per iteration, while the maximum is
 * the longest <em>sampled</em> call: a rare long call (one per doubling of the map) is caught only with the sampling
 * rate's probability, and a maximum far above p99.9 in one fork but not in the other is such a catch. Run:
 * {@code java -jar perf/target/benchmarks.jar StoreLatency -f 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class StoreLatencyBenchmark {

    /*
     * Overview:
     *
     * Keys are RecentReads.key(i) for distinct indices, pre-boxed once per trial: the initial keys take indices
     * [0, size), thread t the FRESH_PER_THREAD indices from size + t * FRESH_PER_THREAD on. The map is rebuilt with
     * the initial keys and settled at every iteration, and each thread starts over at its first fresh key, so every
     * iteration sees the same growth. Memory is bounded: the map never exceeds size + threads * FRESH_PER_THREAD
     * keys. A 1 s iteration stays well below FRESH_PER_THREAD stores a thread on both maps; should one reach it, its
     * later stores would overwrite instead of adding keys, so the iteration's teardown fails the run instead. SyncMap
     * is called through its own verb, store, which returns nothing; Map.put on the others is their store. The branch
     * between the two is fixed for a whole fork.
     *
     * Reading guide: constants and parameters, setup, the thread state, the benchmark.
     */

    static final int FRESH_PER_THREAD = 1 << 21;   // new keys per thread before they wrap; a power of two

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap"})
    public String impl;

    /** Keys the map starts each iteration with. */
    @Param({"100000"})
    public int size;

    /** The initial keys. */
    private Integer[] initial;

    /** New keys: thread t stores positions [t * FRESH_PER_THREAD, (t + 1) * FRESH_PER_THREAD). */
    private Integer[] fresh;

    /** The map, as a Map; rebuilt at every iteration. */
    private Map<Integer, Integer> map;

    /** The same map when it is a SyncMap, else null. */
    private SyncMap<Integer, Integer> syncMap;

    /** Boxes the initial and the new keys once per trial. */
    @Setup(Level.Trial)
    public void setUpKeys(BenchmarkParams params) {
        initial = new Integer[size];
        for (int i = 0; i < size; i++) {
            initial[i] = RecentReads.key(i);
        }
        fresh = new Integer[params.getThreads() * FRESH_PER_THREAD];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = RecentReads.key(size + i);
        }
    }

    /** Rebuilds the map with the initial keys only. */
    @Setup(Level.Iteration)
    public void setUpMap() {
        map = null;       // let the last iteration's map go before building the next, so both never share the heap
        syncMap = null;
        map = Workload.filled(impl, size + fresh.length, initial);
        syncMap = map instanceof SyncMap<Integer, Integer> s ? s : null;
    }

    /** Where this thread's new keys are. */
    @State(Scope.Thread)
    public static class Storer {

        /** First position of this thread's keys. */
        int base;

        /** Stores done this iteration. */
        int stored;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            base = thread.getThreadIndex() * FRESH_PER_THREAD;
        }

        /** Starts over with the map. */
        @Setup(Level.Iteration)
        public void restart() {
            stored = 0;
        }

        /** Fails the run if this thread's keys wrapped: its later stores overwrote instead of adding keys. */
        @TearDown(Level.Iteration)
        public void checkFresh() {
            if (stored > FRESH_PER_THREAD) {
                throw new IllegalStateException("a thread stored " + stored + " keys in one iteration, more than its "
                        + FRESH_PER_THREAD + " new keys; shorten the iterations or raise FRESH_PER_THREAD");
            }
        }
    }

    /** Stores the next new key of this thread. */
    @Benchmark
    public void store(Storer s) {
        Integer key = fresh[s.base + (s.stored++ & (FRESH_PER_THREAD - 1))];
        SyncMap<Integer, Integer> sync = syncMap;
        if (sync != null) {
            sync.store(key, key);
        } else {
            map.put(key, key);
        }
    }
}
