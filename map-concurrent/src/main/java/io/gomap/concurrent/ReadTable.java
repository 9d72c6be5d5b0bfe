package io.gomap.concurrent;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;

/**
 * The read snapshot of a {@link SyncMap} (Go's {@code readOnly}): an immutable hash table from keys to entries, built
 * once from the dirty map at promotion and never written afterwards, plus Go's {@code amended} flag.
 *
 * <pre>
 * bucket b (2^B buckets)
 *   tophash[b]          one long; byte i is 0 for an empty slot, else 0x80 | the hash's top 7 bits
 *   slots[16b .. 16b+15] key0, entry0, key1, entry1, ... key7, entry7   (key and entry side by side)
 * </pre>
 *
 * <p>This is the layout of a Go bucket without overflow chains. A key lives in its home bucket (the hash's low B bits)
 * or, when that was full at build time, in the first bucket after it with a free slot (linear probing by bucket, as
 * Swiss tables probe by group). Nothing is ever removed, so every bucket between a key's home and its place is full,
 * and a lookup stops at the first bucket that has an empty slot. The table is sized for at most four entries per
 * bucket on average, which keeps almost every key in its home bucket.
 *
 * <p>Why not the {@code GoMap} the dirty map is: a lookup here touches the snapshot object, one tophash word and one
 * line of {@code slots}, with no growth state to consult. The snapshot is what every lock-free load reads, so its
 * lookup is the cost of {@link SyncMap#get}; the O(n) copy made at promotion is paid, like Go's copy of read into
 * dirty, by the misses that triggered it.
 *
 * <p>Instances are immutable and safely published through the map's volatile field; any number of threads may read
 * one concurrently. Keys are never null.
 *
 * @param <K> the key type
 * @param <E> the entry type (SyncMap's cell)
 */
final class ReadTable<K, E> {

    /* ---------------- Constants ---------------- */

    private static final int SLOTS = 8;                           // slots per bucket, as Go's bucketCnt
    private static final int MAX_LOAD = 4;                        // entries per bucket, on average, at most
    private static final int GOLDEN = 0x9E37_79B9;                // 2^32 / phi: spreads every hashCode bit upwards
    private static final long LSB = 0x0101_0101_0101_0101L;       // the low bit of every byte
    private static final long HIGH = 0x8080_8080_8080_8080L;      // the high bit of every byte: set in filled slots

    /** The snapshot of a map with no keys. */
    private static final ReadTable<?, ?> EMPTY = new ReadTable<>(0, 0, false);

    /* ---------------- Fields ---------------- */

    /** Eight tophash bytes per bucket; written only while the table is built. */
    private final long[] tophash;

    /** Sixteen references per bucket, keys at even and entries at odd offsets; written only while built. */
    private final Object[] slots;

    /** {@code 2^B - 1}. */
    private final int mask;

    /** Mixed into every hash, as Go's {@code hash0}: a new table gets a new seed. */
    private final int seed;

    /** Number of keys. */
    private final int size;

    /** True when the dirty map holds keys this table lacks (Go's {@code readOnly.amended}). */
    final boolean amended;

    private ReadTable(int log2, int size, boolean amended) {
        this.tophash = new long[1 << log2];
        this.slots = new Object[(1 << log2) * 2 * SLOTS];
        this.mask = (1 << log2) - 1;
        this.seed = ThreadLocalRandom.current().nextInt();
        this.size = size;
        this.amended = amended;
    }

    /** A copy sharing this table's arrays, with another {@link #amended} flag. */
    private ReadTable(ReadTable<K, E> table, boolean amended) {
        this.tophash = table.tophash;
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
        int log2 = 0;
        while ((long) MAX_LOAD << log2 < n) {
            log2++;
        }
        ReadTable<K, E> t = new ReadTable<>(log2, n, false);
        source.forEach(t::place);
        return t;
    }

    /** The same table with the amended flag set or cleared. */
    ReadTable<K, E> withAmended(boolean amended) {
        return amended == this.amended ? this : new ReadTable<>(this, amended);
    }

    /** Puts a key known to be absent into the first free slot from its home bucket on; only while building. */
    private void place(K key, E entry) {
        int h = hash(key);
        int b = h & mask;
        long top = tophashOf(h);
        for (;; b = (b + 1) & mask) {
            long free = ~tophash[b] & HIGH;
            if (free != 0) {
                int slot = Long.numberOfTrailingZeros(free) >>> 3;
                tophash[b] |= top << (slot << 3);
                slots[(b << 4) + (slot << 1)] = key;
                slots[(b << 4) + (slot << 1) + 1] = entry;
                return;
            }
        }
    }

    /* ---------------- Lookup ---------------- */

    private int hash(Object key) {
        int x = (key.hashCode() ^ seed) * GOLDEN;
        return x ^ (x >>> 16);
    }

    /** The tophash byte of a hash: its top seven bits with the high bit set, so that no filled slot reads 0. */
    private static long tophashOf(int hash) {
        return (hash >>> 25) | 0x80;
    }

    /**
     * The entry of {@code key}, or null. Matches the eight tophash bytes of a bucket at once: {@code (x - LSB) & ~x}
     * flags every zero byte of {@code x = word ^ pattern}, and may also flag a byte just above a true match that
     * differs from the pattern in its lowest bit only; such a byte belongs to a filled slot (its high bit is set), so
     * comparing its key is merely wasted, never wrong. Writes nothing.
     */
    @SuppressWarnings("unchecked")
    E get(Object key) {
        int h = hash(key);
        long[] th = tophash;
        Object[] kv = slots;
        long pattern = tophashOf(h) * LSB;
        for (int b = h & mask;; b = (b + 1) & mask) {
            long word = th[b];
            long x = word ^ pattern;
            for (long m = (x - LSB) & ~x & HIGH; m != 0; m &= m - 1) {
                int i = (b << 4) + ((Long.numberOfTrailingZeros(m) >>> 3) << 1);
                Object k = kv[i];
                if (k == key || key.equals(k)) {
                    return (E) kv[i + 1];
                }
            }
            if ((~word & HIGH) != 0) {
                return null;
            }
        }
    }

    int size() {
        return size;
    }

    /* ---------------- Traversal ---------------- */

    /**
     * Calls {@code action} for every key and entry until it returns false, starting at a random bucket as Go's
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
     * Walks the filled slots of one table from a random bucket.
     *
     * @param <K> the key type
     * @param <E> the entry type
     */
    static final class Cursor<K, E> {
        private final ReadTable<K, E> table;
        private final int start;
        private int visited;      // buckets fully consumed
        private long pending;     // filled slots of the current bucket not yet handed out
        K key;
        E entry;

        private Cursor(ReadTable<K, E> table) {
            this.table = table;
            this.start = ThreadLocalRandom.current().nextInt(table.mask + 1);
            this.pending = table.tophash[start] & HIGH;
        }

        /** Moves to the next entry, setting {@link #key} and {@link #entry}; false when the table is exhausted. */
        @SuppressWarnings("unchecked")
        boolean advance() {
            int buckets = table.mask + 1;
            while (pending == 0) {
                if (++visited >= buckets) {
                    return false;
                }
                pending = table.tophash[(start + visited) & table.mask] & HIGH;
            }
            int b = (start + visited) & table.mask;
            int i = (b << 4) + ((Long.numberOfTrailingZeros(pending) >>> 3) << 1);
            pending &= pending - 1;
            key = (K) table.slots[i];
            entry = (E) table.slots[i + 1];
            return true;
        }
    }
}
