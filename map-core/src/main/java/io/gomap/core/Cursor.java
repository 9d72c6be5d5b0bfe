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
 *   <li>in bucket {@code j}, when the map has the same size as when the cursor started;</li>
 *   <li>in buckets {@code j}, {@code j + 2^B}, {@code j + 2*2^B}, ... when the map has grown since;</li>
 *   <li>in bucket {@code j mod 2^B'}, keeping only the entries that hash to {@code j} (Go's {@code checkBucket}),
 *       when the map has fewer buckets ({@code 2^B'}) than the cursor, because it has shrunk or been compacted, or
 *       because the entries still wait in the old array of a growth;</li>
 *   <li>in both arrays, by these rules, while the map is growing or shrinking: the old buckets not yet evacuated and
 *       the new array.</li>
 * </ul>
 * Each key hashes to exactly one position (the map keeps its seed while it holds entries), so an entry present for
 * the whole iteration is produced exactly once.
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

    /**
     * Copies into the buffer every entry whose hash has {@link #position} in its low {@link #log2} bits. Each entry is
     * in exactly one place: in its old bucket while that is not evacuated, else in the current array (a write
     * evacuates the old buckets a new bucket draws from before it touches that bucket). So gathering from both arrays
     * finds each entry once, whether the map has grown, shrunk or been compacted since the cursor started.
     */
    private void gather() {
        length = 0;
        next = 0;
        filledAt = map.modCount();
        Buckets old = map.growingFrom();
        if (old != null) {
            gatherFrom(old, true);
        }
        gatherFrom(map.currentBuckets(), false);
    }

    /**
     * Gathers from {@code src} the buckets that can hold entries of {@link #position}: with at least as many buckets
     * as the cursor, every bucket congruent to the position; with fewer, the one bucket it shares with other
     * positions, keeping only the entries of this one. Skips evacuated buckets when {@code old}.
     */
    private void gatherFrom(Buckets src, boolean old) {
        if (src.log2 >= log2) {
            for (int b = position; b <= src.mask; b += mask + 1) {
                if (!old || !src.evacuated(b)) {
                    gatherChain(src, b, false);
                }
            }
        } else {
            int b = position & src.mask;
            if (!old || !src.evacuated(b)) {
                gatherChain(src, b, true);
            }
        }
    }

    /**
     * Gathers the chain of bucket {@code b} of {@code src}, in slot order rotated by {@link #offset}; if
     * {@code filter}, only entries whose hash has {@link #position} under {@link #mask}.
     */
    private void gatherChain(Buckets src, int b, boolean filter) {
        Object[] kv = src.kv;
        do {
            long word = src.tophash[b];
            // Rotating the filled-slot flags right by `offset` bytes puts slot `offset` first and wraps the rest.
            for (long f = Long.rotateRight(Buckets.filled(word), offset << 3); f != 0; f &= f - 1) {
                int slot = (Buckets.firstSlot(f) + offset) & (Buckets.BUCKET_SIZE - 1);
                int i = Buckets.keyIndex(b, slot);
                Object k = kv[i];
                if (filter && (map.hash(k) & mask) != position) {
                    continue;
                }
                append(k, kv[i + 1]);
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
