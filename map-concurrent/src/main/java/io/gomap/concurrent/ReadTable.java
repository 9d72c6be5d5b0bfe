package io.gomap.concurrent;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;

/**
 * The read snapshot of a {@link SyncMap} (Go's {@code readOnly}): an immutable hash table from keys to entries, built
 * once from the dirty map at promotion and never written afterwards, plus Go's {@code amended} flag.
 *
 * <pre>
 * slot i (capacity 2^k slots, at most half of them filled)
 *   slots[2i]       the key, or null for an empty slot
 *   slots[2i + 1]   its entry
 * </pre>
 *
 * <p>Open addressing with linear probing over one flat array, keys side by side with their entries: a key lives in
 * its home slot (the low bits of its hash) or in the first empty slot after it at build time. Nothing is ever removed,
 * so a lookup walks from the home slot until it finds the key or an empty slot. A hit on the very key object stored
 * (the usual case for keys that are interned, enums or reused instances) costs the hash, one array load and an
 * identity check, with the entry in the same cache line.
 *
 * <p>Why not Go's bucket layout, as {@code GoMap} has it: measured on this project's machine, a lookup that first
 * matches a bucket's tophash word and then loads the key depends on one more load and a few more instructions than one
 * that loads the key at once, and took 1.5 to 2 times as long for 1,000 keys in cache; at a million keys it fetches
 * two cache lines instead of one. Tophash bytes pay off when a table is probed past many non-matching keys, which a table
 * at most half full rarely is.
 *
 * <p>Why not the {@code GoMap} the dirty map is, promoted as Go promotes its map: every lock-free load pays for the
 * snapshot's lookup, and a table that is never written needs no growth state, no overflow chains and no tombstones. The
 * O(n) copy made at promotion is paid, like Go's copy of read into dirty, by the misses that triggered it.
 *
 * <p>Instances are immutable and safely published through the map's volatile field; any number of threads may read
 * one concurrently. Keys are never null.
 *
 * @param <K> the key type
 * @param <E> the entry type (SyncMap's cell)
 */
final class ReadTable<K, E> {

    /* ---------------- Constants ---------------- */

    private static final int GOLDEN = 0x9E37_79B9;                // 2^32 / phi: spreads every hashCode bit upwards

    /** The snapshot of a map with no keys. */
    private static final ReadTable<?, ?> EMPTY = new ReadTable<>(2, 0, false);

    /* ---------------- Fields ---------------- */

    /** Keys at even and entries at odd offsets, two per slot; written only while the table is built. */
    private final Object[] slots;

    /** Number of slots minus one; the number of slots is a power of two at least twice {@link #size}. */
    private final int mask;

    /** Mixed into every hash, as Go's {@code hash0}: a new table gets a new seed. */
    private final int seed;

    /** Number of keys. */
    private final int size;

    /** True when the dirty map holds keys this table lacks (Go's {@code readOnly.amended}). */
    final boolean amended;

    private ReadTable(int capacity, int size, boolean amended) {
        this.slots = new Object[2 * capacity];
        this.mask = capacity - 1;
        this.seed = ThreadLocalRandom.current().nextInt();
        this.size = size;
        this.amended = amended;
    }

    /** A copy sharing this table's array, with another {@link #amended} flag. */
    private ReadTable(ReadTable<K, E> table, boolean amended) {
        this.slots = table.slots;
        this.mask = table.mask;
        this.seed = table.seed;
        this.size = table.size;
        this.amended = amended;
    }

    /* ---------------- Construction ---------------- */

    @SuppressWarnings("unchecked")
    static <K, E> ReadTable<K, E> empty() {
        return (ReadTable<K, E>) EMPTY;
    }

    /** A table holding every entry of {@code source}, whose keys must be non-null and distinct; not amended. */
    static <K, E> ReadTable<K, E> of(Map<K, E> source) {
        int n = source.size();
        int capacity = 2;
        while (capacity < 2L * n) {
            capacity <<= 1;
        }
        ReadTable<K, E> t = new ReadTable<>(capacity, n, false);
        source.forEach(t::place);
        return t;
    }

    /** The same table with the amended flag set or cleared. */
    ReadTable<K, E> withAmended(boolean amended) {
        return amended == this.amended ? this : new ReadTable<>(this, amended);
    }

    /** Puts a key known to be absent into the first empty slot from its home slot on; only while building. */
    private void place(K key, E entry) {
        int i = hash(key) & mask;
        while (slots[i << 1] != null) {
            i = (i + 1) & mask;
        }
        slots[i << 1] = key;
        slots[(i << 1) + 1] = entry;
    }

    /* ---------------- Lookup ---------------- */

    /** The key's hashCode mixed with the seed; the multiply and the fold give every bit a say in the low bits. */
    private int hash(Object key) {
        int x = (key.hashCode() ^ seed) * GOLDEN;
        return x ^ (x >>> 16);
    }

    /** The entry of {@code key}, or null. Identity is checked before {@code equals}. Writes nothing. */
    @SuppressWarnings("unchecked")
    E get(Object key) {
        Object[] kv = slots;
        int m = mask;
        for (int i = hash(key) & m;; i = (i + 1) & m) {
            Object k = kv[i << 1];
            if (k == key) {
                return (E) kv[(i << 1) + 1];
            }
            if (k == null) {
                return null;
            }
            if (key.equals(k)) {
                return (E) kv[(i << 1) + 1];
            }
        }
    }

    int size() {
        return size;
    }

    /* ---------------- Traversal ---------------- */

    /**
     * Calls {@code action} for every key and entry until it returns false, starting at a random slot as Go's
     * iteration does, so no caller comes to rely on an order.
     */
    void forEach(BiPredicate<? super K, ? super E> action) {
        for (Cursor<K, E> c = cursor(); c.advance(); ) {
            if (!action.test(c.key, c.entry)) {
                return;
            }
        }
    }

    /** A cursor over the table's entries, for iterators that hand out one entry at a time. */
    Cursor<K, E> cursor() {
        return new Cursor<>(this);
    }

    /**
     * Walks the filled slots of one table from a random slot.
     *
     * @param <K> the key type
     * @param <E> the entry type
     */
    static final class Cursor<K, E> {
        private final ReadTable<K, E> table;
        private final int start;
        private int visited;      // slots looked at so far
        K key;
        E entry;

        private Cursor(ReadTable<K, E> table) {
            this.table = table;
            this.start = ThreadLocalRandom.current().nextInt(table.mask + 1);
        }

        /** Moves to the next entry, setting {@link #key} and {@link #entry}; false when the table is exhausted. */
        @SuppressWarnings("unchecked")
        boolean advance() {
            Object[] kv = table.slots;
            while (visited <= table.mask) {
                int i = (start + visited++) & table.mask;
                Object k = kv[i << 1];
                if (k != null) {
                    key = (K) k;
                    entry = (E) kv[(i << 1) + 1];
                    return true;
                }
            }
            return false;
        }
    }
}
