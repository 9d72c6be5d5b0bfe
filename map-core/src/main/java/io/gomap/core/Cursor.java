package io.gomap.core;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * One iteration over a {@link GoMap} (Go's {@code hiter}), tolerant of writes made by the iterating code.
 *
 * <p>The cursor keeps the bucket array that is current when it starts, its {@code home} (Go's {@code it.buckets}),
 * and walks the {@code 2^B} positions of that array once each, from a random position and with the slots of each
 * bucket rotated by a random offset. It never walks an array that a later growth, shrink or compaction creates, so
 * entries added after such a move are never produced and a range whose body keeps adding entries ends.
 *
 * <p>Each position is walked in place, slot by slot, from one source chosen when the cursor reaches it:
 * <ul>
 *   <li>the home bucket, normally;</li>
 *   <li>while home is current and still filling from the array of a growth that was under way when the cursor
 *       started, the old bucket(s) that home's bucket draws from, if they are not all evacuated yet: one bucket when
 *       doubling (keeping only the entries whose hash has this position in its low {@code B} bits, Go's
 *       {@code checkBucket}) or growing to the same size, both when shrinking.</li>
 * </ul>
 * An entry moves only out of an array, never within one or into an array the cursor has already chosen, so an entry
 * present throughout the iteration is produced exactly once.
 *
 * <p>A slot with a live tophash holds its entry's current key and value (writes evacuate an old bucket before they
 * change it). A slot that a growth, shrink or {@link GoMap#compact()} has evacuated keeps its key under the
 * EVACUATED_X/Y mark, without its value; the cursor looks such a key up in the map, skips it if it was deleted since
 * and else produces its current value (Go's {@code mapaccessK} in {@code mapiternext}). So the memory an iteration
 * holds is its home array, kept alive by the cursor after the map has moved on and until it ends (for a cursor that a
 * {@code clear()} ended, until its next step notices), as Go's iterator keeps {@code it.buckets}; keys deleted while
 * their evacuated copy sits in the map's old array are cleared there at once, and once no cursor refers to an array it
 * is garbage.
 *
 * <p>Between writes the cursor trusts the tophash word it has loaded; after any write that may change a word (the
 * map's {@code modCount} moved; replacing a present key's value does not move it) it reloads the word, dropping the
 * slots emptied since. The cursor writes nothing to the map, so any number of cursors may walk an unchanging map from
 * many threads.
 *
 * <p>Not final: the map's iterators extend it (see {@code GoMap.CursorIterator}).
 */
class Cursor<K, V> {

    private final GoMap<K, V> map;
    /**
     * The array current when the cursor started; the only array whose positions it walks. Null once the cursor has
     * ended, as {@link #source} is: an ended cursor holds neither the array it walked last, which may be an old array
     * the map has dropped, nor home, whose evacuated slots may hold keys deleted since. Only the last entry produced
     * stays referenced, as {@code HashMap}'s iterator keeps its last node (unless the iterator removed it, as there).
     */
    private Buckets home;
    /** {@code home.mask}: the low hash bits that give an entry's position. */
    private final int mask;
    /** The map's {@code clears} when the cursor started. */
    private final int clears;
    /** The first position walked. */
    private final int start;
    /** Bits to rotate a bucket's flags right by so that slot {@code offset} comes first: 8 times the slot offset. */
    private final int rotation;

    /** Positions started so far. */
    private int visited;
    /** The position being walked: a bucket index of {@link #home}. */
    private int position;
    /**
     * The array whose chain is being walked: {@link #home}, or the old array home draws from; null once the cursor has
     * ended. Starts as home and is stored only when it changes (see {@link #walk}).
     */
    private Buckets source;
    /** The bucket of {@link #source} being walked. */
    private int bucket;
    /** A second old bucket of {@link #source} to walk for this position (shrinking), or -1. */
    private int second = -1;
    /** Whether to keep only entries whose hash has {@link #position} under {@link #mask}. */
    private boolean filter;
    /** {@link #bucket}'s tophash word, as read at {@link #readAt}. */
    private long word;
    /** Slots of {@link #bucket} still to produce that held a key at {@link #readAt}; flags rotated by the offset. */
    private long pending;
    /** The map's modification count when {@link #word} was read. */
    private int readAt;

    /**
     * Key index, in {@link #source}, of the entry the last successful {@link #advance()} produced from a live slot, or
     * -1 when it came from an evacuated one (its value was looked up in a newer array).
     */
    private int producedAt = -1;

    /** The entry produced by the last successful {@link #advance()}. */
    K key;
    V value;

    Cursor(GoMap<K, V> map) {
        this.map = map;
        this.home = map.buckets();
        this.mask = home.mask;
        this.clears = map.clears();
        this.source = home;
        long r = ThreadLocalRandom.current().nextLong();
        this.start = (int) r & mask;
        this.rotation = ((int) (r >>> 32) & (Buckets.BUCKET_SIZE - 1)) << 3;
    }

    /**
     * Moves to the next entry and returns true, or returns false at the end; not to be called again after that. The
     * detector is checked when the step starts with the loaded bucket finished, so once per bucket rather than at
     * every entry as Go's {@code mapiternext} does: each check is an opaque read, which the JIT does not move loads or
     * stores across, and one per entry keeps it from holding an iterator's fields in registers (see
     * {@code GoMap.CursorIterator}).
     */
    boolean advance() {
        if (pending == 0) {
            map.checkIteration();
        }
        for (;;) {
            if (pending != 0) {
                if (map.modCount() != readAt) {
                    reload();
                }
                long p = pending;
                if (p != 0) {
                    pending = p & (p - 1);
                    if (produce(slotOf(p))) {
                        return true;
                    }
                    continue;
                }
            }
            if (!nextBucket()) {
                // Ended. The arrays are dropped here, not in a method: C2 does not inline a call that ran fewer than
                // MinInliningThreshold (250) times when it compiles the caller, and a walk ends once, so after a few
                // walks of a large map such a call would still be there, take the cursor, and keep C2 from
                // scalar-replacing an iterator in the caller's loop (a 1M-entry entrySet loop took 1.7x as long).
                source = null;
                home = null;
                return false;
            }
        }
    }

    /**
     * Hands every remaining entry to {@code action}, as a loop of {@link #advance()} would. When a bucket is loaded
     * and every slot it has to produce was live when its word was read, in a bucket walked unfiltered (one mask test
     * per bucket), its entries go straight from the array into the call, in a loop that keeps its state in locals
     * and stops at the first write; anything else (the rest of a bucket after a write by the action, an evacuated
     * slot, an old bucket shared by two positions) goes through {@link #advance()}. The detector is checked once per
     * bucket, as {@link #advance()} checks it.
     */
    @SuppressWarnings("unchecked")
    void acceptRemaining(BiConsumer<? super K, ? super V> action) {
        for (;;) {
            long p = pending;
            if (p == 0) {
                map.checkIteration();
                if (!nextBucket()) {
                    source = null; // ended, as in advance()
                    home = null;
                    return;
                }
                p = pending;
                if (filter || (p & ~Long.rotateRight(Buckets.filled(word), rotation)) != 0) {
                    continue;
                }
                Buckets s = source;
                int b = bucket;
                int at = readAt;
                try {
                    while (p != 0 && map.modCount() == at) {
                        int i = Buckets.keyIndex(b, slotOf(p));
                        p &= p - 1;
                        action.accept((K) s.key(i), (V) s.value(i));
                    }
                } finally {
                    pending = p; // also when the action throws: an iterator goes on after the entry it threw on
                }
            } else if (advance()) {
                action.accept(key, value);
            } else {
                return;
            }
        }
    }

    /**
     * Hands every entry to {@code action}, as {@link #acceptRemaining} does, for a cursor that has not started and
     * that its caller drops afterwards: an action that throws leaves the cursor in no state to go on from (an
     * iterator's {@code forEachRemaining} keeps that state, so it uses {@link #acceptRemaining}).
     */
    void acceptAll(BiConsumer<? super K, ? super V> action) {
        if (!walkSettled(action)) {
            acceptRemaining(action);
        }
    }

    /**
     * The walk of {@link #acceptAll} while the map is settled on home (no growth, shrink or compaction under way) and
     * nothing writes to it: every slot of home then holds a live entry or nothing, so the walk keeps its whole state
     * in locals and tests only the modification count, after each entry, where {@link #acceptRemaining} loads every
     * bucket through the cursor's fields. Returns true at the end of the walk. Returns false when the map is not so
     * settled, or after the first write, having stored the state that a loop of {@link #advance()} would have reached
     * at that entry for {@link #acceptRemaining} to go on from.
     */
    @SuppressWarnings("unchecked")
    private boolean walkSettled(BiConsumer<? super K, ? super V> action) {
        Buckets t = home;
        GoMap<K, V> m = map;
        if (m.settled() != t) {
            return false;
        }
        int at = m.modCount();
        for (int v = 0; v <= mask; v++) {
            int pos = (start + v) & mask;
            int b = pos;
            long w;
            do {
                m.checkIteration();
                w = t.word(b);
                for (long p = Long.rotateRight(Buckets.filled(w), rotation); p != 0; ) {
                    int i = Buckets.keyIndex(b, slotOf(p));
                    p &= p - 1;
                    action.accept((K) t.key(i), (V) t.value(i));
                    if (m.modCount() != at) {
                        stop(v, pos, b, w, p, at);
                        return false;
                    }
                }
            } while (!Buckets.hasEmptyRest(w) && (b = t.nextOf(b)) != 0);
        }
        source = null; // ended, as in advance()
        home = null;
        return true;
    }

    /**
     * Stores the state of a walk that is at bucket {@code b} of position {@code pos}, the {@code v}-th, with the
     * slots flagged in {@code p} still to produce from {@code word}, read at modification count {@code at}.
     */
    private void stop(int v, int pos, int b, long w, long p, int at) {
        visited = v + 1;
        position = pos;
        bucket = b;
        word = w;
        pending = p;
        readAt = at;
    }

    /** The slot of the lowest pending flag {@code p}, undoing the rotation. */
    private int slotOf(long p) {
        return ((Long.numberOfTrailingZeros(p) + rotation) >>> 3) & (Buckets.BUCKET_SIZE - 1);
    }

    /**
     * Sets {@link #key} and {@link #value} from {@code slot} of the loaded bucket and returns true, or returns false
     * when the slot's entry belongs to another position or is gone from the map.
     */
    @SuppressWarnings("unchecked")
    private boolean produce(int slot) {
        int i = Buckets.keyIndex(bucket, slot);
        Object k = source.key(i);
        if (filter && (map.hash(k) & mask) != position) {
            return false;
        }
        Object v;
        if (Buckets.top(word, slot) >= Buckets.MIN_TOPHASH) {
            v = source.value(i);
            producedAt = i;
        } else {
            producedAt = -1;
            // Evacuated since the cursor started: the entry, if still there, is in a newer array.
            int h = map.hash(k);
            Buckets t = map.bucketsFor(h);
            int j = t.find(h & t.mask, k, h);
            if (j < 0) {
                return false;
            }
            v = t.value(j);
        }
        key = (K) k;
        value = (V) v;
        return true;
    }

    /**
     * Replaces the value of the entry the last {@link #advance()} produced, in the slot it was produced from, and returns
     * true; or writes nothing and returns false when that slot may no longer be where the map keeps the entry (see
     * {@link GoMap#trySetValueAt}), for the caller to write by key instead.
     */
    boolean trySetValue(V v) {
        return producedAt >= 0 && map.trySetValueAt(source, producedAt, v, readAt);
    }

    /**
     * Reads the bucket again after a write, keeping only the pending slots that still hold a key. After a clear()
     * every entry the cursor could still produce is gone, so it ends.
     */
    private void reload() {
        if (map.clears() != clears) {
            visited = mask + 1;
            second = -1;
            pending = 0;
            word = 0;
            return;
        }
        readAt = map.modCount();
        word = source.word(bucket);
        pending &= Long.rotateRight(Buckets.keyed(word), rotation);
    }

    /** Loads bucket {@code b} of {@link #source}. */
    private void load(int b) {
        bucket = b;
        readAt = map.modCount();
        word = source.word(b);
        pending = Long.rotateRight(Buckets.keyed(word), rotation);
    }

    /** Loads the next bucket of the current chain, else of the current position, else of the next one. */
    private boolean nextBucket() {
        int b = -1;
        if (visited == 0) { // nothing loaded yet, so no reload() would notice a clear() since the cursor started
            if (map.clears() != clears) {
                return false;
            }
        } else {
            if (map.modCount() != readAt) {
                reload();
            }
            int n;
            if (!Buckets.hasEmptyRest(word) && (n = source.nextOf(bucket)) != 0) {
                b = n;
            } else if (second >= 0) {
                b = second;
                second = -1;
            }
        }
        if (b < 0) {
            if (visited > mask) {
                return false;
            }
            position = (start + visited++) & mask;
            b = choose();
        }
        load(b);
        return true;
    }

    /** Picks the source of the new {@link #position} (see the class comment) and returns its first bucket there. */
    private int choose() {
        Buckets old = map.oldBuckets();
        filter = false;
        if (old != null && map.buckets() == home) {
            int b = chooseOld(old);
            if (b >= 0) {
                return b;
            }
        }
        walk(home);
        return position;
    }

    /**
     * While home is current and still filling from {@code old}: makes the old bucket(s) that home's bucket at
     * {@link #position} draws from the source and returns the first, or returns -1 when they are all evacuated. Kept
     * out of {@link #choose()}, which every walk runs once per position: C2 inlines a method of this size only at a
     * call site it has seen run often, so where walks rarely meet a growth this stays a call, and {@link #advance()},
     * compiled on its own, stays under the size (InlineSmallCode, 2,500 bytes) above which C2 no longer inlines it
     * into an iterator's loop. Inline, it had taken one compilation of {@link #advance()} to 2,592 bytes.
     */
    private int chooseOld(Buckets old) {
        if (old.log2 <= home.log2) {
            int ob = position & old.mask;
            if (!old.evacuated(ob)) {
                walk(old);
                filter = old.log2 < home.log2;
                return ob;
            }
        } else {
            int sibling = position + mask + 1;
            if (!old.evacuated(position) || !old.evacuated(sibling)) {
                walk(old);
                second = sibling;
                return position;
            }
        }
        return -1;
    }

    /** Makes {@code array} the {@link #source}; stores only on a change, as a reference store costs a GC barrier. */
    private void walk(Buckets array) {
        if (source != array) {
            source = array;
        }
    }
}
