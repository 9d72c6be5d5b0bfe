package io.gomap.core;

import java.util.Arrays;

/**
 * One bucket array of a {@link GoMap}: {@code 2^B} buckets of 8 slots plus a region of overflow buckets, in flat
 * arrays.
 *
 * <pre>
 * bucket b (main: b &lt; 2^B, overflow: b &gt;= 2^B)
 *   tophash[b]          one long; byte i (bits 8i..8i+7) is slot i's tophash or empty/evacuated state
 *   kv[16b .. 16b+15]   key0, value0, key1, value1, ... key7, value7   (key and value side by side)
 *   next[b]             index of the next bucket in b's overflow chain, 0 for none (bucket 0 is never an overflow)
 * </pre>
 *
 * <p>Go's {@code bmap} holds the same three parts in one struct. Keeping a bucket's eight tophash bytes in one
 * {@code long} lets a lookup match all eight at once (SWAR, as Swiss tables do), and keeping a key next to its value
 * puts both in one cache line. Overflow buckets come from a region after the main buckets; like Go's preallocated
 * overflow buckets ({@code makeBucketArray}) the region starts at {@code 2^(B-4)} buckets for {@code B >= 4} and
 * doubles when used up. {@code next} is allocated with the first overflow bucket.
 *
 * <p>This class owns the mechanics of one array: lookup, placing and deleting entries, the emptyRest marking, overflow
 * buckets. The owning {@link GoMap} keeps the policy (when to grow, what to evacuate, when to shrink) and is the only
 * writer. Methods that only read ({@link #find}, {@link #word}, {@link #key}, {@link #value}) write nothing, so an
 * unchanging array may be read by any number of threads once safely published.
 */
final class Buckets {

    /* ---------------- Constants ---------------- */

    static final int BUCKET_SIZE = 8;         // slots per bucket (Go's bucketCnt)

    static final int EMPTY_REST = 0;          // this slot is empty, and so is every later slot and overflow bucket
    static final int EMPTY_ONE = 1;           // this slot is empty
    static final int EVACUATED_X = 2;         // slot valid, entry evacuated to the first half of the larger array
    static final int EVACUATED_Y = 3;         // same as above, but evacuated to the second half
    static final int EVACUATED_EMPTY = 4;     // slot empty, bucket evacuated
    static final int MIN_TOPHASH = 5;         // smallest tophash of a filled slot

    /** Most buckets an array may have: {@link #kv} holds 16 references a bucket, and an array at most 2^31 - 9. */
    static final int MAX_BUCKETS = (Integer.MAX_VALUE - 8) / (2 * BUCKET_SIZE);

    private static final long LSB = 0x0101_0101_0101_0101L;
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long NOT_LSB = ~LSB;

    /* ---------------- Fields ---------------- */

    /** log2 of the number of main buckets. */
    final int log2;
    /** {@code 2^log2 - 1}: the low hash bits that pick a main bucket. */
    final int mask;
    /** Eight tophash bytes per bucket, main buckets first. Replaced only when the overflow region grows. */
    private long[] tophash;
    /** Sixteen references per bucket: keys at even, values at odd offsets. Replaced as {@link #tophash}. */
    private Object[] kv;
    /** Overflow links; {@code null} until the first overflow bucket is taken. Replaced as {@link #tophash}. */
    private int[] next;
    /** Index of the first overflow bucket not yet in use. */
    private int nextFree;

    Buckets(int log2) {
        int main = 1 << log2;
        int spare = log2 >= 4 ? 1 << (log2 - 4) : 0;
        this.log2 = log2;
        this.mask = main - 1;
        this.tophash = new long[main + spare];
        this.kv = new Object[(main + spare) * 2 * BUCKET_SIZE];
        this.nextFree = main;
    }

    /* ---------------- Tophash arithmetic ---------------- */

    /** The tophash of a mixed hash: its top 8 bits, moved above the marker values. */
    static int tophash(int hash) {
        int top = hash >>> 24;
        return top < MIN_TOPHASH ? top + MIN_TOPHASH : top;
    }

    /** A word with {@code top} in all eight bytes. */
    static long broadcast(int top) {
        return top * LSB;
    }

    /** The high bit of every byte of {@code word} equal to the matching byte of {@code pattern}; exact. */
    static long matches(long word, long pattern) {
        return zeroBytes(word ^ pattern);
    }

    /**
     * Like {@link #matches} in three operations instead of five, at the price of false positives: above a true match,
     * a byte differing from the pattern's only in its lowest bit may be flagged too. Lookups may use it: they compare
     * the key of every flagged slot, and such a byte is {@code top ^ 1 >= 4} with {@code top >= MIN_TOPHASH}, so it
     * is a filled slot's tophash or EVACUATED_EMPTY, which never occurs in a bucket a lookup walks.
     */
    static long candidates(long word, long pattern) {
        long x = word ^ pattern;
        return (x - LSB) & ~(x | LOW7);
    }

    /** The high bit of every empty byte ({@link #EMPTY_REST} or {@link #EMPTY_ONE}) of {@code word}. */
    static long empties(long word) {
        return zeroBytes(word & NOT_LSB);
    }

    /**
     * The high bit of every filled byte (tophash {@code >= MIN_TOPHASH}) of {@code word}. A byte below 0x80 with its
     * high bit forced on stays at least 0x80 - {@code MIN_TOPHASH} after the subtraction, so no borrow crosses bytes,
     * and it keeps its high bit exactly when it was at least {@code MIN_TOPHASH}; a byte at or above 0x80 is filled
     * anyway and keeps its own high bit through the final or.
     */
    static long filled(long word) {
        return (((word | ~LOW7) - MIN_TOPHASH * LSB) | word) & ~LOW7;
    }

    /**
     * The high bit of every byte of {@code word} whose slot still holds a key: filled, or evacuated to X or Y (an
     * evacuated slot keeps its key for the iterations that walk this array; see {@link Cursor}).
     */
    static long keyed(long word) {
        return filled(word) | zeroBytes((word & NOT_LSB) ^ broadcast(EVACUATED_X));
    }

    /**
     * Whether some slot of {@code word} is {@link #EMPTY_REST}, which ends a probe. The EMPTY_REST slots of a chain are
     * always a suffix of it: a bucket starts all EMPTY_REST, an insert fills the first empty slot of its chain,
     * {@link #delete} marks a slot EMPTY_REST only when the slot after it is, evacuation fills a bucket from slot 0
     * up, and evacuation marks are never EMPTY_REST. So some slot is EMPTY_REST exactly when the last one is, and
     * one test of the top byte does what a test of all eight would.
     */
    static boolean hasEmptyRest(long word) {
        return word >>> 56 == EMPTY_REST;
    }

    /** The high bit of every zero byte of {@code x}, without the false positives of the shorter borrow trick. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** The slot of the lowest byte flagged in a {@link #matches}/{@link #empties} result. */
    static int firstSlot(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    static int top(long word, int slot) {
        return (int) (word >>> (slot << 3)) & 0xFF;
    }

    private void setTop(int bucket, int slot, int top) {
        int shift = slot << 3;
        tophash[bucket] = (tophash[bucket] & ~(0xFFL << shift)) | ((long) top << shift);
    }

    /** Index of the key of {@code slot} in {@code bucket} (a "key index"); the value follows it. */
    static int keyIndex(int bucket, int slot) {
        return (bucket << 4) + (slot << 1);
    }

    /**
     * {@link #keyIndex} of the slot of the lowest flag in {@code flags} (a {@link #matches}/{@link #candidates}
     * result): the flag of slot s is bit 8s+7, and (8s+7) / 4 - 1 = 2s, one shift fewer than
     * {@code keyIndex(bucket, firstSlot(flags))} on a lookup's critical path.
     */
    static int keyIndexOf(int bucket, long flags) {
        return (bucket << 4) + (Long.numberOfTrailingZeros(flags) >>> 2) - 1;
    }

    /* ---------------- Slot access ---------------- */

    /** The eight tophash bytes of bucket {@code b}. */
    long word(int b) {
        return tophash[b];
    }

    /** Replaces the eight tophash bytes of bucket {@code b} (evacuation marks a whole bucket at once). */
    void setWord(int b, long word) {
        tophash[b] = word;
    }

    /** The key at key index {@code i}. */
    Object key(int i) {
        return kv[i];
    }

    /** The value of the key at key index {@code i}. */
    Object value(int i) {
        return kv[i + 1];
    }

    /** Sets the value of the key at key index {@code i}; null clears the reference of a moved entry. */
    void setValue(int i, Object value) {
        kv[i + 1] = value;
    }

    /** Fills slot {@code slot} of bucket {@code bucket}. */
    void place(int bucket, int slot, int top, Object key, Object value) {
        int i = keyIndex(bucket, slot);
        kv[i] = key;
        kv[i + 1] = value;
        setTop(bucket, slot, top);
    }

    /**
     * Puts an entry into the first empty slot of the chain of main bucket {@code bucket}, linking an overflow bucket
     * when every slot is taken (the insert half of Go's {@code mapassign}, after its probe missed).
     */
    void insert(int bucket, int top, Object key, Object value) {
        int b = bucket;
        long empty;
        while ((empty = empties(tophash[b])) == 0) {
            int n = nextOf(b);
            b = n != 0 ? n : newOverflow(b); // a new overflow bucket is all empty, which ends the loop
        }
        place(b, firstSlot(empty), top, key, value);
    }

    /**
     * Moves the entries of the slots flagged in {@code slots} (a {@link #filled} result for bucket {@code b} of
     * {@code from}) behind the last entry of bucket {@code last} of this array, in slot order, linking overflow buckets
     * as each fills, and clears the moved values in {@code from} (the keys stay, for the iterations walking it). Only
     * for chains filled densely from slot 0, whose last bucket is {@code last}: evacuation is the only writer of a new
     * bucket until the old buckets it draws from are all evacuated. Returns the chain's last bucket.
     */
    int moveDense(Buckets from, int b, long slots, int last) {
        long fromWord = from.tophash[b];
        int dest = last;
        long word = tophash[dest];
        int s = filledSlots(word);
        for (long m = slots; m != 0; m &= m - 1) {
            int slot = firstSlot(m);
            int i = keyIndex(b, slot);
            if (s == BUCKET_SIZE) {
                tophash[dest] = word;
                dest = newOverflow(dest);
                word = 0;
                s = 0;
            }
            int j = keyIndex(dest, s);
            kv[j] = from.kv[i];
            kv[j + 1] = from.kv[i + 1];
            from.kv[i + 1] = null;
            word |= (long) top(fromWord, slot) << (s << 3);
            s++;
        }
        tophash[dest] = word;
        return dest;
    }

    /** The last bucket of the chain of main bucket {@code bucket}. */
    int lastOf(int bucket) {
        int b = bucket;
        for (int n = nextOf(b); n != 0; n = nextOf(b)) {
            b = n;
        }
        return b;
    }

    /**
     * The tophash word of a bucket once evacuated: EVACUATED_X for the slots flagged in {@code live} (a {@link #filled}
     * result), EVACUATED_Y for those of them also flagged in {@code toY}, EVACUATED_EMPTY for the rest.
     */
    static long evacuationMarks(long live, long toY) {
        long liveBytes = (live >>> 7) * 0xFF;
        return (broadcast(EVACUATED_EMPTY) & ~liveBytes) | (broadcast(EVACUATED_X) & liveBytes)
                | (toY >>> 7) * (EVACUATED_Y - EVACUATED_X);
    }

    /**
     * Empties slot {@code slot} of bucket {@code b}, in the chain of main bucket {@code first} (Go's
     * {@code mapdelete}): clears both references, so the GC may take them, and marks the slot EMPTY_ONE, or, when every
     * later slot of the chain is empty too, turns it and the EMPTY_ONE run before it into EMPTY_REST so probes stop
     * there.
     */
    void delete(int first, int b, int slot) {
        int i = keyIndex(b, slot);
        kv[i] = null;
        kv[i + 1] = null;
        setTop(b, slot, EMPTY_ONE);
        if (slot == BUCKET_SIZE - 1) {
            int n = nextOf(b);
            if (n != 0 && top(tophash[n], 0) != EMPTY_REST) {
                return;
            }
        } else if (top(tophash[b], slot + 1) != EMPTY_REST) {
            return;
        }
        for (;;) {
            setTop(b, slot, EMPTY_REST);
            if (slot == 0) {
                if (b == first) {
                    return;
                }
                int c = b;
                for (b = first; nextOf(b) != c; b = nextOf(b)) {
                    // walk to the bucket before c
                }
                slot = BUCKET_SIZE - 1;
            } else {
                slot--;
            }
            if (top(tophash[b], slot) != EMPTY_ONE) {
                return;
            }
        }
    }

    /** Whether old bucket {@code b} has been moved to the new array (Go's {@code evacuated}). */
    boolean evacuated(int b) {
        int h = (int) tophash[b] & 0xFF;
        return h > EMPTY_ONE && h < MIN_TOPHASH;
    }

    /* ---------------- Lookup ---------------- */

    /**
     * Finds {@code key} in the chain of main bucket {@code bucket}. Returns its key index, or -1. Writes nothing.
     *
     * <p>A reader racing a writer (the misuse the detector reports, when it sees it) may follow a link to an overflow
     * bucket that lies beyond the arrays it read first, as the writer replaces them when the overflow region grows;
     * such a lookup ends as a miss rather than with an index error.
     */
    int find(int bucket, Object key, int hash) {
        long pattern = broadcast(tophash(hash));
        long[] th = tophash;
        Object[] slots = kv;
        int b = bucket;
        for (;;) {
            long word = th[b];
            for (long m = candidates(word, pattern); m != 0; m &= m - 1) {
                int i = keyIndexOf(b, m);
                Object k = slots[i];
                if (k == key || (key != null && key.equals(k))) {
                    return i;
                }
            }
            if (hasEmptyRest(word) || (b = nextOf(b)) == 0 || b >= th.length || b >= slots.length >>> 4) {
                return -1;
            }
        }
    }

    /** The overflow bucket after {@code b}, or 0. */
    int nextOf(int b) {
        int[] n = next;
        return n == null ? 0 : n[b];
    }

    /* ---------------- Overflow buckets ---------------- */

    /** Number of overflow buckets in use (Go's {@code noverflow}, exact here). */
    int overflowCount() {
        return nextFree - (mask + 1);
    }

    /**
     * Links a fresh overflow bucket after {@code last} (the end of a chain) and returns it (Go's {@code newoverflow}).
     */
    int newOverflow(int last) {
        if (nextFree == tophash.length || next == null) {
            reserveOverflow(1);
        }
        int b = nextFree++;
        next[last] = b;
        return b;
    }

    /**
     * Makes sure {@code n} free overflow buckets and the {@code next} links exist, doubling the overflow region (by at
     * least 4 buckets) until they do, so that the next {@code n} {@link #newOverflow} calls allocate nothing; the
     * links are allocated with the first overflow bucket. Every new array is allocated before any field changes: an
     * {@link OutOfMemoryError} leaves this array as it was. Kept out of {@link #newOverflow} so that the insert path,
     * which the JIT inlines into {@code put}, stays small.
     */
    void reserveOverflow(int n) {
        if (n <= 0) {
            return;
        }
        int capacity = overflowCapacity(tophash.length, mask + 1, nextFree, n);
        if (capacity != tophash.length) {
            long[] th = Arrays.copyOf(tophash, capacity);
            Object[] slots = Arrays.copyOf(kv, capacity * 2 * BUCKET_SIZE);
            int[] links = next == null ? new int[capacity] : Arrays.copyOf(next, capacity);
            tophash = th;
            kv = slots;
            next = links;
        } else if (next == null) {
            next = new int[capacity];
        }
    }

    /**
     * The number of buckets an array of {@code capacity} buckets, {@code main} of them main buckets and the first free
     * one {@code nextFree}, needs for {@code n} more overflow buckets: its capacity, or the overflow region doubled (by
     * at least 4 buckets) until they fit, and at most {@link #MAX_BUCKETS}, which a full map of the largest B
     * reaches; past it, the array cannot grow and a write needing it throws {@link OutOfMemoryError}, as the JDK does
     * for an array over its limit, before anything changes.
     */
    static int overflowCapacity(int capacity, int main, int nextFree, int n) {
        long c = capacity;
        while (c - nextFree < n) {
            c += Math.max(4, c - main);
        }
        if (c > MAX_BUCKETS) {
            if (MAX_BUCKETS - nextFree < n) {
                throw new OutOfMemoryError("GoMap: overflow buckets beyond an array's size limit");
            }
            c = MAX_BUCKETS;
        }
        return (int) c;
    }

    /**
     * The overflow buckets a chain whose last bucket is {@code last} links when {@link #moveDense} moves {@code n}
     * more entries behind it.
     */
    int overflowNeeded(int last, int n) {
        return (filledSlots(tophash[last]) + n - 1) / BUCKET_SIZE;
    }

    /** The filled slots of a bucket filled densely from slot 0 (no byte of a filled slot is zero). */
    private static int filledSlots(long word) {
        return (71 - Long.numberOfLeadingZeros(word)) >>> 3;
    }

    /**
     * Clears the evacuated slot of the chain of {@code bucket} that still holds {@code key} (the same object), if any:
     * the key was deleted from the new array, and no iteration needs it any more.
     */
    void forgetEvacuated(int bucket, Object key) {
        int b = bucket;
        do {
            long word = tophash[b];
            for (long f = keyed(word) & ~filled(word); f != 0; f &= f - 1) {
                int slot = firstSlot(f);
                int i = keyIndex(b, slot);
                if (kv[i] == key) {
                    kv[i] = null;
                    setTop(b, slot, EVACUATED_EMPTY);
                    return;
                }
            }
            b = nextOf(b);
        } while (b != 0);
    }

    /** Slots marked {@link #EMPTY_ONE}: deleted, and still walked past by probes. */
    int tombstones() {
        long ones = broadcast(EMPTY_ONE);
        int n = 0;
        for (int b = 0; b < nextFree; b++) {
            n += Long.bitCount(matches(tophash[b], ones));
        }
        return n;
    }

    /** Empties every bucket, keeping the arrays (Go's {@code mapclear} reuses its bucket memory). */
    void clear() {
        Arrays.fill(tophash, 0L);
        Arrays.fill(kv, null);
        if (next != null) {
            Arrays.fill(next, 0);
        }
        nextFree = mask + 1;
    }
}
