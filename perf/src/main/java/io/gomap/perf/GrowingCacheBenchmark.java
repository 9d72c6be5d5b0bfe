package io.gomap.perf;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * sync.Map's first intended workload: a cache that only grows, each key written once and then read many times. The
 * map starts every shot with {@code size} settled keys; one operation in {@value #WRITE_EVERY} is a cache fill
 * (get a fresh key, miss, putIfAbsent it), half of the others read one of the {@value #RECENT} keys this thread
 * filled last, and the rest read the initial keys.
 *
 * <p>A fixed amount of work, not a fixed time: in each shot every thread runs {@value #OPS_PER_SHOT} operations, so
 * every map grows by the same keys, from {@code size} to {@code size + threads * OPS_PER_SHOT / WRITE_EVERY} (about
 * 336K more with two threads), whatever its speed. Timed for a fixed time instead, a faster map would end each
 * iteration on a bigger map, and the ratio of two maps would depend on the iteration's length. Single-shot mode, the
 * score divided by {@value #OPS_PER_SHOT}: nanoseconds per operation for each thread while the others run too.
 * {@code -w}/{@code -r} do not apply; {@code -wi}/{@code -i} set how many shots. Two threads by default; {@code -t 1}
 * for one. Run: {@code java -jar perf/target/benchmarks.jar GrowingCache -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class GrowingCacheBenchmark {

    /*
     * Overview:
     *
     * Every thread owns FRESH_PER_THREAD pre-boxed keys, distinct from the initial keys and from every other
     * thread's, and fills them in order. The map is rebuilt with the initial keys for every shot, and each thread's
     * fill position restarts at zero, so every shot sees the same growth from `size` keys. Reads of recently filled
     * keys are what sync.Map's design is for: a new key lives in SyncMap's recent level (Go's dirty map, behind the
     * lock in Go; read lock-free here) until a promotion copies it into the snapshot; reading it right after the
     * write exercises that path. A shot fills OPS_PER_SHOT / WRITE_EVERY keys a thread, under FRESH_PER_THREAD, so no
     * fill finds its key present (the teardown checks it). Early in a shot, a "recent" read may name a key not
     * filled yet and miss.
     *
     * Reading guide: constants, parameters, state and setup, the thread state, the benchmark.
     */

    static final int WRITE_EVERY = 100;            // one operation in this many is a cache fill
    static final int RECENT = 64;                  // recent reads pick one of this thread's last RECENT fills
    static final int OPS_PER_SHOT = 1 << 24;       // operations per thread and shot
    static final int FRESH_PER_THREAD = 1 << 18;   // fresh keys per thread and shot, over OPS_PER_SHOT / WRITE_EVERY;
                                                   // a power of two

    /** Contender, by {@link Contender#parse} name. */
    @Param({"SyncMap", "ConcurrentHashMap", "Caffeine", "CaffeineBounded", "SynchronizedHashMap", "RwLockedHashMap",
            "LockedGoMap"})
    public String impl;

    /** Number of keys the map starts each iteration with. */
    @Param({"1000", "1000000"})
    public int size;

    /** How reads choose among the initial keys: {@value Workload#UNIFORM} or {@value Workload#ZIPF}. */
    @Param({Workload.UNIFORM, Workload.ZIPF})
    public String distribution;

    /** The initial keys. */
    private Integer[] keys;

    /** Fresh keys: thread t fills positions [t * FRESH_PER_THREAD, (t + 1) * FRESH_PER_THREAD). */
    private Integer[] fresh;

    /** The shared map; rebuilt for every shot. */
    private Map<Integer, Integer> map;

    /** Draws the initial and fresh keys once per trial. */
    @Setup(Level.Trial)
    public void setUpKeys(BenchmarkParams params) {
        Random random = new Random(Workload.SEED);
        Set<Integer> seen = new HashSet<>();
        keys = Workload.keys(size, random, seen);
        fresh = Workload.keys(params.getThreads() * FRESH_PER_THREAD, random, seen);
    }

    /** Rebuilds the map with the initial keys only; in single-shot mode an iteration is one shot. */
    @Setup(Level.Iteration)
    public void setUpMap() {
        map = null;   // let the last iteration's map go before building the next, so both never share the heap
        map = Workload.filled(impl, size + fresh.length, keys);
    }

    /** One thread's fills and walk. */
    @State(Scope.Thread)
    public static class Filler {

        /** Indices into the initial keys; length is a power of two. */
        int[] indices;

        /** Position of the next index; wraps with a mask. */
        int cursor;

        /** First position of this thread's fresh keys. */
        int freshBase;

        /** Number of fills done this shot. */
        int filled;

        /** Operations done this shot. */
        long ops;

        @Setup(Level.Trial)
        public void setUp(GrowingCacheBenchmark bench, ThreadParams thread) {
            indices = Workload.indices(bench.distribution, bench.size, Workload.SEED + 1 + thread.getThreadIndex());
            freshBase = thread.getThreadIndex() * FRESH_PER_THREAD;
        }

        /** Restarts the fills with the map. */
        @Setup(Level.Iteration)
        public void restart() {
            filled = 0;
            ops = 0;
        }

        /** Fails the run if this thread's fills wrapped: its later fills found their key present. */
        @TearDown(Level.Iteration)
        public void checkFresh() {
            if (filled > FRESH_PER_THREAD) {
                throw new IllegalStateException("a thread filled " + filled + " keys in one shot, more than its "
                        + FRESH_PER_THREAD + " fresh keys; raise FRESH_PER_THREAD");
            }
        }
    }

    /** One shot: {@value #OPS_PER_SHOT} operations of this thread, each handed to the blackhole. */
    @Benchmark
    @OperationsPerInvocation(OPS_PER_SHOT)
    public void readMostly(Filler f, Blackhole bh) {
        for (int i = 0; i < OPS_PER_SHOT; i++) {
            bh.consume(operation(f));
        }
    }

    /** A cache fill, a read of a recent fill, or a read of an initial key. */
    private Integer operation(Filler f) {
        long op = f.ops++;
        if (op % WRITE_EVERY == 0) {
            Integer key = fresh[f.freshBase + (f.filled++ & (FRESH_PER_THREAD - 1))];
            Integer cached = map.get(key);
            return cached != null ? cached : map.putIfAbsent(key, key);
        }
        if ((op & 1) == 0) {
            int back = 1 + (int) ((op >>> 1) & (RECENT - 1));
            return map.get(fresh[f.freshBase + ((f.filled - back) & (FRESH_PER_THREAD - 1))]);
        }
        int[] indices = f.indices;
        return map.get(keys[indices[f.cursor++ & (indices.length - 1)]]);
    }
}
