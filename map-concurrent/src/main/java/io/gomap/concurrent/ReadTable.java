package io.gomap.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The layout of a {@link SyncMap} table, its read snapshot (Go's {@code readOnly}) or its recent level: one flat
 * {@code Object[]} holding keys and their values side by side, plus one reserved element for what only a miss needs.
 * Static helpers only; SyncMap owns every transition of a value slot.
 *
 * <pre>
 * capacity c = 2^k pairs, at most 40% of them filled; length 2c + 1
 *   kv[2i]       key of pair i, or null for an empty pair; set once: while a snapshot is built, or, in a recent
 *                level, by a release store under the map's lock (then read with acquire)
 *   kv[2i + 1]   its value slot: a value, null (deleted) or SyncMap's MOVED marker
 *   kv[2c]       the reserved element: null, a table (recent level or link), BUILDING or RETIRED (see SyncMap)
 * </pre>
 *
 * <p>Open addressing with linear probing: a key lives in its home pair (the low bits of its mixed hash) or in the
 * first empty pair after it at build time. No key is ever removed from a table, so a lookup walks from the home pair
 * until it finds the key or an empty pair, comparing identity first over the whole run and only then equals (see
 * slotOf). A hit on the very key object stored costs the hash, one array load and an identity check, with the value
 * in the same cache line.
 *
 * <p>Why not Go's bucket layout, as {@code GoMap} has it: measured on this project's machine, a lookup that first
 * matches a bucket's tophash word and then loads the key depends on one more load and a few more instructions than one
 * that loads the key at once, and took 1.5 to 2 times as long for 1,000 keys in cache; at a million keys it fetches two
 * cache lines instead of one. Tophash bytes pay off when a table is probed past many non-matching keys, which a table
 * at most 40% full rarely is. Why no per-table seed (Go's {@code hash0}): it cost a dependent load on every lookup, and
 * against keys that share one {@code hashCode} (the collisions a seed cannot break) it buys nothing;
 * {@code ConcurrentHashMap} and {@code HashMap} have none either.
 */
final class ReadTable {

    /* ---------------- Constants ---------------- */

    private static final int GOLDEN = 0x9E37_79B9;  // 2^32 / phi: spreads every hashCode bit upwards

    /** Smallest capacity, in pairs: a table always has an empty pair, so every probe ends. */
    static final int MIN_CAPACITY = 2;

    /** Most keys a table takes: 40% of the largest capacity, 2^29 pairs (an array of 2^30 + 1 elements). */
    static final long MAX_KEYS = (1L << 30) / 5;

    /** Access to one element with acquire, release and CAS semantics. */
    static final VarHandle AA = MethodHandles.arrayElementVarHandle(Object[].class);

    private ReadTable() {
    }

    /* ---------------- Layout ---------------- */

    /** An empty table of {@code capacity} pairs (a power of two), reserved element null. */
    static Object[] create(int capacity) {
        return new Object[2 * capacity + 1];
    }

    /**
     * The capacity in pairs for {@code keys} keys: the smallest power of two at least 2.5 times the keys, so a table
     * is at most 40% full (and at least 20%). At 8 bytes a pair (compressed references) that is 20 to 40 bytes a key,
     * never above ConcurrentHashMap's 37 to 43, and probe runs stay short: at 40% a hit takes 1.33 pairs on average
     * where at 50% it took 1.5, and each pair past the first is a branch the predictor cannot learn.
     */
    static int capacityFor(long keys) {
        int capacity = MIN_CAPACITY;
        while (capacity < (5 * keys + 1) / 2) {
            if (capacity >= 1 << 29) {
                throw new IllegalStateException(
                        "SyncMap cannot hold more than " + MAX_KEYS + " keys (40% of 2^29 pairs)");
            }
            capacity <<= 1;
        }
        return capacity;
    }

    /** The most keys a table of this array's capacity takes: 40% of its pairs. */
    static int maxKeys(Object[] kv) {
        return (int) ((kv.length - 1L) / 2 * 2 / 5);
    }

    /** Index of the reserved element. */
    static int reservedIndex(Object[] kv) {
        return kv.length - 1;
    }

    /** The reserved element, read with acquire semantics. */
    static Object reserved(Object[] kv) {
        return AA.getAcquire(kv, kv.length - 1);
    }

    /** Sets the reserved element with release semantics; must only be called with the map's lock held. */
    static void setReserved(Object[] kv, Object value) {
        AA.setRelease(kv, kv.length - 1, value);
    }

    /** The value slot's content, read with acquire semantics. */
    static Object value(Object[] kv, int valueIndex) {
        return AA.getAcquire(kv, valueIndex);
    }

    /** Number of keys in the table (pairs whose key is set), counted by a walk. */
    static int keys(Object[] kv) {
        int n = 0;
        for (int i = 0; i < kv.length - 1; i += 2) {
            if (kv[i] != null) {
                n++;
            }
        }
        return n;
    }

    /* ---------------- Lookup ---------------- */

    /**
     * The key's hashCode mixed (Fibonacci hashing) and laid out as an even index, ready for the mask: the multiply
     * gives every hashCode bit a say in the product's high bits, and the rotation by 17 brings product bits 16..31
     * to index bits 1..16 (tables of up to 2^16 pairs index by high bits only; larger ones add the product's low
     * bits above them). With the mask, three instructions on the path of every lookup, where a multiply, shift, xor,
     * shift and mask took five.
     */
    static int hash(Object key) {
        return Integer.rotateLeft(key.hashCode() * GOLDEN, 17);
    }

    /**
     * Index of the value slot of {@code key}, or -1 when the table lacks it. Reads keys only, writes nothing.
     *
     * <p>Two passes over the same probe run: the first compares identity only, so a lookup with the very key object
     * stored (the usual case for interned strings, enums, boxed constants and keys kept by the caller) never calls
     * {@code equals} and never touches the other keys' objects on its way; the second, out of line, calls
     * {@code equals}. A table at most 40% full has short runs (1.33 pairs on average for a hit), mostly in one
     * cache line, so the first pass costs a lookup by an equal but distinct key little.
     */
    static int slotOf(Object[] kv, Object key) {
        int m = kv.length - 3;                               // 2 * (capacity - 1): masks an even index
        int home = hash(key) & m;
        for (int i = home;; i = (i + 2) & m) {
            Object k = kv[i];
            if (k == key) {
                return i + 1;
            }
            if (k == null) {
                return i == home ? -1 : slotOfEqual(kv, key, home, m);
            }
        }
    }

    /**
     * The content of {@code key}'s value slot, read with acquire, or {@code none} when the table has no slot for the
     * key: {@link #slotOf} and {@link #value} in one, so that a hit loads its value right beside the key it matched
     * and the caller tests one result instead of an index and then a value. SyncMap's {@code get} uses it: 1K hits
     * 3.51/3.61 → 3.41/3.38 ns against slotOf then value (A/B, {@code SyncMapGetBenchmark -t 1 -f 3}).
     */
    static Object valueOf(Object[] kv, Object key, Object none) {
        int m = kv.length - 3;
        int home = hash(key) & m;
        for (int i = home;; i = (i + 2) & m) {
            Object k = kv[i];
            if (k == key) {
                return AA.getAcquire(kv, i + 1);
            }
            if (k == null) {
                int j = i == home ? -1 : slotOfEqual(kv, key, home, m);
                return j < 0 ? none : AA.getAcquire(kv, j);
            }
        }
    }

    /**
     * {@link #slotOf} for a table that may receive keys while it is read (a recent level): each key is read with
     * acquire, so that a key found comes with its value and its own fields as its inserter wrote them.
     */
    static int slotOfAcquire(Object[] kv, Object key) {
        int m = kv.length - 3;
        int home = hash(key) & m;
        for (int i = home;; i = (i + 2) & m) {
            Object k = AA.getAcquire(kv, i);
            if (k == key) {
                return i + 1;
            }
            if (k == null) {
                return i == home ? -1 : slotOfEqualAcquire(kv, key, home, m);
            }
        }
    }

    /** The second pass of {@link #slotOfAcquire}. */
    private static int slotOfEqualAcquire(Object[] kv, Object key, int home, int m) {
        for (int i = home;; i = (i + 2) & m) {
            Object k = AA.getAcquire(kv, i);
            if (k == null) {
                return -1;
            }
            if (key.equals(k)) {
                return i + 1;
            }
        }
    }

    /** The second pass of {@link #slotOf}: the same probe run, comparing with {@code equals}. */
    private static int slotOfEqual(Object[] kv, Object key, int home, int m) {
        for (int i = home;; i = (i + 2) & m) {
            Object k = kv[i];
            if (k == null) {
                return -1;
            }
            if (key.equals(k)) {
                return i + 1;
            }
        }
    }

    /* ---------------- Building ---------------- */

    /**
     * Puts a key known to be absent, with its value, into the first empty pair from its home pair on; returns the
     * index of its value slot. The value is written before the key: a reader that finds the key sees the value
     * too, when the key's write reaches it through a release (the caller publishes the table, or CASes the key's old
     * slot to MOVED, afterwards).
     */
    static int place(Object[] kv, Object key, Object value) {
        return placeHashed(kv, key, hash(key), value);
    }

    /**
     * Puts {@code key} with {@code value} into a table no other thread can see yet, in one walk of the key's probe
     * run: a key equal to it (by identity, else {@code equals}, as {@link #slotOf} finds one) gets the value, else the
     * key fills the run's first empty pair. Returns whether the key was added.
     */
    static boolean placeOrReplace(Object[] kv, Object key, Object value) {
        int m = kv.length - 3;
        for (int i = hash(key) & m;; i = (i + 2) & m) {
            Object k = kv[i];
            if (k == null) {
                kv[i + 1] = value;
                kv[i] = key;
                return true;
            }
            if (k == key || key.equals(k)) {
                kv[i + 1] = value;
                return false;
            }
        }
    }

    /** {@link #place} with the key's {@link #hash} computed beforehand: calls no method of the key. */
    static int placeHashed(Object[] kv, Object key, int hash, Object value) {
        int i = emptyPair(kv, hash);
        kv[i + 1] = value;
        kv[i] = key;
        return i + 1;
    }

    /**
     * The {@link #hash} of every key of {@code kv}, by pair index (0 for an empty pair): a promotion hashes all keys
     * before it changes anything, so that no key's hashCode, which is the caller's code, runs while tables are half
     * forwarded. Must only be called with the map's lock held, when no key is added to kv.
     */
    static int[] hashes(Object[] kv) {
        int[] h = new int[(kv.length - 1) / 2];
        for (int i = 0; i < kv.length - 1; i += 2) {
            Object k = kv[i];
            if (k != null) {
                h[i >>> 1] = hash(k);
            }
        }
        return h;
    }

    /**
     * {@link #place} into a table readers may be probing (a recent level): the value is written first and the key
     * by a release store, so a reader that finds the key with acquire finds the value. Must only be called with the
     * map's lock held.
     */
    static int placeRelease(Object[] kv, Object key, Object value) {
        int i = emptyPair(kv, hash(key));
        kv[i + 1] = value;
        AA.setRelease(kv, i, key);
        return i + 1;
    }

    /** Key index of the first empty pair from a key's home pair on; read only by the table's builder or lock holder. */
    private static int emptyPair(Object[] kv, int hash) {
        int m = kv.length - 3;
        int i = hash & m;
        while (kv[i] != null) {
            i = (i + 2) & m;
        }
        return i;
    }
}
