package io.gomap.core;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A hash map laid out and grown the way Go's runtime lays out and grows its built-in {@code map}: buckets of eight
 * slots with a tophash byte each, overflow chains, load factor 6.5, incremental growth, randomized iteration order,
 * and a fail-fast detector that throws {@link ConcurrentMapAccessException} where Go would stop the program with
 * {@code fatal error: concurrent map writes}.
 *
 * <p>Like {@link java.util.HashMap} it permits null keys and null values and is not thread-safe: use it from one thread
 * at a time, or share it read-only after safe publication (reads write nothing, so any number of threads may read an
 * unchanging map). Unlike {@code HashMap}, and like Go, the map may be changed while it is being iterated, by the
 * iterating code itself: an entry removed before the iteration reaches it is not produced, an entry added may or may
 * not be produced, an entry present throughout is produced exactly once with its current value, also across growth,
 * shrinking and {@link #compact()}, and an iteration ends however many entries its body adds: it walks the bucket
 * array the map had when it started, so entries added after the map has grown are never produced. Each iteration
 * starts at a random bucket and slot, so two iterations usually differ in order. An iterator's {@code hasNext()}
 * finds the next entry ahead of {@code next()}, and {@code next()} returns that entry as {@code hasNext()} found it,
 * even if the map was written in between (the entry removed, its value replaced, the map cleared); a for-each loop
 * writes only after {@code next()}, so it never sees this. A view's {@code forEach}, a stream of a view and an
 * iterator's {@code forEachRemaining} walk as the map's {@code forEach} does, with the same guarantees.
 *
 * <p>{@code remove(key, value)}, both {@code replace} methods and the removes of the key and entry views are each one
 * write, as in {@code HashMap}. {@code compute}, {@code computeIfAbsent}, {@code computeIfPresent} and {@code merge}
 * (the default methods of {@link Map}) and an iterator's {@code remove} are a lookup followed by a write (so are
 * {@code values().remove}, the views' {@code removeIf} and {@code retainAll}, {@code values().removeAll}, and the
 * key and entry views' {@code removeAll} when the view is not larger than its argument, which remove through an
 * iterator; {@code replaceAll} is an iteration that replaces each value it reads, one write each), as
 * {@code m[k] = f(m[k])} is in Go, so that the function may use the map itself; the detector reports a race where two
 * writes overlap, so another thread's write between that lookup and that write goes unreported, in every mode.
 *
 * <p>By default the map never shrinks: deleting entries leaves their slots empty but allocated, as in Go
 * (golang/go#20135). {@link #stats()} shows the buckets, overflow buckets and tombstones a map is carrying;
 * {@link #compact()} rebuilds it into the smallest array that fits, and a {@link ShrinkPolicy} given at construction
 * lets deletes shrink it incrementally.
 *
 * <p><b>Memory.</b> Each slot costs one tophash byte and two references, so with compressed references a map costs
 * {@code 9 / occupancy} bytes per entry, plus four bytes per bucket (half a byte per slot) for overflow links once a
 * chain overflows and a sixteenth more buckets reserved for overflow when {@code B >= 4}. Occupancy runs from 40% (just
 * after a doubling) to 81% (6.5 of 8 slots), so between 11 and 22 bytes per entry before those, keys and values
 * excluded. A {@code HashMap} spends a 32-byte node per entry plus 5.3 to 10.7 bytes of table (load 0.75 to 0.375):
 * 37 to 43 bytes. The perf module measures both with JOL. While a growth is under way (for 2^(B-1) to 2^B puts and
 * removes after it starts, B being the old array's) the old array is held too, as in Go: right after a doubling
 * starts the map costs about as much as a {@code HashMap}. An iteration that outlives a growth keeps the bucket array
 * it started on alive until it ends, as Go's iterator does: that array's tophash bytes and key references (its values
 * are cleared when they move), about as much again as the map took when the iteration began. An iterator that
 * {@link #clear()} ended lets go of it at its next step, or when the iterator itself is dropped.
 *
 * <p><b>Serialization.</b> A map serializes as {@code HashMap} does when its keys and values do, references back to
 * the map included: a deserialized map holds the same entries, with the same detector mode and shrink policy, and is
 * as if created without a size hint and then filled, so a later shrink may take it below the size the original was
 * created for ({@code HashMap} does not keep its capacity either). Its seed is drawn anew, so its iteration order
 * differs, as between any two Go maps.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class GoMap<K, V> extends AbstractMap<K, V> implements Serializable {

    /*
     * Overview:
     *
     * The map is an array of 2^B main buckets (a Buckets object; see its header for the flat layout). A key's hash
     * (Hashing) picks main bucket hash & (2^B - 1); the key lives in that bucket or in one of the overflow buckets
     * chained behind it, in a slot whose tophash byte holds the hash's top 8 bits. A lookup compares the eight tophash
     * bytes of a bucket at once and calls equals only on slots whose byte matches. An insert takes the first empty slot
     * of the chain, or links a new overflow bucket when all are full.
     *
     * A delete clears the slot's key and value references (Go's memclr: the GC may take them) and marks the slot
     * EMPTY_ONE. When every later slot of the chain is empty too, it turns the trailing run of EMPTY_ONE slots into
     * EMPTY_REST, so that lookups stop at the first EMPTY_REST instead of walking the rest of the chain. Nothing ever
     * moves within a bucket array and nothing shrinks.
     *
     * When an insert would take the count past 6.5 per bucket, the map starts to grow: it allocates an array of
     * 2^(B+1) buckets and keeps the old one (oldBuckets). When overflow buckets pile up (as many as main buckets) at a
     * lower load, it instead grows to an array of the same size, which packs the chains tight. Growth is incremental:
     * every later insert or delete first evacuates the old bucket it maps to, then the oldest bucket not yet
     * evacuated (nevacuate). Old bucket i goes to new bucket i (X) or i + 2^oldB (Y) by one more hash bit. An
     * evacuated slot gets an EVACUATED_X/Y mark (EVACUATED_EMPTY if it was empty) and loses its value reference but
     * keeps its key, for iterations that still walk the old array; a delete during growth clears the key's evacuated
     * copy too, so a deleted key is unreachable once no iteration holds the array. A read during growth looks in the
     * old bucket while it is not evacuated, else in the new one. When the last old bucket is evacuated, oldBuckets is
     * dropped, and with it the old keys unless an iteration still holds the array. A lookup reads one field to know it
     * needs none of this: settled is the current array while the map has entries and no move is under way, else null.
     *
     * Iteration (Cursor) is Go's: it walks, in place, the bucket positions of the array that was current when it
     * started (its home), from a random position, and no newer array, so a range that adds entries ends. A filled
     * slot holds its entry's current key and value; an evacuated slot's key is looked up in the map for its current
     * value, and skipped if deleted. While home is current and still filling from an older growth, a position whose
     * old bucket is not evacuated yet is walked in that old bucket instead. No iteration writes to the map; clear()
     * ends every iteration in progress.
     *
     * Shrinking is opt-in (ShrinkPolicy) and reuses the growth machinery in reverse. A write that ends with the count
     * under shrinkBelow and no move in progress starts a "growth" into an array of 2^(B-1) buckets: old buckets i and
     * i + 2^(B-1) both go to new bucket i, the second appended behind the first. A write evacuates both old buckets of
     * the new bucket it touches before touching it, so a new bucket's chain is filled densely from slot 0 until both
     * have arrived, and reads and iteration find each entry either in its unevacuated old bucket or in the new array,
     * never both, just as during growth. compact() finishes any growth or shrink, then evacuates the whole array in one
     * step into 2^log2For(count) buckets, marking every slot as evacuation does; it keeps the seed, because iterations
     * in progress rely on every key keeping its hash.
     *
     * JFR events (GrowEvent, CompactEvent, and DetectorTripEvent from the detector) are committed only on these rare
     * paths, and each is built only when a recording has it enabled; the lookup path has none.
     *
     * Every write is bracketed by the detector (when the mode is not OFF) through beginWrite/endWrite: it takes the
     * writing flag before changing anything and releases it at the end; reads check the flag, and iteration checks it
     * once per bucket (Go checks at every step; see Cursor.advance for why not here).
     * User code passed to the map (compute functions, iteration callbacks) never runs inside a write, so a callback
     * may read and write the map it is called from; the keys' and values' own hashCode and equals do run inside writes
     * (a probe compares keys, growth and compact() hash them, the conditional writes compare values), where a write
     * they make to the map finds the flag taken. Bucket mechanics (probing, placing, deleting, emptyRest, overflow)
     * live in Buckets; this class holds the policy: when to grow or shrink, what to evacuate.
     *
     * The code follows Go's runtime/map.go, whose names appear in comments. Reading guide: first the static
     * declarations, then the fields and constructors, then the public methods (put and putIfAbsent delegate to
     * putVal, both removes to removeNode, both replaces to replaceNode; clear and compact carry their own bodies;
     * putAll sizes an empty map through sizeFor, in the growth section), then lookup and the detector's write bracket,
     * the workers for insert (putVal, assign), replace (replaceNode) and delete (removeNode, delete), growth (which
     * also shrinks), compaction, then iteration support, the views and iterators, and last serialization.
     */

    /* ---------------- Constants ---------------- */

    /**
     * Largest B: keeps the reference array of 16 * 2^B slots, with its first overflow region, within an array's limit;
     * past it the map stops growing, and its overflow region stops at {@link Buckets#MAX_BUCKETS}.
     */
    static final int MAX_LOG2 = 26;

    /**
     * Never a value of the map: what containsKey passes to getOrDefault as the default, and what a conditional write
     * that changed nothing returns.
     */
    private static final Object ABSENT = new Object();

    @Serial
    private static final long serialVersionUID = 1L;

    /* ---------------- Fields ---------------- */

    /**
     * The fail-fast detector; null when the mode is {@link DetectorMode#OFF}. Like {@link #mode},
     * {@link #shrinkPolicy} and {@link #minLog2}, set once by {@link #init}, from a constructor or from readObject.
     */
    private transient Detector detector;

    private transient DetectorMode mode;

    /** Live entries. */
    private transient int count;

    /** Mixed into every hash; redrawn when the map becomes empty, as Go redraws hash0. */
    private transient int seed;

    /** The current bucket array; inserts always go here. */
    private transient Buckets buckets;

    /** The array being evacuated while growing, else null. */
    private transient Buckets oldBuckets;

    /**
     * {@link #buckets} while the map has entries and no growth or shrink is under way, else null: the array a lookup
     * may probe without testing for an empty map or a move. Must be recomputed by {@link #settle()} whenever
     * {@link #count} becomes or stops being 0, or {@link #buckets} or {@link #oldBuckets} change.
     */
    private transient Buckets settled;

    /** While growing: old buckets below this index are all evacuated. */
    private transient int nevacuate;

    /**
     * Bumped by every write that may change a tophash word (an insert, a delete, an evacuation, a clear or compact); a
     * cursor whose tophash word is older than the last such write reads the word again. Replacing the value of a
     * present key changes no word and does not bump it, as {@code HashMap}'s does not: a cursor reads values from the
     * array when it produces them, so it sees the new value anyway.
     */
    private transient int modCount;

    /** Bumped by every {@link #clear()} that empties the map; a cursor that sees it move ends. */
    private transient int clears;

    /** When writes shrink the map. */
    private transient ShrinkPolicy shrinkPolicy;

    /** The B the constructor sized the map for; a shrink never goes below it. */
    private transient int minLog2;

    /**
     * A write that leaves count under this starts a shrink; 0 (never) under {@link ShrinkPolicy#NEVER}. Must be
     * recomputed (by {@link #install}) whenever {@link #buckets} is replaced.
     */
    private transient int shrinkBelow;

    /**
     * An insert that brings count to this first grows the array: the fewest entries over load factor 6.5 in
     * {@link #buckets} ({@link #overLoadFactor}, computed once). Must be recomputed (by {@link #install}) whenever
     * {@link #buckets} is replaced.
     */
    private transient int growAt;

    /*
     * The views, each made once and kept, as HashMap's and AbstractMap's are: values() has Object's equals and
     * hashCode, so a new view per call made m.values().equals(m.values()) false. Made lazily as HashMap makes them:
     * readers sharing an unchanging map may race to store one, which is benign (a view holds nothing but its final
     * reference to the map, so any thread may use any thread's view).
     */
    private transient Set<K> keySet;
    private transient Collection<V> values;
    private transient Set<Map.Entry<K, V>> entrySet;

    /* ---------------- Constructors ---------------- */

    /** An empty map with one bucket and the {@link DetectorMode#BEST_EFFORT} detector. */
    public GoMap() {
        this(0, DetectorMode.BEST_EFFORT);
    }

    /**
     * An empty map sized, as Go's {@code make(map[K]V, hint)}, to hold {@code hint} entries without growing.
     *
     * @param hint the number of entries to hold without growing
     * @throws IllegalArgumentException if {@code hint} is negative
     */
    public GoMap(int hint) {
        this(hint, DetectorMode.BEST_EFFORT);
    }

    /**
     * An empty map sized for {@code hint} entries, with the given detector.
     *
     * @param hint the number of entries to hold without growing
     * @param mode how the map detects concurrent use
     * @throws IllegalArgumentException if {@code hint} is negative
     * @throws NullPointerException if {@code mode} is null
     */
    public GoMap(int hint, DetectorMode mode) {
        this(hint, mode, ShrinkPolicy.NEVER);
    }

    /**
     * An empty map sized for {@code hint} entries, with the given detector and shrink policy. The map never shrinks
     * below the size {@code hint} asks for, by the policy or by {@link #compact()}.
     *
     * @param hint         the number of entries to hold without growing
     * @param mode         how the map detects concurrent use
     * @param shrinkPolicy when deletes shrink the map
     * @throws IllegalArgumentException if {@code hint} is negative
     * @throws NullPointerException if {@code mode} or {@code shrinkPolicy} is null
     */
    public GoMap(int hint, DetectorMode mode, ShrinkPolicy shrinkPolicy) {
        if (hint < 0) {
            throw new IllegalArgumentException("hint must not be negative: " + hint);
        }
        Objects.requireNonNull(mode, "mode");
        init(log2For(hint), mode, Objects.requireNonNull(shrinkPolicy, "shrinkPolicy"));
    }

    /** Makes this an empty map of {@code 2^log2} buckets, its shrinks' floor: the work of a constructor or readObject. */
    private void init(int log2, DetectorMode mode, ShrinkPolicy shrinkPolicy) {
        this.mode = mode;
        this.shrinkPolicy = shrinkPolicy;
        this.detector = mode == DetectorMode.OFF ? null : new Detector(mode);
        this.seed = Hashing.newSeed();
        this.minLog2 = log2;
        install(new Buckets(log2));
    }

    /**
     * An unsynchronized map holding the entries of {@code source}, with the default detector and
     * {@link ShrinkPolicy#NEVER}. It is sized for {@code source.size()} entries, as if given that as its size hint, so
     * {@link #compact()} never takes it below that size.
     *
     * @param source the entries to copy
     * @throws NullPointerException if {@code source} is null
     */
    public GoMap(Map<? extends K, ? extends V> source) {
        this(source.size(), DetectorMode.BEST_EFFORT);
        putAll(source);
    }

    /** The smallest B whose buckets hold {@code hint} entries at load factor 6.5 (Go's {@code makemap}). */
    static int log2For(int hint) {
        int b = 0;
        while (b < MAX_LOG2 && overLoadFactor(hint, b)) {
            b++;
        }
        return b;
    }

    /** Whether {@code count} entries in {@code 2^b} buckets exceed load factor 6.5 (Go's {@code overLoadFactor}). */
    static boolean overLoadFactor(int count, int b) {
        return count > Buckets.BUCKET_SIZE && count > 13L * ((1L << b) / 2);
    }

    /** The fewest entries that are over load factor 6.5 in {@code 2^b} buckets: {@link #overLoadFactor} as a limit. */
    static int growAt(int b) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Buckets.BUCKET_SIZE, 13L * ((1L << b) / 2)) + 1);
    }

    /**
     * Whether a map with {@code 2^b} buckets has too many overflow buckets (Go's {@code tooManyOverflowBuckets}): as
     * many as main buckets. Go compares its noverflow with {@code 2^min(B,15)}, but from B = 16 on it counts only one
     * new overflow bucket in {@code 2^(B-15)}, at random ({@code incrnoverflow}), so that its 16-bit counter still
     * reaches the threshold at about {@code 2^B}; {@code overflow} here is exact.
     */
    static boolean tooManyOverflowBuckets(int overflow, int b) {
        return overflow >= 1 << b;
    }

    /* ---------------- Public operations ---------------- */

    @Override
    public int size() {
        return count;
    }

    @Override
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public V get(Object key) {
        return getOrDefault(key, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(Object key, V defaultValue) {
        Buckets t = settled;
        if (t == null) {
            return getUnsettled(key, defaultValue);
        }
        checkRead();
        int h = Hashing.hash(key, seed);
        int i = t.find(h & t.mask, key, h);
        return i < 0 ? defaultValue : (V) t.value(i);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean containsKey(Object key) {
        return getOrDefault(key, (V) ABSENT) != ABSENT;
    }

    @Override
    public boolean containsValue(Object value) {
        for (Cursor<K, V> c = cursor(); c.advance(); ) {
            if (Objects.equals(value, c.value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public V put(K key, V value) {
        return putVal(key, value, false, true);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return putVal(key, value, true, true);
    }

    /**
     * Puts every mapping of {@code source}, each as {@link #put} does. An empty map is first sized for them, as Go's
     * {@code make(map[K]V, len(src))} before a copy loop (and {@code HashMap}'s putAll) would size it, so the copy
     * does not grow one doubling at a time, nor, under a {@link ShrinkPolicy}, shrink while it is still filling that
     * array; a map that holds entries grows as the puts need, incrementally, as Go's does.
     *
     * @throws NullPointerException if {@code source} is null
     * @throws ConcurrentMapAccessException if another thread is writing the map, or a key's {@code hashCode} or
     *     {@code equals} uses it
     */
    @Override
    public void putAll(Map<? extends K, ? extends V> source) {
        int n = source.size();
        boolean filling = count == 0 && n > 0;
        if (filling) {
            sizeFor(n);
        }
        for (Map.Entry<? extends K, ? extends V> e : source.entrySet()) {
            putVal(e.getKey(), e.getValue(), false, !filling);
        }
    }

    /**
     * Replaces each entry's value with {@code function}'s result, as a range whose body assigns {@code m[k] = f(k, v)}
     * does in Go: the function may read and write the map, and each replacement is one write. The value goes straight
     * into the slot the iteration found it in while no write has moved an entry since; otherwise it is replaced by
     * key, if the key is still there.
     *
     * @throws NullPointerException if {@code function} is null
     * @throws ConcurrentMapAccessException if another thread is writing the map
     */
    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        if (count == 0) {
            return;
        }
        for (Cursor<K, V> c = cursor(); c.advance(); ) {
            V v = function.apply(c.key, c.value);
            if (!c.trySetValue(v)) {
                replaceNode(c.key, null, v, false);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        Object old = removeNode(key, null, false);
        return old == ABSENT ? null : (V) old;
    }

    /** Removes the key only while it maps to {@code value}, in one write, as {@code HashMap} does. */
    @Override
    public boolean remove(Object key, Object value) {
        return removeNode(key, value, true) != ABSENT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V replace(K key, V value) {
        Object old = replaceNode(key, null, value, false);
        return old == ABSENT ? null : (V) old;
    }

    /** Replaces the value only while the key maps to {@code oldValue}, in one write, as {@code HashMap} does. */
    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return replaceNode(key, oldValue, newValue, true) != ABSENT;
    }

    /**
     * Empties the map and ends every iteration in progress. Keeps the bucket array, as Go's {@code mapclear} does,
     * unless the map's {@link ShrinkPolicy} shrinks: then it starts again from an array of the size it was created for.
     */
    @Override
    public void clear() {
        if (count == 0 && oldBuckets == null) {
            clears++; // nothing to empty, but the iterations in progress end all the same
            return;
        }
        beginWrite();
        try {
            if (oldBuckets != null) {
                // Cleared in place too, so that an iteration still holding it keeps no entry alive.
                oldBuckets.clear();
                oldBuckets = null;
            }
            nevacuate = 0;
            count = 0;
            settle();
            seed = Hashing.newSeed();
            // Cleared in place even when replaced below: an iteration may hold it until its next step.
            buckets.clear();
            if (shrinkBelow != 0) {
                // The policy shrinks and the array is above the size the map was created for: take that size at once,
                // where the writes to come would only halve it a step at a time.
                try {
                    install(new Buckets(minLog2));
                } catch (OutOfMemoryError e) {
                    // nothing was replaced: the map keeps the array just emptied
                }
            }
            clears++;
            modCount++;
        } finally {
            endWrite();
        }
    }

    /**
     * Calls {@code action} for each entry until it returns false, Go's {@code for k, v := range m}. The action may put
     * and remove entries of this map; see the class documentation for what the iteration then produces.
     *
     * @param action called with each key and value; returns false to stop
     * @throws NullPointerException if {@code action} is null
     * @throws ConcurrentMapAccessException if another thread is writing the map
     */
    public void range(BiPredicate<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        if (count == 0) {
            return; // Go's mapiterinit: an empty map produces nothing, and no iterator is built
        }
        for (Cursor<K, V> c = cursor(); c.advance(); ) {
            if (!action.test(c.key, c.value)) {
                return;
            }
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        forEachEntry(action);
    }

    /** {@return the detector this map was built with} */
    public DetectorMode detectorMode() {
        return mode;
    }

    /** {@return the shrink policy this map was built with} */
    public ShrinkPolicy shrinkPolicy() {
        return shrinkPolicy;
    }

    /**
     * Rebuilds the map into the smallest bucket array that holds its entries at Go's load factor and is no smaller
     * than the constructor's size hint asks for, without tombstones or overflow chains beyond what collisions need;
     * finishes any growth or shrink in progress. O(size + buckets). Go has no such operation (golang/go#20135); the
     * Go idiom is to copy into a new map. A key whose {@code hashCode()} throws leaves every entry in the map.
     *
     * <p>The map keeps its hash seed, so an iteration in progress continues correctly: every entry it has not yet
     * produced and that is still present is produced exactly once, and no entry is produced twice.
     *
     * @throws ConcurrentMapAccessException if another thread is writing the map (a thread only reading it is not
     *     detected, and may itself see the exception), or a key's {@code hashCode} or {@code equals} uses it
     */
    public void compact() {
        beginWrite();
        try {
            CompactEvent event = CompactEvent.beginIfEnabled();
            if (event != null) {
                Buckets old = oldBuckets;
                event.oldB = buckets.log2;
                event.overflowBuckets = buckets.overflowCount() + (old == null ? 0 : old.overflowCount());
                event.tombstones = buckets.tombstones() + (old == null ? 0 : old.tombstones());
                event.wasGrowing = old != null;
            }
            // Finish any move, so every entry is in the current array; then evacuate all of it in one step, each slot
            // keeping its key under an EVACUATED_X mark for the iterations that still walk it. The seed stays, so
            // every entry keeps its hash and a cursor's positions stay valid.
            while (oldBuckets != null) {
                evacuate(nevacuate);
            }
            Buckets from = buckets;
            Buckets t = new Buckets(Math.max(log2For(count), minLog2));
            // Copy every entry first, then mark the old array evacuated: copying calls hashCode(), and one that throws
            // then leaves the map as it was.
            for (int b = 0; b <= from.mask; b++) {
                copyChain(from, b, t);
            }
            for (int b = 0; b <= from.mask; b++) {
                markChainEvacuated(from, b);
            }
            install(t);
            modCount++;
            if (event != null) {
                event.newB = t.log2;
                event.count = count;
                event.commit();
            }
        } finally {
            endWrite();
        }
    }

    /**
     * {@return a picture of the bucket arrays, computed by a scan of them: O(buckets)} Writes nothing.
     *
     * @throws ConcurrentMapAccessException if another thread is writing the map
     */
    public MapStats stats() {
        checkRead();
        Buckets t = buckets;
        Buckets old = oldBuckets;
        int overflow = t.overflowCount() + (old == null ? 0 : old.overflowCount());
        int tombstones = t.tombstones() + (old == null ? 0 : old.tombstones());
        int oldMain = old == null ? 0 : old.mask + 1;
        int evacuated = 0;
        for (int b = 0; b < oldMain; b++) {
            if (old.evacuated(b)) {
                evacuated++;
            }
        }
        return new MapStats(count, t.log2, t.mask + 1, overflow, tombstones, old != null,
                old != null && old.log2 == t.log2, oldMain, evacuated, (double) count / (t.mask + 1));
    }

    @Override
    public int hashCode() {
        int[] h = {0};
        forEach((k, v) -> h[0] += Objects.hashCode(k) ^ Objects.hashCode(v));
        return h[0];
    }

    /* ---------------- Lookup ---------------- */

    /** The array holding {@code hash}'s bucket: the old one while that bucket is not yet evacuated. */
    Buckets bucketsFor(int hash) {
        Buckets old = oldBuckets;
        return old != null && !old.evacuated(hash & old.mask) ? old : buckets;
    }

    /** {@link #getOrDefault} while no array is {@link #settled}: the map is empty, or a move is under way. */
    @SuppressWarnings("unchecked")
    private V getUnsettled(Object key, V defaultValue) {
        if (count == 0) {
            return defaultValue; // Go's mapaccess: an empty map answers before hashing or checking the flag
        }
        checkRead();
        int h = Hashing.hash(key, seed);
        Buckets t = bucketsFor(h);
        int i = t.find(h & t.mask, key, h);
        return i < 0 ? defaultValue : (V) t.value(i);
    }

    /** Recomputes {@link #settled}; called wherever count leaves or reaches 0 and wherever a move starts or ends. */
    private void settle() {
        settled = count != 0 && oldBuckets == null ? buckets : null;
    }

    int hash(Object key) {
        return Hashing.hash(key, seed);
    }

    /**
     * {@code h}, key's hash under seed {@code s}, or its hash under the current seed when a write redrew the seed since
     * (a clear, or a remove that emptied the map). A write hashes its key before it takes the detector's flag, as Go
     * does, so that a throwing hashCode() writes nothing; such a write may run in between, in the key's own hashCode()
     * or in another thread whose write ended before this one took the flag, and an entry inserted or looked for under
     * the old seed would sit where no lookup finds it. Called with the flag held.
     */
    private int rehashIfReseeded(Object key, int s, int h) {
        return s == seed ? h : Hashing.hash(key, seed);
    }

    private void checkRead() {
        if (detector != null) {
            detector.checkRead();
        }
    }

    /* ---------------- The detector's write bracket ---------------- */

    /** Takes the detector's writing flag (Go's {@code hashWriting}). */
    private void beginWrite() {
        Detector d = detector;
        if (d != null) {
            d.beginWrite();
        }
    }

    /** Releases the flag taken by {@link #beginWrite}; every write ends with this, in a finally block. */
    private void endWrite() {
        Detector d = detector;
        if (d != null) {
            d.endWrite();
        }
    }

    /* ---------------- Insert (Go's mapassign) ---------------- */

    /**
     * Inserts or replaces, as put (or, with {@code onlyIfAbsent}, putIfAbsent) does; {@code mayShrink} false skips the
     * shrink test that ends a put, for the puts of a copy into an array sized for it, which would otherwise see the
     * first few entries of the copy as a sparse map and halve it.
     */
    private V putVal(K key, V value, boolean onlyIfAbsent, boolean mayShrink) {
        // Hash before taking the flag, as Go does: hashCode() may throw, and then nothing was written.
        int s = seed;
        int h = Hashing.hash(key, s);
        beginWrite();
        try {
            V old = assign(rehashIfReseeded(key, s, h), key, value, onlyIfAbsent);
            if (mayShrink) {
                shrinkIfSparse();
            }
            return old;
        } finally {
            endWrite();
        }
    }

    @SuppressWarnings("unchecked")
    private V assign(int h, K key, V value, boolean onlyIfAbsent) {
        for (;;) {
            Buckets t = buckets;
            int bucket = h & t.mask;
            if (oldBuckets != null) {
                growWork(bucket);
            }
            int i = t.find(bucket, key, h);
            if (i >= 0) {
                V old = (V) t.value(i);
                if (!onlyIfAbsent || old == null) {
                    t.setValue(i, value);
                }
                return old;
            }
            // Not found. Growing moves every entry, so start over in the new array (Go: goto again).
            if (oldBuckets == null && t.log2 < MAX_LOG2
                    && (count + 1 >= growAt || tooManyOverflowBuckets(t.overflowCount(), t.log2))) {
                hashGrow();
                continue;
            }
            t.insert(bucket, Buckets.tophash(h), key, value);
            if (count++ == 0) {
                settle();
            }
            modCount++;
            return null;
        }
    }

    /**
     * Replaces the value of a present key, when {@code matchValue} only if it equals {@code expected}, in one write
     * (the worker of both replace methods). Returns the value replaced, or {@link #ABSENT} when nothing changed. A
     * replaced value moves nothing, so no growth work is done: an old bucket not yet evacuated carries the new value
     * along when it is.
     */
    private Object replaceNode(Object key, Object expected, Object value, boolean matchValue) {
        int s = seed;
        int h = Hashing.hash(key, s);
        if (count == 0) {
            return ABSENT;
        }
        beginWrite();
        try {
            h = rehashIfReseeded(key, s, h);
            Buckets t = bucketsFor(h);
            int i = t.find(h & t.mask, key, h);
            if (i < 0) {
                return ABSENT;
            }
            Object old = t.value(i);
            // The map's value is asked, as HashMap's replace asks it (remove(key, value) asks the argument, as there).
            if (matchValue && !Objects.equals(old, expected)) {
                return ABSENT;
            }
            t.setValue(i, value);
            return old;
        } finally {
            endWrite();
        }
    }

    /* ---------------- Delete (Go's mapdelete) ---------------- */

    /**
     * Removes a present key, when {@code matchValue} only if its value equals {@code expected}, in one write (the
     * worker of both remove methods and of the views' removes). Returns the value removed, or {@link #ABSENT}.
     */
    private Object removeNode(Object key, Object expected, boolean matchValue) {
        int s = seed;
        int h = Hashing.hash(key, s);
        if (count == 0) {
            return ABSENT;
        }
        beginWrite();
        try {
            Object old = delete(rehashIfReseeded(key, s, h), key, expected, matchValue);
            shrinkIfSparse();
            return old;
        } finally {
            endWrite();
        }
    }

    private Object delete(int h, Object key, Object expected, boolean matchValue) {
        Buckets t = buckets;
        int bucket = h & t.mask;
        if (oldBuckets != null) {
            growWork(bucket);
        }
        long pattern = Buckets.broadcast(Buckets.tophash(h));
        int b = bucket;
        for (;;) {
            long word = t.word(b);
            for (long m = Buckets.matches(word, pattern); m != 0; m &= m - 1) {
                int slot = Buckets.firstSlot(m);
                int i = Buckets.keyIndex(b, slot);
                Object k = t.key(i);
                if (k == key || (key != null && key.equals(k))) {
                    Object old = t.value(i);
                    if (matchValue && !Objects.equals(expected, old)) {
                        return ABSENT;
                    }
                    t.delete(bucket, b, slot);
                    if (oldBuckets != null) {
                        oldBuckets.forgetEvacuated(h & oldBuckets.mask, k);
                    }
                    if (--count == 0) {
                        // Redraw the seed so an attacker cannot keep feeding the same collisions (Go does the same).
                        seed = Hashing.newSeed();
                        settle();
                    }
                    modCount++;
                    return old;
                }
            }
            if (Buckets.hasEmptyRest(word) || (b = t.nextOf(b)) == 0) {
                return ABSENT;
            }
        }
    }

    /* ---------------- Growth (Go's hashGrow, growWork, evacuate) ---------------- */

    /** Starts a growth: double when over the load factor, else a same-size growth that packs overflow chains. */
    private void hashGrow() {
        int bigger = count + 1 >= growAt ? 1 : 0;
        startMove(buckets.log2 + bigger);
    }

    /**
     * At the end of a write: starts a shrink to half the buckets when the count is under the policy's threshold and no
     * move is in progress. Checked after puts too, so that the writes finishing one halving start the next. Runs after
     * the write's own change, so a shrink that cannot get its array is not started (the next write tries again): an
     * {@link OutOfMemoryError} here would report a write that was done as failed.
     */
    private void shrinkIfSparse() {
        if (count < shrinkBelow && oldBuckets == null) {
            try {
                startMove(buckets.log2 - 1);
            } catch (OutOfMemoryError e) {
                // startMove allocates its array before it changes anything, so the map is as the write left it
            }
        }
    }

    /**
     * Gives an empty map, in one write, an array that holds {@code n} entries without growing, unless it has one (the
     * sizing half of {@link #putAll}). The array replaced is empty, so nothing moves and no iteration loses an entry.
     */
    private void sizeFor(int n) {
        int log2 = log2For(n);
        beginWrite();
        try {
            if (count == 0 && oldBuckets == null && log2 > buckets.log2) {
                install(new Buckets(log2));
                modCount++;
            }
        } finally {
            endWrite();
        }
    }

    /** Makes the current array the old one and starts evacuating it into a new array of {@code 2^log2} buckets. */
    private void startMove(int log2) {
        Buckets t = buckets;
        Buckets next = new Buckets(log2); // first: an OutOfMemoryError here leaves the map as it was
        oldBuckets = t;
        nevacuate = 0;
        install(next);
        GrowEvent.emit(t.log2, log2, count);
    }

    /** Makes {@code t} the current array, derives the shrink threshold from its size and resettles lookups. */
    private void install(Buckets t) {
        buckets = t;
        shrinkBelow = shrinkPolicy.threshold(t.log2, minLog2);
        growAt = growAt(t.log2);
        settle();
    }

    /**
     * Evacuates the old buckets that new bucket {@code bucket} draws from (one when growing, two when shrinking),
     * then one more, so growth always ends.
     */
    private void growWork(int bucket) {
        Buckets old = oldBuckets;
        if (old.log2 > buckets.log2) {
            evacuate(bucket);
            if (oldBuckets != null) {
                evacuate(bucket + buckets.mask + 1);
            }
        } else {
            evacuate(bucket & old.mask);
        }
        if (oldBuckets != null) {
            evacuate(nevacuate);
        }
    }

    /**
     * Moves the chain of old bucket {@code oldBucket} to the new array: to its X bucket (the same index) and, when
     * doubling, to its Y bucket (index + 2^oldB) by one more hash bit; when shrinking, behind what its sibling old
     * bucket may already have brought to their one new bucket. Each old bucket ends with every slot marked.
     */
    private void evacuate(int oldBucket) {
        Buckets old = oldBuckets;
        int newbit = old.mask + 1;
        if (!old.evacuated(oldBucket)) {
            Buckets t = buckets;
            boolean doubling = t.log2 > old.log2;
            // Split the whole chain before moving any of it, then move each half in slot order (no branch per entry
            // on where it goes). Splitting calls hashCode(); one that throws leaves the chain as it was, where a chain
            // moved in part would hide its unmoved buckets behind the evacuated mark of its first.
            long toY = doubling ? splitToY(old, oldBucket) : 0;
            long[] overflowToY = doubling ? splitOverflowToY(old, oldBucket) : null;
            // A new bucket receives entries only from here until the old buckets it draws from are all evacuated, so
            // its chain is filled densely and the next entry goes behind the chain's last bucket.
            int x = t.log2 < old.log2 ? t.lastOf(oldBucket & t.mask) : oldBucket;
            int y = oldBucket + newbit;
            // Take every overflow bucket the move will link before moving anything: moving clears the old values, so
            // an OutOfMemoryError in the middle of the chain would lose the entries already moved (the old bucket
            // not yet marked) or hide those not yet moved (the first bucket marked).
            int entries = 0;
            int b = oldBucket;
            do {
                entries += Long.bitCount(Buckets.filled(old.word(b)));
            } while ((b = old.nextOf(b)) != 0);
            int toYEntries = Long.bitCount(toY);
            if (overflowToY != null) {
                for (long m : overflowToY) {
                    toYEntries += Long.bitCount(m);
                }
            }
            int toYBuckets = doubling ? t.overflowNeeded(y, toYEntries) : 0;
            t.reserveOverflow(t.overflowNeeded(x, entries - toYEntries) + toYBuckets);
            b = oldBucket;
            for (int n = 0;; ) {
                long live = Buckets.filled(old.word(b));
                x = t.moveDense(old, b, live & ~toY, x);
                if (toY != 0) {
                    y = t.moveDense(old, b, toY, y);
                }
                old.setWord(b, Buckets.evacuationMarks(live, toY));
                if ((b = old.nextOf(b)) == 0) {
                    break;
                }
                toY = overflowToY == null ? 0 : overflowToY[n++];
            }
            modCount++;
        }
        if (oldBucket == nevacuate) {
            advanceEvacuationMark(newbit);
        }
    }

    /** The live slots of old bucket {@code b} whose entries go to its Y bucket when doubling: one more hash bit set. */
    private long splitToY(Buckets old, int b) {
        long toY = 0;
        for (long m = Buckets.filled(old.word(b)); m != 0; m &= m - 1) {
            int h = Hashing.hash(old.key(Buckets.keyIndex(b, Buckets.firstSlot(m))), seed);
            toY |= m & -m & -(long) ((h >>> old.log2) & 1);
        }
        return toY;
    }

    /** {@link #splitToY} for each overflow bucket of {@code first}'s chain, in chain order; null when it has none. */
    private long[] splitOverflowToY(Buckets old, int first) {
        int n = 0;
        for (int b = old.nextOf(first); b != 0; b = old.nextOf(b)) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        long[] toY = new long[n];
        int i = 0;
        for (int b = old.nextOf(first); b != 0; b = old.nextOf(b)) {
            toY[i++] = splitToY(old, b);
        }
        return toY;
    }

    /** Moves {@code nevacuate} past evacuated buckets (at most 1024 at a time) and ends the growth at the last. */
    private void advanceEvacuationMark(int newbit) {
        nevacuate++;
        int stop = Math.min(nevacuate + 1024, newbit);
        while (nevacuate != stop && oldBuckets.evacuated(nevacuate)) {
            nevacuate++;
        }
        if (nevacuate == newbit) {
            oldBuckets = null;
            settle();
        }
    }

    /* ---------------- Compaction ---------------- */

    /** Copies the entries of the chain of bucket {@code b} of {@code src} into {@code dst} (densely filled). */
    private void copyChain(Buckets src, int b, Buckets dst) {
        do {
            long word = src.word(b);
            for (long m = Buckets.filled(word); m != 0; m &= m - 1) {
                int slot = Buckets.firstSlot(m);
                int i = Buckets.keyIndex(b, slot);
                Object k = src.key(i);
                dst.insert(Hashing.hash(k, seed) & dst.mask, Buckets.top(word, slot), k, src.value(i));
            }
            b = src.nextOf(b);
        } while (b != 0);
    }

    /**
     * Marks every live slot of the chain of bucket {@code b} of {@code src} evacuated and clears its value, once
     * {@link #copyChain} has copied it; the keys stay, for the iterations still walking src.
     */
    private void markChainEvacuated(Buckets src, int b) {
        do {
            long live = Buckets.filled(src.word(b));
            for (long m = live; m != 0; m &= m - 1) {
                src.setValue(Buckets.keyIndex(b, Buckets.firstSlot(m)), null);
            }
            src.setWord(b, Buckets.evacuationMarks(live, 0));
            b = src.nextOf(b);
        } while (b != 0);
    }

    /* ---------------- Iteration support ---------------- */

    private Cursor<K, V> cursor() {
        return new Cursor<>(this);
    }

    /** The walk of forEach and of the views' forEach, which hand their cursor to no one. */
    private void forEachEntry(BiConsumer<? super K, ? super V> action) {
        if (count != 0) { // Go's mapiterinit: an empty map produces nothing, and no iterator is built
            cursor().acceptAll(action);
        }
    }

    /** {@link #buckets}: the current array. */
    Buckets buckets() {
        return buckets;
    }

    /** {@link #oldBuckets}: the array being evacuated, or null. */
    Buckets oldBuckets() {
        return oldBuckets;
    }

    /** {@link #settled}: the array lookups probe directly, or null. */
    Buckets settled() {
        return settled;
    }

    int modCount() {
        return modCount;
    }

    int clears() {
        return clears;
    }

    void checkIteration() {
        if (detector != null) {
            detector.checkIteration();
        }
    }

    /**
     * Replaces the value in slot {@code i} of {@code t} in one write, and returns true, while no write has changed a
     * tophash since {@code readAt}, when a cursor read the slot's word and found the slot live: the slot then still
     * holds that key, and {@code t} is still one of the map's arrays (replacing or evacuating an array bumps the count
     * too), so the slot is where the map keeps the key. That is what {@link #replaceNode} would do, without hashing and
     * probing. Otherwise writes nothing and returns false.
     */
    boolean trySetValueAt(Buckets t, int i, Object value, int readAt) {
        beginWrite();
        try {
            if (modCount != readAt) {
                return false;
            }
            t.setValue(i, value);
            return true;
        } finally {
            endWrite();
        }
    }

    /* ---------------- Views ---------------- */

    @Override
    public Set<K> keySet() {
        Set<K> ks = keySet;
        return ks != null ? ks : (keySet = new KeySet());
    }

    @Override
    public Collection<V> values() {
        Collection<V> vs = values;
        return vs != null ? vs : (values = new Values());
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> es = entrySet;
        return es != null ? es : (entrySet = new EntrySet());
    }

    private final class KeySet extends AbstractSet<K> {
        @Override public int size() { return count; }
        @Override public void clear() { GoMap.this.clear(); }
        @Override public boolean contains(Object o) { return containsKey(o); }
        @Override public Iterator<K> iterator() { return new KeyIterator(); }
        @Override
        public void forEach(Consumer<? super K> action) {
            Objects.requireNonNull(action, "action");
            forEachEntry((k, v) -> action.accept(k));
        }

        @Override
        public boolean remove(Object o) {
            return removeNode(o, null, false) != ABSENT;
        }
    }

    private final class Values extends AbstractCollection<V> {
        @Override public int size() { return count; }
        @Override public void clear() { GoMap.this.clear(); }
        @Override public boolean contains(Object o) { return containsValue(o); }
        @Override public Iterator<V> iterator() { return new ValueIterator(); }
        @Override
        public void forEach(Consumer<? super V> action) {
            Objects.requireNonNull(action, "action");
            forEachEntry((k, v) -> action.accept(v));
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override public int size() { return count; }
        @Override public void clear() { GoMap.this.clear(); }
        @Override public Iterator<Map.Entry<K, V>> iterator() { return new EntryIterator(); }
        @Override
        public void forEach(Consumer<? super Map.Entry<K, V>> action) {
            Objects.requireNonNull(action, "action");
            forEachEntry((k, v) -> action.accept(new WriteThroughEntry(k, v)));
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e)) {
                return false;
            }
            Object key = e.getKey();
            checkRead();
            int h = Hashing.hash(key, seed);
            Buckets t = bucketsFor(h);
            int i = t.find(h & t.mask, key, h);
            return i >= 0 && Objects.equals(t.value(i), e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && GoMap.this.remove(e.getKey(), e.getValue());
        }
    }

    /**
     * A {@link Cursor} with the {@link Iterator} protocol; {@link #remove()} removes the last key produced, as
     * {@link Map#remove} would. {@link #hasNext()} produces the next entry ahead of {@link #next()}, which returns it
     * as it was then (see the class documentation): checking for writes in {@code next()} as well cost the entrySet
     * loop 10 to 15% at 1K (2.78–2.94 → 3.0–3.4 µs), for calls a for-each loop never makes. The iterator is its cursor
     * rather than a holder of one: a single object, which C2 can scalar-replace in the caller's loop, so the walk's
     * state stays in registers. JDK 17's escape analysis does not replace an object held by another one (iterative EA
     * came in JDK 18, JDK-8276455), so an iterator holding a cursor left the cursor on the heap.
     */
    private abstract class CursorIterator<E> extends Cursor<K, V> implements Iterator<E> {
        private boolean ready;
        private boolean exhausted;
        private boolean canRemove;
        private K lastKey;

        CursorIterator() {
            super(GoMap.this);
        }

        @Override
        public final boolean hasNext() {
            if (!ready && !exhausted) {
                ready = advance();
                exhausted = !ready;
            }
            return ready;
        }

        @Override
        public final E next() {
            if (!ready) {
                advanceOrThrow();
            }
            ready = false;
            canRemove = true;
            lastKey = key;
            return element(key, value);
        }

        /**
         * The work of a next() with no hasNext() before it. Kept out of next() so that next() compiles small enough
         * to be inlined into the caller's loop, where the entry it builds can then be scalar-replaced instead of
         * allocated.
         */
        private void advanceOrThrow() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
        }

        /** The element for the entry just produced. */
        abstract E element(K k, V v);

        /**
         * Hands the remaining elements to {@code action} through the cursor's own loop, as {@link GoMap#forEach} does,
         * instead of a {@code hasNext()}/{@code next()} pair per element. Streams of the views traverse this way:
         * their spliterator (the collection default) calls it. Afterwards {@link #remove()} has nothing to remove.
         */
        @Override
        public final void forEachRemaining(Consumer<? super E> action) {
            Objects.requireNonNull(action, "action");
            canRemove = false;
            lastKey = null;
            if (ready) {
                ready = false;
                action.accept(element(key, value));
            }
            if (!exhausted) {
                acceptRemaining((k, v) -> action.accept(element(k, v)));
                exhausted = true;
            }
        }

        @Override
        public final void remove() {
            if (!canRemove) {
                throw new IllegalStateException("next() has not been called since the last remove()");
            }
            canRemove = false;
            GoMap.this.remove(lastKey);
            // Keep nothing removed, as HashMap's iterator drops its current node; after a hasNext() the cursor holds
            // the next entry instead, which stays.
            lastKey = null;
            if (!ready) {
                key = null;
                value = null;
            }
        }
    }

    private final class KeyIterator extends CursorIterator<K> {
        @Override K element(K k, V v) { return k; }
    }

    private final class ValueIterator extends CursorIterator<V> {
        @Override V element(K k, V v) { return v; }
    }

    private final class EntryIterator extends CursorIterator<Map.Entry<K, V>> {
        @Override Map.Entry<K, V> element(K k, V v) { return new WriteThroughEntry(k, v); }
    }

    /** An entry whose {@link #setValue} also puts the value into the map, as {@code HashMap}'s entries do. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        /** Puts the value into the map while the key is there; an entry whose key was removed changes only itself. */
        @Override
        public V setValue(V value) {
            replace(getKey(), value);
            return super.setValue(value);
        }
    }

    /* ---------------- Serialization ---------------- */

    /**
     * Writes the map as HashMap writes itself, its own fields all transient.
     *
     * @serialData the detector mode (a {@link DetectorMode}), the shrink policy's divisor (an {@code int}, 0 for
     *     {@link ShrinkPolicy#NEVER}), the number of entries (an {@code int}), then each key and its value (two
     *     objects per entry), in iteration order
     * @param s the stream
     * @throws IOException if the stream cannot be written
     * @throws ConcurrentModificationException if the map changed while it was written (a key's or value's own
     *     serialization code wrote to it), rather than leave a count that does not match the entries
     */
    @Serial
    private void writeObject(ObjectOutputStream s) throws IOException {
        s.defaultWriteObject();
        s.writeObject(mode);
        s.writeInt(shrinkPolicy.divisor());
        int n = count;
        s.writeInt(n);
        int written = 0;
        for (Map.Entry<K, V> e : entrySet()) {
            if (written++ == n) {
                break;
            }
            s.writeObject(e.getKey());
            s.writeObject(e.getValue());
        }
        if (written != n || count != n) {
            throw new ConcurrentModificationException("the map changed while it was being serialized");
        }
    }

    /**
     * Reads a map written by {@link #writeObject}, building it through {@link #put}, so that nothing read can break its
     * invariants and every bucket array it allocates is sized by entries actually read, whatever count the stream
     * claims. A reference back to this map among the entries reads as this map, as it does for HashMap.
     *
     * @param s the stream
     * @throws IOException if the stream cannot be read, or holds no map this one could have written
     *     ({@link InvalidObjectException})
     * @throws ClassNotFoundException if the class of a key or value cannot be found
     */
    @Serial
    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream s) throws IOException, ClassNotFoundException {
        s.defaultReadObject();
        Object m = s.readObject();
        if (!(m instanceof DetectorMode detectorMode)) {
            throw new InvalidObjectException("not a detector mode: " + m);
        }
        int divisor = s.readInt();
        if (divisor != 0 && divisor < ShrinkPolicy.MIN_DIVISOR) {
            throw new InvalidObjectException("shrink divisor under " + ShrinkPolicy.MIN_DIVISOR + ": " + divisor);
        }
        int n = s.readInt();
        if (n < 0) {
            throw new InvalidObjectException("negative entry count: " + n);
        }
        init(0, detectorMode, divisor == 0 ? ShrinkPolicy.NEVER : ShrinkPolicy.whenSparse(divisor));
        for (int i = 0; i < n; i++) {
            K key = (K) s.readObject();
            V value = (V) s.readObject();
            put(key, value);
            if (count != i + 1) {
                throw new InvalidObjectException("the stream repeats a key: " + key);
            }
        }
    }
}
