package io.gomap.perf;

import io.gomap.concurrent.LoadResult;
import io.gomap.concurrent.SyncMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Go's own {@code sync.Map} benchmarks ({@code src/sync/map_bench_test.go}, Go 1.19 plus the Swap, CompareAndSwap and
 * CompareAndDelete shapes added in Go 1.20), ported one for one to {@link SyncMap}. Each method bears the name of the
 * Go benchmark it ports, without the {@code Benchmark} prefix, and keeps its constants (hits and misses, prefill
 * sizes) and its sequence of calls.
 *
 * <p><b>Comparing with Go.</b> Go's {@code b.RunParallel} reports elapsed time divided by the operations of all
 * goroutines together (one goroutine per {@code GOMAXPROCS}). This class runs in throughput mode, whose JMH score is
 * likewise the sum over all threads; so the Go-comparable figure is {@code ns/op = 1000 / score} with the score in
 * ops/µs, measured with as many threads ({@code -t}) as Go's {@code -cpu} (2 by default, both here). The script
 * {@code perf/compare-with-go.sh} runs both sides and prints the table.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar GoSyncMapBenchmark -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class GoSyncMapBenchmark {

    /*
     * Overview:
     *
     * Go's benchMap runs each shape on a fresh map, calls its setup, then runs perG in every goroutine with a
     * private counter i starting at id*b.N, so goroutines never share an i. Here a map state (one subclass of
     * MapState per Go setup function) is rebuilt at every JMH iteration, which plays the part of one timed Go run,
     * and the thread state Goroutine restarts i at threadIndex << 40 at every iteration: the threads' ranges never
     * meet, and the "unique" shapes never revisit a key within an iteration. Keys and values are Long, as Go's int
     * is 64-bit; a Long is boxed exactly where Go converts an int to an interface (Go allocates there too, for
     * values of 256 and up; Java's Long cache covers -128..127). Where Go converts the same int several times in one
     * call, it is boxed once. Go's b.Fatalf checks are kept as IllegalStateException. The unique shapes grow the map
     * by one key per operation, so an iteration's memory grows with its length, as Go's does with b.N.
     *
     * Reading guide: the shared constants, the map states (one per Go setup), the goroutine state, then the
     * benchmarks in the order of Go's file: Load, LoadOrStore, LoadAndDelete, Range, Adversarial*, DeleteCollision,
     * then the Go 1.20 Swap, CompareAndSwap and CompareAndDelete shapes.
     */

    /* ---- Constants ---- */

    private static final int MOSTLY = 1023;       // Go's hits (MostlyHits) or misses (MostlyMisses) out of 1024
    private static final int MOSTLY_MASK = 1023;  // i % (hits + misses) for the Mostly* shapes, as hits + misses = 1024
    private static final int BALANCED = 128;      // Go's hits and misses in the *Balanced shapes
    private static final int BALANCED_MASK = 255; // i % (hits + misses) for the *Balanced shapes
    private static final int MAP_SIZE = 1 << 10;  // Go's mapSize in Range and AdversarialDelete

    /** Go's {@code func(_, _ any) bool { return true }}. */
    private static final BiPredicate<Long, Long> CONTINUE = (key, value) -> true;

    /* ---- Map states: one per Go setup function ---- */

    /** A fresh SyncMap at every iteration, prepared by {@link #prefill()}. */
    public abstract static class MapState {

        /** The map under test; replaced at every iteration. */
        SyncMap<Long, Long> m;

        /** Creates the map and runs Go's setup on it. */
        @Setup(Level.Iteration)
        public void setUp() {
            m = new SyncMap<>();
            prefill();
        }

        /** Go's setup function for this state. */
        abstract void prefill();

        /** Go's common setup: LoadOrStore keys 0..hits-1, then prime with 2*hits loads to reach a steady state. */
        final void loadOrStoreAndPrime(int hits) {
            for (long i = 0; i < hits; i++) {
                m.loadOrStore(i, i);
            }
            for (long i = 0; i < 2L * hits; i++) {
                m.load(i % hits);
            }
        }
    }

    /** No setup: LoadOrStoreUnique, LoadAndDeleteUnique, AdversarialAlloc, CompareAndSwapNoExistingKey. */
    @State(Scope.Benchmark)
    public static class Empty extends MapState {
        @Override
        void prefill() {
        }
    }

    /** hits = 1023, misses = 1. */
    @State(Scope.Benchmark)
    public static class MostlyHits extends MapState {
        @Override
        void prefill() {
            loadOrStoreAndPrime(MOSTLY);
        }
    }

    /** hits = 1, misses = 1023. */
    @State(Scope.Benchmark)
    public static class MostlyMisses extends MapState {
        @Override
        void prefill() {
            loadOrStoreAndPrime(1);
        }
    }

    /** hits = misses = 128. */
    @State(Scope.Benchmark)
    public static class Balanced extends MapState {
        @Override
        void prefill() {
            loadOrStoreAndPrime(BALANCED);
        }
    }

    /** One key, 0 mapped to 0: every *Collision shape and CompareAndSwapValueNotEqual. */
    @State(Scope.Benchmark)
    public static class OneKey extends MapState {
        @Override
        void prefill() {
            m.loadOrStore(0L, 0L);
        }
    }

    /** Keys 0..1023 stored: Range and AdversarialDelete. */
    @State(Scope.Benchmark)
    public static class Full extends MapState {
        @Override
        void prefill() {
            for (long i = 0; i < MAP_SIZE; i++) {
                m.store(i, i);
            }
        }
    }

    /** One goroutine's locals in Go's perG. */
    @State(Scope.Thread)
    public static class Goroutine {

        /** Distance between two threads' starts: far apart, and 999,983 (a prime) past a multiple of any key range. */
        static final long SPAN = (1L << 40) + 999_983;

        /**
         * Go's i: counts this thread's operations from threadIndex * {@link #SPAN}. Go starts goroutine id at
         * id * b.N, so the goroutines' ranges are apart and, b.N being arbitrary, out of step on the key cycle; a
         * start of threadIndex << 40, a multiple of every key range, had two threads walk the same keys in step.
         */
        long i;

        /** AdversarialAlloc's stores. */
        long stores;

        /** AdversarialAlloc's loadsSinceStore. */
        long loadsSinceStore;

        /** Restarts the counters with the map, as each Go run starts its goroutines afresh. */
        @Setup(Level.Iteration)
        public void setUp(ThreadParams thread) {
            i = thread.getThreadIndex() * SPAN;
            stores = 0;
            loadsSinceStore = 0;
        }
    }

    /* ---- Load ---- */

    @Benchmark
    public Long LoadMostlyHits(MostlyHits s, Goroutine g) {
        return s.m.load(g.i++ & MOSTLY_MASK);
    }

    @Benchmark
    public Long LoadMostlyMisses(MostlyMisses s, Goroutine g) {
        return s.m.load(g.i++ & MOSTLY_MASK);
    }

    /* ---- LoadOrStore ---- */

    @Benchmark
    public LoadResult<Long> LoadOrStoreBalanced(Balanced s, Goroutine g) {
        long i = g.i++;
        long j = i & BALANCED_MASK;
        if (j < BALANCED) {
            LoadResult<Long> r = s.m.loadOrStore(j, i);
            if (!r.loaded()) {
                throw new IllegalStateException("unexpected miss for " + j);
            }
            return r;
        }
        LoadResult<Long> r = s.m.loadOrStore(i, i);
        if (r.loaded()) {
            throw new IllegalStateException("failed to store " + i + ": existing value " + r.value());
        }
        return r;
    }

    @Benchmark
    public LoadResult<Long> LoadOrStoreUnique(Empty s, Goroutine g) {
        Long i = g.i++;
        return s.m.loadOrStore(i, i);
    }

    @Benchmark
    public LoadResult<Long> LoadOrStoreCollision(OneKey s) {
        return s.m.loadOrStore(0L, 0L);
    }

    /* ---- LoadAndDelete ---- */

    @Benchmark
    public Long LoadAndDeleteBalanced(Balanced s, Goroutine g) {
        long i = g.i++;
        long j = i & BALANCED_MASK;
        return s.m.loadAndDelete(j < BALANCED ? j : i);
    }

    @Benchmark
    public Long LoadAndDeleteUnique(Empty s, Goroutine g) {
        return s.m.loadAndDelete(g.i++);
    }

    @Benchmark
    public Long LoadAndDeleteCollision(OneKey s) {
        return s.m.loadAndDelete(0L);
    }

    /* ---- Range ---- */

    @Benchmark
    public void Range(Full s) {
        s.m.range(CONTINUE);
    }

    /* ---- Adversarial ---- */

    /** Stores a new key whenever the map was just promoted, otherwise loads a unique missing key. */
    @Benchmark
    public Long AdversarialAlloc(Empty s, Goroutine g) {
        long i = g.i++;
        Long v = s.m.load(i);
        if (++g.loadsSinceStore > g.stores) {
            s.m.loadOrStore(i, g.stores);
            g.loadsSinceStore = 0;
            g.stores++;
        }
        return v;
    }

    /** Loads, and every 1024th operation deletes the first key Range yields and stores a new one. */
    @Benchmark
    public Long AdversarialDelete(Full s, Goroutine g) {
        long i = g.i++;
        SyncMap<Long, Long> m = s.m;
        Long v = m.load(i);
        if (i % MAP_SIZE == 0) {
            m.range((k, x) -> {
                m.delete(k);
                return false;
            });
            m.store(i, i);
        }
        return v;
    }

    @Benchmark
    public void DeleteCollision(OneKey s) {
        s.m.delete(0L);
    }

    /* ---- Swap (Go 1.20) ---- */

    @Benchmark
    public Long SwapCollision(OneKey s) {
        return s.m.swap(0L, 0L);
    }

    @Benchmark
    public Long SwapMostlyHits(MostlyHits s, Goroutine g) {
        return swapMostly(s.m, g.i++, MOSTLY);
    }

    @Benchmark
    public Long SwapMostlyMisses(MostlyMisses s, Goroutine g) {
        return swapMostly(s.m, g.i++, 1);
    }

    /** Go's Swap{MostlyHits,MostlyMisses} body: swap a hit key, or swap in and delete a unique key. */
    private static Long swapMostly(SyncMap<Long, Long> m, long i, int hits) {
        long v = i & MOSTLY_MASK;
        if (v < hits) {
            return m.swap(v, v);
        }
        Long k = i;
        Long previous = m.swap(k, k);
        m.delete(k);
        return previous;
    }

    /* ---- CompareAndSwap (Go 1.20) ---- */

    @Benchmark
    public boolean CompareAndSwapCollision(OneKey s) {
        return s.m.compareAndSwap(0L, 0L, 42L) && s.m.compareAndSwap(0L, 42L, 0L);
    }

    @Benchmark
    public boolean CompareAndSwapNoExistingKey(Empty s, Goroutine g) {
        Long i = g.i++;
        if (s.m.compareAndSwap(i, 0L, 0L)) {
            s.m.delete(i);
            return true;
        }
        return false;
    }

    @Benchmark
    public boolean CompareAndSwapValueNotEqual(OneKey s) {
        return s.m.compareAndSwap(0L, 1L, 2L);
    }

    @Benchmark
    public boolean CompareAndSwapMostlyHits(MostlyHits s, Goroutine g) {
        Long v = mostlyKey(g.i++, MOSTLY);
        return s.m.compareAndSwap(v, v, v);
    }

    @Benchmark
    public boolean CompareAndSwapMostlyMisses(MostlyMisses s, Goroutine g) {
        Long v = mostlyKey(g.i++, 1);
        return s.m.compareAndSwap(v, v, v);
    }

    /* ---- CompareAndDelete (Go 1.20) ---- */

    @Benchmark
    public boolean CompareAndDeleteCollision(OneKey s) {
        if (s.m.compareAndDelete(0L, 0L)) {
            s.m.store(0L, 0L);
            return true;
        }
        return false;
    }

    @Benchmark
    public boolean CompareAndDeleteMostlyHits(MostlyHits s, Goroutine g) {
        return compareAndDeleteMostly(s.m, mostlyKey(g.i++, MOSTLY));
    }

    @Benchmark
    public boolean CompareAndDeleteMostlyMisses(MostlyMisses s, Goroutine g) {
        return compareAndDeleteMostly(s.m, mostlyKey(g.i++, 1));
    }

    /** Go's CompareAndDelete{MostlyHits,MostlyMisses} body: delete v if it maps to itself, then store it back. */
    private static boolean compareAndDeleteMostly(SyncMap<Long, Long> m, Long v) {
        if (m.compareAndDelete(v, v)) {
            m.store(v, v);
            return true;
        }
        return false;
    }

    /** Go's {@code v := i; if i%(hits+misses) < hits { v = i % (hits+misses) }}, boxed. */
    private static Long mostlyKey(long i, int hits) {
        long j = i & MOSTLY_MASK;
        return j < hits ? j : i;
    }
}
