package io.gomap.perf;

import java.util.Map;

/**
 * Issue 11's growing cache, defined once for {@link RecentReadsBenchmark} and the lab's JFR step: a map that starts
 * with {@code size} keys; each thread fills a new key every {@value #WRITE_EVERY} operations, as a cache fill does (a
 * get that misses, then {@code putIfAbsent}), and otherwise reads one of the {@value #RECENT} keys it filled last.
 *
 * <p>Use: {@code RecentReads cache = RecentReads.start(impl, size, threads)} builds and settles the map, then each of
 * the {@code threads} threads takes its own {@link #worker(int)} and calls {@link Worker#next()} in a loop.
 */
public final class RecentReads {

    /*
     * Overview:
     *
     * Keys are Integers whose values are key(i) for distinct indices i, key being a bijection of [0, 2^31): so keys
     * are distinct without a set to check them, non-negative (Workload.settle looks up negative ones, which must
     * miss), and spread over the int range as random identifiers would be. Index ranges: [0, size - threads * RECENT)
     * are the map's initial keys; thread t fills the indices from size + t * MAX_FILLS on, and its first RECENT of
     * them are in the map from the start (so reads of "the keys it filled last" hit from the first operation, and
     * the map starts with exactly `size` keys).
     *
     * A fill boxes its key at fill time (one Integer per WRITE_EVERY operations, as a real cache fill allocates a
     * key) and keeps that object in the thread's ring of RECENT keys, so reads look up the very object stored.
     * Memory is bounded: after MAX_FILLS fills a thread's indices wrap, and later fills find their key present (the
     * get hits, no putIfAbsent): the map stops growing at size + threads * MAX_FILLS keys. A thread reaches that in
     * a 1 s iteration only above 200 operations a microsecond, several times any map's speed here.
     *
     * Reading guide: constants, keys, start, then the Worker.
     */

    public static final int WRITE_EVERY = 100;      // one operation in this many is a cache fill
    public static final int RECENT = 1024;          // reads pick one of the thread's last RECENT fills; a power of 2
    public static final int MAX_FILLS = 1 << 21;    // fills per thread before its keys wrap; a power of two
    public static final int DEFAULT_SIZE = 100_000; // keys at start, as issue 11 measured it

    /** The shared map. */
    private final Map<Integer, Integer> map;

    /** Keys the map starts with. */
    private final int size;

    /** The ring each thread starts with: its first RECENT fills, the very objects stored in the map. */
    private final Integer[][] prefilled;

    private RecentReads(Map<Integer, Integer> map, int size, Integer[][] prefilled) {
        this.map = map;
        this.size = size;
        this.prefilled = prefilled;
    }

    /* ---- Keys ---- */

    /** The key of index {@code i}: a bijection of [0, 2^31), so distinct indices give distinct keys. */
    static int key(int i) {
        int x = (i * 0x9E3779B1) & Integer.MAX_VALUE;    // odd multiplier: a bijection modulo 2^31
        x ^= x >>> 16;                                    // xorshift within 31 bits: a bijection too
        return (x * 0x85EBCA6B) & Integer.MAX_VALUE;
    }

    /** Index of thread {@code thread}'s {@code n}th fill, wrapping after {@link #MAX_FILLS}. */
    private static int fillIndex(int size, int thread, int n) {
        return size + thread * MAX_FILLS + (n & (MAX_FILLS - 1));
    }

    /* ---- Setup ---- */

    /**
     * A map of the named contender ({@link Contender#parse}) holding {@code size} keys, each thread's first
     * {@value #RECENT} fills among them, settled as {@link Workload#settle} does.
     *
     * @throws IllegalArgumentException if {@code size} is below {@code threads * RECENT}, or threads is not positive
     */
    public static RecentReads start(String impl, int size, int threads) {
        if (threads < 1 || size < (long) threads * RECENT || (long) size + (long) threads * MAX_FILLS
                > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size " + size + " must hold " + RECENT + " keys per thread for "
                    + threads + " threads");
        }
        Map<Integer, Integer> map = Contender.parse(impl).create(size + threads * MAX_FILLS);
        for (int i = 0, initial = size - threads * RECENT; i < initial; i++) {
            Integer key = key(i);
            map.put(key, key);
        }
        Integer[][] prefilled = new Integer[threads][RECENT];
        for (int t = 0; t < threads; t++) {
            for (int n = 0; n < RECENT; n++) {
                Integer key = key(fillIndex(size, t, n));
                map.put(key, key);
                prefilled[t][n] = key;
            }
        }
        Workload.settle(map, size);
        return new RecentReads(map, size, prefilled);
    }

    /** The map, e.g. for a caller that inspects it after a run. */
    public Map<Integer, Integer> map() {
        return map;
    }

    /** Thread {@code thread}'s operations; call from one thread only. */
    public Worker worker(int thread) {
        return new Worker(this, thread);
    }

    /* ---- One thread ---- */

    /** One thread's operations on the shared map; not thread-safe, one per thread. */
    public static final class Worker {

        private final Map<Integer, Integer> map;
        private final int size;
        private final int thread;

        /** The last RECENT keys this thread filled, by fill number modulo RECENT. */
        private final Integer[] recent;

        /** Ring slots to read, each equally often, shuffled; the length is a power of two. */
        private final int[] picks;

        /** Position of the next pick; wraps with a mask. */
        private int cursor;

        /** Operations left until the next fill. */
        private int untilFill = WRITE_EVERY;

        /** Fills done, the prefilled ones included. */
        private int filled = RECENT;

        Worker(RecentReads cache, int thread) {
            this.map = cache.map;
            this.size = cache.size;
            this.thread = thread;
            this.recent = cache.prefilled[thread].clone();
            this.picks = Workload.indices(Workload.UNIFORM, RECENT, Workload.SEED + 1 + thread);
        }

        /** One operation: a fill every {@value #WRITE_EVERY}th call, else a read of a recent fill. */
        public Integer next() {
            if (--untilFill == 0) {
                untilFill = WRITE_EVERY;
                return fill();
            }
            return map.get(recent[picks[cursor++ & (picks.length - 1)]]);
        }

        /** A cache fill: get the next new key, miss, putIfAbsent it; it becomes one of the recent keys. */
        private Integer fill() {
            int n = filled++;
            Integer key = key(fillIndex(size, thread, n));
            Integer cached = map.get(key);
            Integer result = cached != null ? cached : map.putIfAbsent(key, key);
            recent[n & (RECENT - 1)] = key;
            return result;
        }

        /** Fills done so far, the {@value #RECENT} prefilled ones included. */
        public int filled() {
            return filled;
        }
    }
}
