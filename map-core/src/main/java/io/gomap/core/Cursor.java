package io.gomap.core;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One iteration over a {@link GoMap} (Go's {@code hiter}), tolerant of writes made by the iterating code.
 *
 * <p>The cursor fixes, when it starts, the bucket count {@code 2^B} of the map's current array and a random start
 * position and slot offset. It then visits the {@code 2^B} positions once each. At position {@code j} it gathers every
 * entry whose hash has {@code j} in its low {@code B} bits, wherever the map keeps such entries now:
 * <ul>
 *   <li>in new bucket {@code j}, when the map has not grown since the cursor started;</li>
 *   <li>in the not yet evacuated old bucket {@code j}'s entries map to, keeping only those that hash to {@code j}
 *       (Go's {@code checkBucket});</li>
 *   <li>in buckets {@code j}, {@code j + 2^B}, {@code j + 2*2^B}, ... when the map has doubled since.</li>
 * </ul>
 * Each key hashes to exactly one position, so an entry present for the whole iteration is produced exactly once.
 *
 * <p>The entries of a position are copied into a buffer before any is handed out, so the caller may write the map
 * between steps. If the map was written since the copy, each buffered key is looked up again before it is produced:
 * an entry removed before it was reached is skipped and the value produced is the current one. The cursor writes
 * nothing to the map, so any number of cursors may walk an unchanging map from many threads.
 */
final class Cursor<K, V> {

    private final GoMap<K, V> map;
    private final int log2;
    private final int mask;
    private final int start;
    private final int offset;

    /** Positions gathered so far. */
    private int visited;
    /** The position in the buffer. */
    private int position;
    /** Keys and values of the current position, side by side. */
    private Object[] buffer = new Object[2 * Buckets.BUCKET_SIZE];
    private int length;
    private int next;
    /** The map's modification count when the buffer was filled. */
    private int filledAt;

    /** The entry produced by the last successful {@link #advance()}. */
    K key;
    V value;

    Cursor(GoMap<K, V> map) {
        this.map = map;
        Buckets t = map.currentBuckets();
        this.log2 = t.log2;
        this.mask = t.mask;
        long r = ThreadLocalRandom.current().nextLong();
        this.start = (int) r & mask;
        this.offset = (int) (r >>> 32) & (Buckets.BUCKET_SIZE - 1);
    }

    /** Moves to the next entry and returns true, or returns false at the end. */
    @SuppressWarnings("unchecked")
    boolean advance() {
        map.checkIteration();
        for (;;) {
            while (next < length) {
                Object k = buffer[next];
                Object v = buffer[next + 1];
                buffer[next] = null;
                buffer[next + 1] = null;
                next += 2;
                if (map.modCount() != filledAt) {
                    // Written since the copy: the golden data may have changed or gone (Go's mapaccessK).
                    int h = map.hash(k);
                    Buckets t = map.bucketsFor(h);
                    int i = t.find(h & t.mask, k, h);
                    if (i < 0) {
                        continue;
                    }
                    v = t.kv[i + 1];
                }
                key = (K) k;
                value = (V) v;
                return true;
            }
            if (visited > mask) {
                key = null;
                value = null;
                return false;
            }
            position = (start + visited++) & mask;
            gather();
        }
    }

    /** Copies into the buffer every entry whose hash has {@link #position} in its low {@link #log2} bits. */
    private void gather() {
        length = 0;
        next = 0;
        filledAt = map.modCount();
        Buckets t = map.currentBuckets();
        Buckets old = map.growingFrom();
        if (t.log2 >= log2) {
            for (int b = position; b <= t.mask; b += mask + 1) {
                gatherBucket(t, old, b, false);
            }
        } else {
            // The map has fewer buckets than when the cursor started: several positions share bucket b.
            gatherBucket(t, old, position & t.mask, true);
        }
    }

    /** Gathers the entries of new bucket {@code b}, from the old array while its old bucket is not evacuated. */
    private void gatherBucket(Buckets t, Buckets old, int b, boolean filterPosition) {
        if (old != null && !old.evacuated(b & old.mask)) {
            boolean filterBucket = old.log2 < t.log2;
            gatherChain(old, b & old.mask, filterBucket ? t.mask : 0, b, filterPosition);
        } else {
            gatherChain(t, b, 0, 0, filterPosition);
        }
    }

    /**
     * Gathers the chain of bucket {@code b} of {@code src}, in slot order rotated by {@link #offset}, keeping only
     * entries whose hash has {@code bucket} under {@code bucketMask} (no filter when the mask is 0) and, if asked, the
     * position being gathered under {@link #mask}.
     */
    private void gatherChain(Buckets src, int b, int bucketMask, int bucket, boolean filterPosition) {
        do {
            long word = src.tophash[b];
            for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
                int slot = (s + offset) & (Buckets.BUCKET_SIZE - 1);
                if (Buckets.top(word, slot) < Buckets.MIN_TOPHASH) {
                    continue;
                }
                int i = Buckets.keyIndex(b, slot);
                Object k = src.kv[i];
                if (bucketMask != 0 || filterPosition) {
                    int h = map.hash(k);
                    if ((h & bucketMask) != bucket || (filterPosition && (h & mask) != position)) {
                        continue;
                    }
                }
                append(k, src.kv[i + 1]);
            }
            if (Buckets.hasEmptyRest(word)) {
                return;
            }
            b = src.nextOf(b);
        } while (b != 0);
    }

    private void append(Object k, Object v) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, length * 2);
        }
        buffer[length++] = k;
        buffer[length++] = v;
    }
}
