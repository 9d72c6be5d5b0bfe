package io.gomap.concurrent;

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
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A concurrent map built as Go's {@code sync.Map} (Go 1.19 design, with the Go 1.20 and 1.23 verbs): a read of a key
 * in the snapshot takes no lock, updates of keys already present are a single compare-and-set, and of the writes only
 * a new key takes the lock (besides {@code clear}, walks while new keys await a copy, and a compute-family call for a
 * key with no slot). A lookup that reaches the new keys may try the lock to start that copy, and one that meets a
 * copy being built waits for it.
 *
 * <p>The design suits two workloads: keys written once and read many times (caches), and threads working on disjoint
 * key sets. A new key costs more than in {@link java.util.concurrent.ConcurrentHashMap}: it takes the map's lock, and
 * once the keys added since the last copy reach between half as many as the others and as many (at least 12), the
 * map copies all its keys into a new lock-free snapshot. That is O(1) amortized per new key, but the one call that
 * copies is O(n). Where new keys are a
 * large share of the operations, prefer {@code ConcurrentHashMap}; the JFR event {@code io.gomap.SyncMapMisfit}
 * reports a map whose lock is taken too often.
 *
 * <p>Memory model: a store of a value <em>happens-before</em> any load that observes it, as in Go's memory model for
 * {@code sync.Map}. Here "store" means every operation that writes a value ({@link #store}, {@link #put},
 * {@link #swap}, {@link #loadOrStore} when it stores, {@link #compareAndSwap}, the {@code compute} family, ...) and
 * "load" every operation that reads one ({@link #load}, {@link #get}, {@link #range}, iteration, ...). Deletions
 * are ordered the same way: a load that observes a key as absent because of a delete happens after that delete.
 *
 * <p>Neither keys nor values may be null, as in {@code ConcurrentHashMap}; a null argument throws
 * {@link NullPointerException} naming it. Iterators and {@link #range} are weakly consistent: they never throw
 * {@link java.util.ConcurrentModificationException}, visit each key at most once, visit every key present from the
 * start of the walk to its end, and reflect the value each key holds at the moment it is visited; keys added after
 * the walk began may or may not be seen.
 *
 * <p>{@link #size()} is O(1) and exact whenever no write is in flight.
 *
 * <p>A map holds at most 214,748,364 keys, counting those deleted since its last copy (a copy drops them, deleting
 * does not): a copy that would take more (made by a new key, a lookup or a walk, so from {@code put}, {@code get},
 * iteration, ...) throws {@link IllegalStateException} ("SyncMap cannot hold more than 214748364 keys ...") and
 * leaves the map as it was, and so does every later copy until {@link #clear} empties the map.
 *
 * <p>A map serializes as {@code ConcurrentHashMap} does when its keys and values do, references back to the map
 * included, with the same weak consistency against writes made meanwhile; a deserialized map has every key in its
 * read snapshot.
 *
 * <p>The {@code compute}, {@code computeIfAbsent}, {@code computeIfPresent} and {@code merge} methods are atomic: the
 * result is installed only if the key still holds the value the function was given; otherwise the function is
 * applied again to the new value. The function may therefore run more than once (as with the {@link ConcurrentMap}
 * default methods): under contention on the same key, and also when the map's snapshot is replaced between the run
 * and the install, which the function's own reads can cause (a walk, or misses, that promote the recent level). It
 * must be side-effect free and must not modify this map. For a key the map has never held, or not since its last
 * copy or {@link #clear}, the function runs while the map's lock is held, so it blocks every other new key meanwhile:
 * keep it short. A write to this map that needs the lock (the insert of a key with no slot, or {@code clear}), made
 * from such a function, throws
 * {@link IllegalStateException} ("Recursive update"), as {@code ConcurrentHashMap} does; reads from it are allowed,
 * and so are calls that change nothing (a {@code computeIfPresent} of an absent key returns null). The same holds
 * for a key's {@code hashCode} or {@code equals} that runs while the lock is held (inserting a new key, or copying
 * the map into a new snapshot, which hashes every key before it changes anything): a write from it throws
 * "Recursive update", the operation that called it fails with that exception, and the map is left as it was.
 *
 * <p>The lock is a {@link ReentrantLock} taken with {@code lock()}: a thread waiting for it is not interruptible.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SyncMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, Serializable {

    /*
     * Overview:
     *
     * Go's sync.Map keeps two maps: read, a snapshot loaded without a lock, whose entries are pointers updated by
     * CAS; and dirty, guarded by the mutex mu, holding every live key (sharing read's entries) plus the keys read
     * lacks, which read's amended flag announces. A load that misses read while amended locks and looks in dirty,
     * counting a miss; once the misses reach dirty's size, dirty becomes the new read. A deleted entry is set to
     * nil, and marked expunged when dirty is rebuilt from read (an O(n) copy made for the first new key after a
     * promotion); storing to an expunged entry must lock and put it back into dirty. So in Go every key added since
     * the last promotion costs the lock on every access, and keeping a map growing costs two O(n) copies per
     * promotion (golang/go#21032).
     *
     * Here both levels are lock-free to read. The snapshot (field table, Go's read.m) is one Object[] of key/value
     * pairs (layout in ReadTable) whose keys are written once, while it is built. The recent level (Go's dirty) is a
     * second table of the same layout, named by the snapshot's reserved element (which so plays Go's amended flag):
     * it holds exactly the keys the snapshot lacks, receives new keys under mu, one at a time, each published by a
     * release store after its value, and is never written otherwise except through value slots. So a lookup probes
     * the snapshot, then the recent level; a key in either is read, updated and deleted by a CAS on its value slot;
     * only a key in neither takes the lock, to be inserted into the recent level.
     *
     * Slot states (value slots of either table; Go's entry.p):
     * - a value: the key is present.
     * - null: deleted; the key is absent until a store fills the slot again by CAS.
     * - MOVED: terminal. The table was replaced (promotion or clear), and this key's current slot, if any, is in a
     *   newer table. Set only by a lock holder, by CAS from exactly the content it copied.
     *
     * The reserved element (a table's last) holds what only a miss needs, in the same array, so that a reader can
     * never pair a table with another table's state:
     * - null: a key this table lacks is absent (for a snapshot: there is no recent level; for a recent level: it is
     *   the last level).
     * - an Object[]: where a key this table lacks may be. A snapshot names its recent level (amended, in Go's terms);
     *   a recent level being promoted names the new snapshot it is copied into (it is frozen: no key is added to it
     *   any more); a snapshot cleared while it has no recent level names the empty table replacing it.
     * - BUILDING: this table is not complete yet (only a table not yet published, or reached through a link); a miss
     *   in it waits for the lock.
     * - RETIRED: this table was replaced; look in the current snapshot. Links are dropped once the new snapshot is
     *   published, so that an old iterator does not keep every later table alive.
     * A lookup therefore walks one generic chain: probe a table; on MOVED retry in the newer one; on a miss follow
     * the reserved element; stop at null (absent) or BUILDING (lock). A snapshot's reserved element moves
     * null -> recent level -> RETIRED (or null -> link -> RETIRED when cleared); a recent level's null -> link ->
     * RETIRED. Neither ever goes back, so a reader that misses a key in a table and then reads its reserved element
     * null may answer "absent": no key of that table's chain existed elsewhere when it probed.
     *
     * Invariants:
     * - A key has at most one live slot: it is inserted into the recent level only under mu, when neither the
     *   snapshot nor the recent level has a slot for it; no key is ever removed from a table.
     * - The current snapshot and its recent level have no MOVED slot whenever mu is free: every replacement of table
     *   is done under mu, and forwards the old tables' slots before releasing it (a promotion before publishing
     *   the new table, clear just after).
     * - No unconditional write of a slot outside the lock: a getAndSet would overwrite MOVED and land the value in a
     *   dead table. Every loop that reads or CASes a slot treats MOVED as "retry in the newer table", and no test for
     *   presence mistakes MOVED for a value.
     * - Values are read with acquire and written by CAS (volatile), so a load that observes a value happens after
     *   its store. Keys of a recent level are read with acquire, as they are added after it was published.
     * - count changes exactly when a slot changes presence, by the thread whose CAS or insert made the change: +1
     *   for absent to present, -1 for present to absent. Forwarding a slot to MOVED moves a value, it does not change
     *   presence; clear counts out what it forwards. Reads never touch count.
     *
     * Promotion (promoteLocked, under mu; Go's missLocked) copies the snapshot and the recent level into a new
     * snapshot, which starts BUILDING. First every key of both old tables is hashed, before anything changes, so
     * that no code of the caller's (a key's hashCode) runs while the tables are half forwarded. Then the recent level
     * is frozen: its reserved element links to the new table. Then each key of both old tables is copied with its
     * value and its old slot CASed from exactly that value to MOVED, as ConcurrentHashMap's transfer installs a
     * ForwardingNode; when the CAS fails (a lock-free writer got there first) the value is copied again and the CAS
     * retried. A deleted slot is dropped by a CAS from null to MOVED, so deleted keys leave the map at the next
     * promotion (the part Go's expunged plays; Go issue 40999). Last, the new table's reserved element becomes null,
     * the table is published, and both old tables become RETIRED. A key is found in a new table only after its old
     * slot was seen as MOVED or a link was read, both of which come after the key and value were written. A promotion
     * happens when:
     * - a new key finds the recent level full: it holds at most 40% of its capacity, which is sized for half the
     *   snapshot's keys (at least RECENT_MIN_KEYS), so the recent level holds between a third and half of all keys
     *   before it is copied, each copy moves at most three keys per key added, and the recent level's array is
     *   about half the snapshot's;
     * - lookups that probed the recent level since the last new key reach the keys Go's dirty map would hold: those
     *   of the snapshot present when the recent level was created (dirtyLocked expunges the deleted ones) plus the
     *   recent level's (Go's misses >= len(dirty), so that a map that stops growing ends with every key in the
     *   snapshot, one probe away, and keys deleted before the recent level was created, which Go expunges, do not put
     *   off dropping them; while new keys keep coming the recent level is promoted when full instead, and misses
     *   would only add copies). Such lookups are lock-free, so they are counted by sampling: one in n takes the lock
     *   if it is free and adds n, where n is MISS_SAMPLE, or less for a table of under 512 pairs (an eighth of its
     *   pairs), so that a small map that stops growing is promoted after about as many lookups as it has keys, as in
     *   Go, not after 64;
     * - a range or an iteration starts while there is a recent level (as Go's Range promotes dirty), so that a walk
     *   covers one table.
     *
     * Cost: a lookup or update of a present key is lock-free: one probe in the snapshot, or two when the key is in the
     * recent level. A new key takes the lock for one insert, plus, once per promotion, an O(n) copy; amortized that
     * is at most three copied keys per new key (the recent level holds at least a third of the keys at a promotion)
     * and at most one copied key per lookup that reached the recent level or store that revived a deleted key (a
     * deleted key dropped is paid by its delete). Worst case of one call: the promotion's O(n) copy and the
     * allocation of the new snapshot, made by the new key's store, a sampled lookup, or a range; every other call is
     * O(1) expected (plus waiting for the lock).
     *
     * Where this departs from Go, and why:
     * - Go's dirty map is a second map of every live key, readable only under the lock; here the recent level holds
     *   only new keys and is read without the lock, so a key added since the last promotion is loaded, updated and
     *   deleted lock-free, and a true miss costs a second probe instead of the lock. No dirty rebuild (dirtyLocked),
     *   so no second O(n) copy and no expunged state: a deleted slot is simply dropped at the next promotion.
     * - Go's misses count locked loads and writes; here only lookups that reached the recent level, sampled (see
     *   above). Counting writes too was measured and dropped: a key deleted and stored again in turn (Go's
     *   LoadAndDeleteCollision) was then promoted, dropped while deleted and inserted again under the lock, over and
     *   over (LoadAndDeleteCollision and LoadOrStoreCollision at half the speed); left alone in the recent level it
     *   costs a second probe and no lock.
     * - Values inline and no entry objects: a hit is the probe plus one load in the same cache line, with no hop to
     *   an entry object. Measured on this project's machine (shuffled hits, 1 and 2 threads), a table of keys and
     *   entries bounded SyncMap.get at 0.85-0.95x ConcurrentHashMap.get; values inline reach 1.1x at 1K keys and
     *   1.4x at 1M.
     * - Both tables are flat open-addressing tables, not a copy of a Go map (see ReadTable).
     *
     * The promotion is reported as the JFR event io.gomap.DirtyPromote (its event object is built only while a
     * recording has it enabled); a map whose lock stays busy as io.gomap.SyncMapMisfit (see LockPressure).
     *
     * Reading guide: the markers and constants, then the slot transitions (lock-free, each following MOVED), then
     * the fields, the Go verbs and their workers, the ConcurrentMap methods, the compute family, the views, the
     * lock-held helpers (lockForWrite, loadLocked, missSampled, insertLocked, promoteLocked, clearLocked), and at the
     * end serialization.
     */

    /* ---------------- Markers and constants ---------------- */

    /** Slot content: the key moved to a newer table (or was dropped); terminal. Compared by identity only. */
    private static final Object MOVED = new Object();

    /** Reserved element: this table is still being filled under the lock; a miss in it must lock and look again. */
    private static final Object BUILDING = new Object();

    /** Reserved element: this table was replaced; look in the current snapshot. */
    private static final Object RETIRED = new Object();

    /** Returned by a slot transition when the key has no slot in the newest table reached: take the lock. */
    private static final Object NOT_FOUND = new Object();

    @Serial
    private static final long serialVersionUID = 1L;

    /** Fewest keys a recent level is sized for: a small map still takes several new keys between promotions. */
    private static final int RECENT_MIN_KEYS = 8;

    /**
     * At most one lookup in this many that reach the recent level is counted, as this many misses; a power of two. A
     * sampled lookup takes the lock, so sampling keeps readers of recent keys from contending for it.
     */
    private static final int MISS_SAMPLE = 64;

    /* ---------------- Slot transitions (lock-free) ---------------- */

    /*
     * Each transition starts from the value slot i of key in table kv (i >= 0) and returns NOT_FOUND when, after
     * following MOVED into newer tables, the key has no slot any more (it was deleted and dropped by a promotion,
     * or the map was cleared, or its table is still BUILDING); the caller then takes the lock. Under the lock none
     * of them can return NOT_FOUND.
     */

    /** The table to retry in after meeting MOVED in kv: the one its reserved element names, or the current one. */
    private Object[] newer(Object[] kv) {
        Object r = ReadTable.reserved(kv);
        return r instanceof Object[] next ? next : table;
    }

    /**
     * The table of the chain starting at kv (kv, then the tables reserved elements name) that has a slot for key;
     * when none has, the table where the chain ended: its reserved element was null (key absent) or BUILDING. The
     * caller probes the table returned again for the slot index.
     */
    private Object[] locate(Object[] kv, Object key) {
        for (;;) {
            if (ReadTable.slotOfAcquire(kv, key) >= 0) {
                return kv;
            }
            Object r = ReadTable.reserved(kv);
            if (r instanceof Object[] next) {
                kv = next;
            } else if (r == RETIRED) {
                kv = table;
            } else {
                return kv;
            }
        }
    }

    /**
     * For a writer whose probe of the snapshot kv missed: the table its reserved element names (its recent level,
     * mostly), where the writer probes next; null when there is none (no recent level, or kv was retired: the lock
     * settles both).
     */
    private static Object[] recentOf(Object[] kv) {
        return ReadTable.reserved(kv) instanceof Object[] next ? next : null;
    }

    /** Swaps value into the slot (Go's trySwap): the previous content (a value or null), or NOT_FOUND. */
    private Object trySwapSlot(Object[] kv, int i, Object key, Object value) {
        for (;;) {
            Object p = ReadTable.value(kv, i);
            if (p == MOVED) {
                kv = locate(newer(kv), key);
                if ((i = ReadTable.slotOfAcquire(kv, key)) < 0) {
                    return NOT_FOUND;
                }
            } else if (ReadTable.AA.compareAndSet(kv, i, p, value)) {
                if (p == null) {
                    count.increment();
                }
                return p;
            }
        }
    }

    /**
     * Loads the slot's value, or stores value into an empty slot (Go's tryLoadOrStore): the result, or NOT_FOUND.
     */
    private Object tryLoadOrStoreSlot(Object[] kv, int i, Object key, V value) {
        for (;;) {
            Object p = ReadTable.value(kv, i);
            if (p == MOVED) {
                kv = locate(newer(kv), key);
                if ((i = ReadTable.slotOfAcquire(kv, key)) < 0) {
                    return NOT_FOUND;
                }
            } else if (p != null) {
                return new LoadResult<>(castValue(p), true);
            } else if (ReadTable.AA.compareAndSet(kv, i, null, value)) {
                count.increment();
                return new LoadResult<>(value, false);
            }
        }
    }

    /**
     * The one worker of the conditional family, as ConcurrentHashMap's replaceNode: if the slot holds a value, and
     * that value equals cv when cv is non-null, replaces it by value, or deletes it when value is null.
     *
     * @return the value replaced or deleted; null if absent or different; NOT_FOUND
     */
    private Object tryReplaceSlot(Object[] kv, int i, Object key, Object cv, Object value) {
        for (;;) {
            Object p = ReadTable.value(kv, i);
            if (p == MOVED) {
                kv = locate(newer(kv), key);
                if ((i = ReadTable.slotOfAcquire(kv, key)) < 0) {
                    return NOT_FOUND;
                }
            } else if (p == null || (cv != null && p != cv && !cv.equals(p))) {
                return null;
            } else if (ReadTable.AA.compareAndSet(kv, i, p, value)) {
                if (value == null) {
                    count.decrement();
                }
                return p;
            }
        }
    }

    /**
     * Applies step to the slot's value (null when deleted) and installs the result by CAS, applying it again when
     * another writer got there first. A result that is the very object given means "leave as is"; null deletes.
     *
     * @return the value afterwards (null if absent), or NOT_FOUND
     */
    private Object tryComputeSlot(Object[] kv, int i, Object key, UnaryOperator<V> step) {
        for (;;) {
            Object p = ReadTable.value(kv, i);
            if (p == MOVED) {
                kv = locate(newer(kv), key);
                if ((i = ReadTable.slotOfAcquire(kv, key)) < 0) {
                    return NOT_FOUND;
                }
                continue;
            }
            V old = castValue(p);
            V neu = step.apply(old);
            if (neu == old) {
                return neu;
            }
            if (ReadTable.AA.compareAndSet(kv, i, p, neu)) {
                if (p == null) {
                    count.increment();
                } else if (neu == null) {
                    count.decrement();
                }
                return neu;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V castValue(Object p) {
        return (V) p;
    }

    /* ---------------- Fields ---------------- */

    /*
     * mu, count and pressure are the only serialized fields, and only so that they stay final (ObjectInputStream
     * restores final fields through defaultReadObject alone): each reads back fresh, the lock unlocked, the count
     * reset by readObject, the pressure counter new. Every other field is transient and set by readObject.
     */

    /** Guards recent, recentKeys, snapshotKeys and misses, every insert of a key and every replacement of table. */
    private final ReentrantLock mu = new ReentrantLock();

    /** The read snapshot (layout in ReadTable); read without the lock, must only be replaced with mu held. */
    private transient volatile Object[] table = ReadTable.create(ReadTable.MIN_CAPACITY);

    /**
     * The current snapshot's recent level (the keys it lacks), or null when it has none; equal to the snapshot's
     * reserved element whenever mu is free. Must only be used with mu held (readers reach it through table).
     */
    private transient Object[] recent;

    /** Number of keys (present or deleted) in recent; must only be used with mu held. */
    private transient int recentKeys;

    /** Number of keys (present or deleted) in the current snapshot; must only be used with mu held. */
    private transient int snapshotKeys;

    /**
     * Present keys of the snapshot when its recent level was created: the keys Go's dirtyLocked copies into dirty
     * (it expunges the deleted ones), so that dirtyBase + recentKeys plays len(dirty) in the misses rule. Meaningful
     * only while recent is non-null; must only be used with mu held.
     */
    private transient int dirtyBase;

    /**
     * Sampled lookups that reached the recent level since the last promotion or new key, whichever came last; must
     * only be used with mu held.
     */
    private transient int misses;

    /** Number of present keys; changed only by writes that change a key's presence. */
    private final LongAdder count = new LongAdder();

    /** Counts the operations that take mu and reports a misfit workload; must only be used with mu held. */
    private final LockPressure pressure;

    /*
     * The views, each made once and kept, as ConcurrentHashMap's are: values() has Object's equals and hashCode, so
     * a new view per call made m.values().equals(m.values()) false. Made lazily without a lock: threads may race to
     * store one, which is benign (a view holds nothing but its final reference to the map, so any thread may use any
     * thread's view).
     */
    private transient KeySetView keySet;
    private transient ValuesView values;
    private transient EntrySetView entrySet;

    /** An empty map. */
    public SyncMap() {
        this(System::nanoTime);
    }

    /**
     * A map holding the mappings of {@code source}, as {@code new ConcurrentHashMap<>(source)} does. Every key starts
     * in the read snapshot, so reads of the copy take the lock-free path from the first (a deserialized map starts
     * the same way).
     *
     * @param source the mappings to copy
     * @throws NullPointerException if {@code source} is null or holds a null key or value
     */
    public SyncMap(Map<? extends K, ? extends V> source) {
        this(System::nanoTime);
        // No other thread can see this map yet: the snapshot is built in place, in one pass and without the lock,
        // where a put of each key would take the lock and promote at every doubling of the recent level.
        Object[] kv = ReadTable.create(ReadTable.capacityFor(source.size()));
        int keys = 0;
        Iterator<? extends Map.Entry<? extends K, ? extends V>> it = source.entrySet().iterator();
        while (keys < ReadTable.maxKeys(kv) && it.hasNext()) {
            Map.Entry<? extends K, ? extends V> e = it.next();
            K key = Objects.requireNonNull(e.getKey(), "key");
            V value = Objects.requireNonNull(e.getValue(), "value");
            if (ReadTable.placeOrReplace(kv, key, value)) {
                keys++;
            } // else a key the source holds twice by this map's equals: the later value wins, as put's
        }
        table = kv;
        snapshotKeys = keys;
        count.add(keys);
        // Only a source that held more entries than its size() said (one written meanwhile) has any left.
        while (it.hasNext()) {
            Map.Entry<? extends K, ? extends V> e = it.next();
            put(e.getKey(), e.getValue());
        }
        promote();
    }

    /** An empty map whose misfit report reads {@code nanoClock} (tests drive it). */
    SyncMap(LongSupplier nanoClock) {
        pressure = new LockPressure(nanoClock);
    }

    /* ---------------- Go verbs ---------------- */

    /**
     * {@return the value for {@code key}, or null if absent} (Go's {@code Load})
     *
     * @param key the key
     */
    public V load(Object key) {
        return get(key);
    }

    /**
     * Maps {@code key} to {@code value} (Go's {@code Store}).
     *
     * @param key   the key
     * @param value the value
     */
    public void store(K key, V value) {
        swap(key, value);
    }

    /**
     * Returns the existing value if present; otherwise stores {@code value} (Go's {@code LoadOrStore}).
     *
     * @param key   the key
     * @param value the value to store if {@code key} is absent
     * @return the value now mapped and whether it was loaded rather than stored
     */
    public LoadResult<V> loadOrStore(K key, V value) {
        return loadOrStoreValue(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Deletes {@code key}, returning its previous value or null if absent (Go's {@code LoadAndDelete}).
     *
     * @param key the key
     * @return the previous value, or null if absent
     */
    public V loadAndDelete(Object key) {
        return replaceNode(Objects.requireNonNull(key, "key"), null, null);
    }

    /**
     * Deletes {@code key} if present (Go's {@code Delete}).
     *
     * @param key the key
     */
    public void delete(Object key) {
        loadAndDelete(key);
    }

    /**
     * Maps {@code key} to {@code value}, returning the previous value or null if absent (Go's {@code Swap}).
     *
     * @param key   the key
     * @param value the new value
     * @return the previous value, or null if absent
     */
    public V swap(K key, V value) {
        return swapValue(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Replaces the value of {@code key} with {@code neu} if it currently equals {@code old} (Go's
     * {@code CompareAndSwap}, comparing with {@link Object#equals} like {@code ConcurrentHashMap.replace}).
     *
     * @param key the key
     * @param old the value expected
     * @param neu the value to store
     * @return true if the value was replaced; false if the key is absent or holds another value
     */
    public boolean compareAndSwap(K key, V old, V neu) {
        return replaceNode(Objects.requireNonNull(key, "key"), Objects.requireNonNull(old, "old"),
                Objects.requireNonNull(neu, "neu")) != null;
    }

    /**
     * Deletes {@code key} if its value equals {@code old} (Go's {@code CompareAndDelete}).
     *
     * @param key the key
     * @param old the value expected
     * @return true if the key was deleted
     */
    public boolean compareAndDelete(Object key, Object old) {
        return replaceNode(Objects.requireNonNull(key, "key"), Objects.requireNonNull(old, "old"), null) != null;
    }

    /**
     * Calls {@code action} for each present key and value, stopping when it returns false (Go's {@code Range}).
     * The walk does not lock (except to promote the recent level first, as Go's Range promotes dirty, when there is
     * one); {@code action} may call any method of this map. No key is visited twice, and each visited value is one
     * the key held during the call.
     *
     * @param action called with each key and value; returns false to stop
     */
    public void range(BiPredicate<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        new Cursor().walk(action);
    }

    /**
     * Removes every key (Go's {@code Clear}). As Go's, it takes effect at one instant for lookups: once one lookup
     * has seen a key removed by it, no lookup that starts afterwards sees a mapping it removed (a store racing with it
     * may or may not survive).
     */
    @Override
    public void clear() {
        lockForWrite();
        try {
            clearLocked();
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- Go verbs: workers ---------------- */

    /**
     * The value of key, or null, for a lookup that missed the fast path of {@link #get}: the key's slot was MOVED,
     * or the snapshot lacks the key and its reserved element is set. Walks the chain of tables (see the overview);
     * a lookup that reached a table past the first one it read is a miss in Go's sense, counted by sampling.
     */
    private V loadSlow(Object key) {
        Object[] first = table;
        Object[] kv = first;
        for (;;) {
            int i = ReadTable.slotOfAcquire(kv, key);
            if (i >= 0) {
                Object p = ReadTable.value(kv, i);
                if (p != MOVED) {
                    if (kv != first) {
                        countMiss(kv);
                    }
                    return castValue(p);
                }
                kv = newer(kv);
            } else {
                Object r = ReadTable.reserved(kv);
                if (r == null) {
                    if (kv != first) {
                        countMiss(kv);
                    }
                    return null;
                }
                if (r == BUILDING) {
                    return loadLocked(key);
                }
                kv = r instanceof Object[] next ? next : table;
            }
        }
    }

    /**
     * Counts one lookup in n, at random, as n misses: n is {@value #MISS_SAMPLE}, or an eighth of the pairs of kv,
     * the table where the lookup ended, when that is smaller (at least 1).
     */
    private void countMiss(Object[] kv) {
        int n = Math.min(MISS_SAMPLE, Math.max(1, kv.length >>> 4));
        if ((ThreadLocalRandom.current().nextInt() & (n - 1)) == 0) {
            missSampled(n);
        }
    }

    private V swapValue(K key, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i < 0 && (kv = recentOf(kv)) != null) {
            i = ReadTable.slotOfAcquire(kv, key);
        }
        if (i >= 0) {
            Object p = trySwapSlot(kv, i, key, value);
            if (p != NOT_FOUND) {
                return castValue(p);
            }
        }
        lockForWrite();
        try {
            if ((kv = locateLocked(key)) != null) {
                return castValue(trySwapSlot(kv, ReadTable.slotOf(kv, key), key, value));
            }
            insertLocked(key, value);
            return null;
        } finally {
            mu.unlock();
        }
    }

    private LoadResult<V> loadOrStoreValue(K key, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i < 0 && (kv = recentOf(kv)) != null) {
            i = ReadTable.slotOfAcquire(kv, key);
        }
        if (i >= 0) {
            Object res = tryLoadOrStoreSlot(kv, i, key, value);
            if (res != NOT_FOUND) {
                return castValue(res);
            }
        }
        lockForWrite();
        try {
            if ((kv = locateLocked(key)) != null) {
                return castValue(tryLoadOrStoreSlot(kv, ReadTable.slotOf(kv, key), key, value));
            }
            insertLocked(key, value);
            return new LoadResult<>(value, false);
        } finally {
            mu.unlock();
        }
    }

    /**
     * Replaces the value of key by value, or deletes the key when value is null, if it is present and, when cv is
     * non-null, holds a value equal to cv (the worker of loadAndDelete, compareAndSwap, compareAndDelete and
     * replace, as ConcurrentHashMap's replaceNode). Never inserts, so it takes the lock only when a table on its way
     * is still BUILDING.
     *
     * @return the value replaced or deleted, or null when nothing changed
     */
    private V replaceNode(Object key, Object cv, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i < 0) {
            Object r = ReadTable.reserved(kv);
            if (r == null) {
                return null; // absent, and no recent level: nothing to change, no lock
            }
            if (r instanceof Object[] level) {
                kv = level;
                i = ReadTable.slotOfAcquire(level, key);
                if (i < 0 && ReadTable.reserved(level) == null) {
                    return null; // absent from both levels: the recent level is complete
                }
            }
        }
        if (i >= 0) {
            Object p = tryReplaceSlot(kv, i, key, cv, value);
            if (p != NOT_FOUND) {
                return castValue(p);
            }
        }
        lockForWrite();
        try {
            kv = locateLocked(key);
            return kv == null ? null : castValue(tryReplaceSlot(kv, ReadTable.slotOf(kv, key), key, cv, value));
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- ConcurrentMap methods ---------------- */

    /**
     * The value for {@code key}, or null if absent. The fast path (a hit in the snapshot, or a miss in a snapshot
     * without a recent level) is kept small so that it inlines into callers; everything else is in loadSlow.
     */
    @Override
    public V get(Object key) {
        Object[] kv = table;
        Object p = ReadTable.valueOf(kv, Objects.requireNonNull(key, "key"), MOVED);
        if (p != MOVED) {
            return castValue(p);
        }
        // MOVED stands for "no slot" here too: a slot becomes MOVED only after its table's reserved element was set,
        // so a null reserved element means the key is absent either way.
        return ReadTable.reserved(kv) == null ? null : loadSlow(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        V v = get(key);
        return v == null ? defaultValue : v;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "value");
        boolean[] found = {false};
        // The argument's equals, as ConcurrentHashMap calls it.
        range((k, v) -> !(found[0] = v == value || value.equals(v)));
        return found[0];
    }

    @Override
    public V put(K key, V value) {
        return swap(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        LoadResult<V> res = loadOrStore(key, value);
        return res.loaded() ? res.value() : null;
    }

    @Override
    public V remove(Object key) {
        return loadAndDelete(key);
    }

    /** As {@code ConcurrentHashMap}: a null {@code value} matches nothing. */
    @Override
    public boolean remove(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        return value != null && compareAndDelete(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return compareAndSwap(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return replaceNode(Objects.requireNonNull(key, "key"), null, Objects.requireNonNull(value, "value"));
    }

    @Override
    public int size() {
        long n = count.sum();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(n, 0);
    }

    @Override
    public boolean isEmpty() {
        return count.sum() <= 0;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        new Cursor().walk((k, v) -> {
            action.accept(k, v);
            return true;
        });
    }

    /**
     * Replaces the value of each present key by {@code function} applied to the key and that value, as the
     * {@link ConcurrentMap} default does: each key's result is installed only if the key still holds the value the
     * function was given (as {@link #compareAndSwap}); otherwise the function is applied again to the new value, and a
     * key deleted meanwhile is skipped. So the function may run more than once for a key. Keys are walked as by
     * {@link #forEach}.
     *
     * @param function computes each key's new value from the key and its current value
     * @throws NullPointerException "function" if {@code function} is null; "function returned null for key k" if it
     *                              returns null for a key k, whose value is left as it was (keys replaced before it
     *                              keep their new values, as in {@code ConcurrentHashMap})
     */
    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        forEach((k, v) -> {
            for (V old = v; old != null; old = get(k)) {
                V neu = Objects.requireNonNull(function.apply(k, old), () -> "function returned null for key " + k);
                if (replaceNode(k, old, neu) != null) {
                    return;
                }
            }
        });
    }

    /* ---------------- Compute family ---------------- */

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        return compute(key, old -> old != null ? old : mappingFunction.apply(key));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return compute(key, old -> old == null ? null : remappingFunction.apply(key, old));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return compute(key, old -> remappingFunction.apply(key, old));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return compute(key, old -> old == null ? value : remappingFunction.apply(old, value));
    }

    /**
     * Atomically replaces the value of {@code key} (null when absent) by {@code step} applied to it. A result that
     * is the very object given means "leave as is"; a null result means "absent". Lock-free when the key has a slot
     * in either level; otherwise under the lock, where writes to the map from step are refused.
     *
     * @return the value mapped afterwards, or null if absent
     */
    private V compute(K key, UnaryOperator<V> step) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i < 0 && (kv = recentOf(kv)) != null) {
            i = ReadTable.slotOfAcquire(kv, key);
        }
        if (i >= 0) {
            Object res = tryComputeSlot(kv, i, key, step);
            if (res != NOT_FOUND) {
                return castValue(res);
            }
        }
        if (mu.isHeldByCurrentThread()) {
            // Called from a function that runs under the lock, for a key with no slot, which only the lock holder can
            // give it: a null result changes nothing and is returned as ConcurrentHashMap would; an insert is refused.
            V neu = step.apply(null);
            if (neu != null) {
                throw new IllegalStateException("Recursive update");
            }
            return null;
        }
        lockForWrite();
        try {
            if ((kv = locateLocked(key)) != null) {
                // Lock-free writers may still race on this slot, so step may be applied again.
                return castValue(tryComputeSlot(kv, ReadTable.slotOf(kv, key), key, step));
            }
            V neu = step.apply(null);
            if (neu != null) {
                insertLocked(key, neu);
            }
            return neu;
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- Views ---------------- */

    /*
     * The three views are live and weakly consistent, as ConcurrentHashMap's: their iterators walk a promoted
     * snapshot as range does (hasNext() finds the next key, next() hands it out with the value it holds then, or with
     * the value it held when found if it was deleted since), and their spliterators report CONCURRENT | NONNULL (and
     * DISTINCT for keys and entries), never SIZED, since the size may change during a walk. A removal that tests a
     * value (entrySet().removeIf, removeAll, retainAll, values().remove, values().removeIf, ...) removes a key only if
     * it still holds the value tested, through compareAndDelete, so a value changed meanwhile by another thread
     * survives (JDK-8078645 in ConcurrentHashMap). Removal by key (keySet().remove, an iterator's remove) is one
     * delete.
     */

    /** A live view of the keys; {@code remove} deletes the key. Adding is not supported. */
    @Override
    public Set<K> keySet() {
        KeySetView ks = keySet;
        return ks != null ? ks : (keySet = new KeySetView());
    }

    /** A live view of the values; a removal deletes a key only if it still holds the value matched. */
    @Override
    public Collection<V> values() {
        ValuesView vs = values;
        return vs != null ? vs : (values = new ValuesView());
    }

    /** A live view of the entries; {@code setValue} stores into the map, removals compare the value first. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        EntrySetView es = entrySet;
        return es != null ? es : (entrySet = new EntrySetView());
    }

    /** Spliterator characteristics of the key and entry views, as ConcurrentHashMap's. */
    private static final int DISTINCT_CHARACTERISTICS =
            Spliterator.CONCURRENT | Spliterator.DISTINCT | Spliterator.NONNULL;

    private final class KeySetView extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new ViewIterator<>() {
                @Override
                K element(K key, V value) {
                    return key;
                }
            };
        }

        @Override
        public Spliterator<K> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), DISTINCT_CHARACTERISTICS);
        }

        @Override
        public int size() {
            return SyncMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return SyncMap.this.isEmpty();
        }

        @Override
        public void clear() {
            SyncMap.this.clear();
        }

        @Override
        public boolean contains(Object o) {
            return containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return loadAndDelete(o) != null;
        }

        @Override
        public boolean removeIf(Predicate<? super K> filter) {
            Objects.requireNonNull(filter, "filter");
            return super.removeIf(filter);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return super.retainAll(c);
        }

        @Override
        public void forEach(Consumer<? super K> action) {
            Objects.requireNonNull(action, "action");
            iterator().forEachRemaining(action);
        }
    }

    private final class ValuesView extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new ViewIterator<>() {
                @Override
                V element(K key, V value) {
                    return value;
                }
            };
        }

        @Override
        public Spliterator<V> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), Spliterator.CONCURRENT | Spliterator.NONNULL);
        }

        @Override
        public int size() {
            return SyncMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return SyncMap.this.isEmpty();
        }

        @Override
        public void clear() {
            SyncMap.this.clear();
        }

        @Override
        public boolean contains(Object o) {
            return containsValue(o);
        }

        /** Deletes one key whose value equals {@code o}, if it still holds that value when deleted. */
        @Override
        public boolean remove(Object o) {
            if (o == null) {
                return false;
            }
            boolean[] removed = {false};
            range((k, v) -> !(o.equals(v) && (removed[0] = compareAndDelete(k, v))));
            return removed[0];
        }

        @Override
        public boolean removeIf(Predicate<? super V> filter) {
            Objects.requireNonNull(filter, "filter");
            return removeEntriesIf((k, v) -> filter.test(v));
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return removeEntriesIf((k, v) -> c.contains(v));
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return removeEntriesIf((k, v) -> !c.contains(v));
        }

        @Override
        public void forEach(Consumer<? super V> action) {
            Objects.requireNonNull(action, "action");
            iterator().forEachRemaining(action);
        }
    }

    private final class EntrySetView extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new ViewIterator<>() {
                @Override
                Map.Entry<K, V> element(K key, V value) {
                    return new WriteThroughEntry(key, value);
                }
            };
        }

        @Override
        public Spliterator<Map.Entry<K, V>> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), DISTINCT_CHARACTERISTICS);
        }

        @Override
        public int size() {
            return SyncMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return SyncMap.this.isEmpty();
        }

        @Override
        public void clear() {
            SyncMap.this.clear();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            V v = get(e.getKey());
            // The argument's equals, as ConcurrentHashMap calls it (and as remove does, through compareAndDelete).
            return v != null && (v == e.getValue() || e.getValue().equals(v));
        }

        @Override
        public boolean remove(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            return compareAndDelete(e.getKey(), e.getValue());
        }

        @Override
        public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
            Objects.requireNonNull(filter, "filter");
            return removeEntriesIf((k, v) -> filter.test(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return removeEntriesIf((k, v) -> c.contains(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            Objects.requireNonNull(c, "c");
            return removeEntriesIf((k, v) -> !c.contains(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        }

        @Override
        public void forEach(Consumer<? super Map.Entry<K, V>> action) {
            Objects.requireNonNull(action, "action");
            iterator().forEachRemaining(action);
        }
    }

    /** Deletes every key whose value passes {@code filter}, each only if it still holds the value tested. */
    private boolean removeEntriesIf(BiPredicate<? super K, ? super V> filter) {
        boolean[] removed = {false};
        range((k, v) -> {
            if (filter.test(k, v) && compareAndDelete(k, v)) {
                removed[0] = true;
            }
            return true;
        });
        return removed[0];
    }

    /**
     * Walks one table that holds every key present when the walk began (promoting the recent level first when there
     * is one), from a random pair as Go's range does, so that no caller comes to rely on an order. A slot found
     * MOVED, or holding a value while the table is no longer the snapshot (cleared, not yet forwarded), is looked up
     * in the current table, so no stale value is reported. Not final: the views' iterators extend it (ViewIterator).
     */
    private class Cursor {
        private final Object[] kv = walkTable();
        private final int start = ThreadLocalRandom.current().nextInt(kv.length >>> 1) << 1;
        private int visited;      // key indices looked at so far, in steps of 2
        private int at;           // key index of key in kv
        K key;
        V value;

        /** Moves to the next present key, setting key and value; false when the table is exhausted. */
        @SuppressWarnings("unchecked")
        boolean advance() {
            int keyIndices = kv.length - 1; // 2 * capacity, a power of two
            while (visited < keyIndices) {
                int i = (start + visited) & (keyIndices - 1);
                visited += 2;
                Object k = kv[i];
                if (k != null) {
                    Object p = valueOf(i, k);
                    if (p != null) {
                        at = i;
                        key = (K) k;
                        value = (V) p;
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Hands each remaining key and its value to {@code action} until it returns false, as a loop of
         * {@link #advance()} would, with the walk's position in locals: such a loop stores the cursor's fields at every
         * key unless C2 scalar-replaces the cursor, which it can only where it compiles the loop together with the
         * cursor's allocation (not in an iterator's forEachRemaining, whose iterator its caller made), and measured no
         * better in forEach and range, whose cursor is local (forEach over 1K keys 3.30 against 2.55 µs here).
         * Afterwards the cursor stands after the last key handed over, also when the action threw, so that an
         * iterator goes on from there.
         */
        @SuppressWarnings("unchecked")
        void walk(BiPredicate<? super K, ? super V> action) {
            Object[] t = kv;
            int keyIndices = t.length - 1;
            int v = visited;
            try {
                while (v < keyIndices) {
                    int i = (start + v) & (keyIndices - 1);
                    v += 2;
                    Object k = t[i];
                    if (k != null) {
                        Object p = valueOf(i, k);
                        if (p != null && !action.test((K) k, (V) p)) {
                            return;
                        }
                    }
                }
            } finally {
                visited = v;
            }
        }

        /**
         * The value key holds now, read again: an iterator finds its next key in {@code hasNext()}, and the caller may
         * write that key before {@code next()}. If the key was deleted meanwhile, the value it held when found (as
         * ConcurrentHashMap's iterators return a key removed after they reached it).
         */
        @SuppressWarnings("unchecked")
        V currentValue() {
            Object p = valueOf(at, key);
            return p != null ? (V) p : value;
        }

        /**
         * The value of key {@code k} at key index {@code i}: its slot, or the current table's when forwarded or when
         * kv is no longer the snapshot. A promotion forwards every slot before it publishes the new table, but clear
         * publishes first and forwards after, so a value read here after clear's publication may be one clear
         * removed: the table read afterwards tells, as clear takes effect for lookups when it publishes.
         */
        private Object valueOf(int i, Object k) {
            Object p = ReadTable.value(kv, i + 1);
            return p == MOVED || (p != null && table != kv) ? get(k) : p;
        }
    }

    /**
     * A table holding every key present at the call: the current snapshot, after promoting its recent level if it has
     * one. Nested in a compute function that holds the lock, where a promotion would pull the tables from under the
     * function's caller, a private table instead: the keys of the snapshot and of the recent level, each with MOVED,
     * so that the walk looks up their live slots.
     */
    private Object[] walkTable() {
        Object[] kv = table;
        if (ReadTable.reserved(kv) == null) {
            return kv;
        }
        mu.lock();
        try {
            pressure.lockedOperation(this);
            if (recent == null) {
                return table;
            }
            if (mu.getHoldCount() == 1) {
                promoteLocked();
                return table;
            }
            Object[] walk = ReadTable.create(ReadTable.capacityFor((long) snapshotKeys + recentKeys));
            for (Object[] level : new Object[][] {table, recent}) {
                for (int i = 0; i < level.length - 1; i += 2) {
                    if (level[i] != null) {
                        ReadTable.place(walk, level[i], MOVED);
                    }
                }
            }
            return walk;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Walks a {@code Cursor} (one table holding every key present when it began); {@code remove} deletes the last key
     * returned, as ConcurrentHashMap's iterators do. The iterator is its cursor, one object, and {@code hasNext()}
     * finds the next key only when asked, which keeps {@code next()} small: C2 inlines both into the caller's loop
     * only while each compiles below {@code InlineSmallCode} (2,500 bytes), and only then replaces the iterator by
     * registers.
     */
    private abstract class ViewIterator<T> extends Cursor implements Iterator<T> {
        private boolean ready;      // advance() found a key that next() has not handed out yet
        private boolean exhausted;  // advance() returned false
        private K lastKey;

        /** What the view hands out for one key and its value. */
        abstract T element(K key, V value);

        @Override
        public final boolean hasNext() {
            if (!ready && !exhausted) {
                ready = advance();
                exhausted = !ready;
            }
            return ready;
        }

        @Override
        public final T next() {
            if (!ready) {
                advanceOrThrow();
            }
            ready = false;
            lastKey = key;
            return element(key, currentValue());
        }

        /** The work of a next() with no hasNext() before it, kept out of next() so that next() stays small. */
        private void advanceOrThrow() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
        }

        /**
         * Hands the remaining elements to {@code action} in one loop over the cursor, as {@link SyncMap#forEach} walks,
         * instead of a {@code hasNext()}/{@code next()} pair per element. Streams of the views traverse this way:
         * their spliterators call it. Afterwards {@link #remove()} has nothing to remove.
         */
        @Override
        public final void forEachRemaining(Consumer<? super T> action) {
            Objects.requireNonNull(action, "action");
            lastKey = null;
            if (ready) {
                ready = false;
                action.accept(element(key, currentValue())); // found by a hasNext() before
            }
            if (!exhausted) {
                walk((k, v) -> {
                    action.accept(element(k, v));
                    return true;
                });
                exhausted = true;
            }
        }

        @Override
        public final void remove() {
            if (lastKey == null) {
                throw new IllegalStateException();
            }
            delete(lastKey);
            lastKey = null;
        }
    }

    /** An entry whose setValue stores into the map, as {@code ConcurrentHashMap}'s entries do. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V old = super.setValue(Objects.requireNonNull(value, "value"));
            store(getKey(), value);
            return old;
        }
    }

    /* ---------------- Lock-held helpers ---------------- */

    /**
     * Takes mu for a write (not interruptibly, as Go's Mutex). A thread that already holds it is inside a function
     * of the compute family running under the lock; a write from there would change the tables under its caller, so
     * it is refused as ConcurrentHashMap refuses it.
     *
     * @throws IllegalStateException "Recursive update" when the current thread holds mu
     */
    private void lockForWrite() {
        if (mu.isHeldByCurrentThread()) {
            throw new IllegalStateException("Recursive update");
        }
        mu.lock();
        try {
            pressure.lockedOperation(this);
        } catch (Throwable t) {
            // Counting runs before the caller's try block: release here, or an error in the misfit report (its
            // clock, its event's commit) would leave mu held and every later write waiting for it.
            mu.unlock();
            throw t;
        }
    }

    /** The table among the current snapshot and its recent level that has a slot for key, or null. */
    private Object[] locateLocked(Object key) {
        Object[] kv = table;
        if (ReadTable.slotOf(kv, key) >= 0) {
            return kv;
        }
        return recent != null && ReadTable.slotOf(recent, key) >= 0 ? recent : null;
    }

    /** The locked half of a load that met a table still BUILDING: waits for the lock, then looks in both levels. */
    private V loadLocked(Object key) {
        mu.lock();
        try {
            pressure.lockedOperation(this);
            Object[] kv = locateLocked(key);
            // The current tables have no MOVED slot under mu.
            return kv == null ? null : castValue(ReadTable.value(kv, ReadTable.slotOf(kv, key)));
        } finally {
            mu.unlock();
        }
    }

    /**
     * Counts n misses for one sampled lookup that reached the recent level, promoting once the misses reach the keys
     * Go's dirty map would hold, dirtyBase + recentKeys (Go's missLocked: misses >= len(dirty)). Never waits: when
     * the lock is busy the sample is dropped. A lookup nested in a compute function that holds the lock counts
     * nothing, so that it never promotes under its caller.
     */
    private void missSampled(int n) {
        if (!mu.tryLock()) {
            return;
        }
        try {
            if (mu.getHoldCount() > 1 || recent == null) {
                return;
            }
            pressure.lockedOperation(this);
            misses += n;
            if (misses >= dirtyBase + recentKeys) {
                promoteLocked();
            }
        } finally {
            mu.unlock();
        }
    }

    /**
     * Inserts a key that neither level has into the recent level (Go's dirty[key] = newEntry(value) after
     * dirtyLocked), first promoting when the recent level is full and creating a recent level when there is none.
     * The value is written before the key, and the key by a release store, so a lock-free reader that finds the key
     * finds its value.
     */
    private void insertLocked(K key, V value) {
        // Misses count from the last new key: a recent level still growing is promoted when full, by this key (so
        // its DirtyPromote event says misses 0); misses pay only once it stops.
        misses = 0;
        if (recent != null && recentKeys >= ReadTable.maxKeys(recent)) {
            promoteLocked();
        }
        if (recent == null) {
            // Every present key is in the snapshot now; in-flight lock-free writes may make the sum off by a few.
            dirtyBase = (int) Math.min(snapshotKeys, Math.max(0, count.sum()));
            Object[] r = ReadTable.create(ReadTable.capacityFor(Math.max(RECENT_MIN_KEYS, snapshotKeys / 2)));
            ReadTable.place(r, key, value);
            recent = r;
            ReadTable.setReserved(table, r); // publishes r with its first key
        } else {
            ReadTable.placeRelease(recent, key, value);
        }
        recentKeys++;
        count.increment();
    }

    /**
     * Copies the snapshot's and the recent level's live keys into a new snapshot, forwards every slot of both to it,
     * and publishes it (see Promotion in the overview). O(n), paid for by the new keys or the sampled misses; also
     * called for a range or an iteration while there is a recent level.
     */
    private void promoteLocked() {
        DirtyPromoteEvent event = DirtyPromoteEvent.beginIfEnabled();
        Object[] old = table;
        Object[] rec = recent;
        // Every key's hashCode runs first, while nothing has changed: one that throws, or that reads or writes this
        // map, meets it whole. From the freeze to the publication below no code of the caller's runs.
        int[] oldHashes = ReadTable.hashes(old);
        int[] recHashes = ReadTable.hashes(rec);
        Object[] kv = ReadTable.create(ReadTable.capacityFor((long) snapshotKeys + recentKeys));
        kv[ReadTable.reservedIndex(kv)] = BUILDING; // a miss in kv before it is complete waits for the lock
        ReadTable.setReserved(rec, kv);             // freezes rec: a miss in it continues in kv
        int placed = forwardLocked(old, oldHashes, kv) + forwardLocked(rec, recHashes, kv);
        ReadTable.setReserved(kv, null);
        table = kv;
        ReadTable.setReserved(old, RETIRED);
        ReadTable.setReserved(rec, RETIRED);
        int dirtySize = recentKeys;
        int sampled = misses;
        int previousKeys = snapshotKeys;
        // The bookkeeping comes before the event: an error in its commit then finds the map whole, where it would
        // otherwise leave recent naming the retired table, for the next new key to be inserted into and lost.
        snapshotKeys = placed;
        recent = null;
        recentKeys = 0;
        misses = 0;
        pressure.promoted();
        if (event != null) {
            event.dirtySize = dirtySize;
            event.misses = sampled;
            event.snapshotKeys = previousKeys;
            event.dropped = previousKeys + dirtySize - placed;
            event.commit();
        }
    }

    /**
     * Copies each key of from that holds a value into to, and CASes its slot from exactly the value copied to MOVED
     * (copying again when a lock-free writer changed it first); a deleted slot is dropped by a CAS from null to
     * MOVED. Places each key by its hash in hashes ({@link ReadTable#hashes} of from), so it calls no key's methods.
     * Returns the number of keys copied.
     */
    private static int forwardLocked(Object[] from, int[] hashes, Object[] to) {
        int placed = 0;
        for (int j = 0; j < from.length - 1; j += 2) {
            Object k = from[j];
            if (k == null) {
                continue;
            }
            int i = -1; // the key's value slot in to, once placed
            for (;;) {
                Object p = ReadTable.value(from, j + 1);
                if (i >= 0) {
                    ReadTable.AA.setRelease(to, i, p);
                } else if (p != null) {
                    i = ReadTable.placeHashed(to, k, hashes[j >>> 1], p);
                    placed++;
                }
                if (ReadTable.AA.compareAndSet(from, j + 1, p, MOVED)) {
                    break;
                }
            }
        }
        return placed;
    }

    /**
     * Publishes a new empty snapshot, then forwards every slot of both levels to it, counting out each value held.
     * Published first, as Go's Clear swaps in an empty read map in one step: a lookup that reads the new table finds
     * every key gone at once, where a sweep before the publication let a thread see one key cleared and then another
     * not yet. A writer that still holds an old table either wrote its slot before the sweep (its write is cleared)
     * or finds MOVED and retries in the new table.
     */
    private void clearLocked() {
        Object[] old = table;
        Object[] rec = recent;
        Object[] kv = ReadTable.create(ReadTable.MIN_CAPACITY);
        ReadTable.setReserved(rec != null ? rec : old, kv);
        table = kv;
        count.add(-(clearSlotsLocked(old) + (rec == null ? 0 : clearSlotsLocked(rec))));
        ReadTable.setReserved(old, RETIRED);
        if (rec != null) {
            ReadTable.setReserved(rec, RETIRED);
        }
        recent = null;
        recentKeys = 0;
        snapshotKeys = 0;
        misses = 0;
    }

    /** CASes every slot of kv to MOVED; returns how many held a value. */
    private static int clearSlotsLocked(Object[] kv) {
        int cleared = 0;
        for (int j = 0; j < kv.length - 1; j += 2) {
            if (kv[j] == null) {
                continue;
            }
            for (;;) {
                Object p = ReadTable.value(kv, j + 1);
                if (ReadTable.AA.compareAndSet(kv, j + 1, p, MOVED)) {
                    if (p != null) {
                        cleared++;
                    }
                    break;
                }
            }
        }
        return cleared;
    }

    /**
     * Promotes the recent level, if any, as a miss would: a copied or deserialized map starts with every key in its
     * snapshot, and tests reach the promoted state without sampling.
     */
    void promote() {
        mu.lock();
        try {
            if (recent != null) {
                promoteLocked();
            }
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- Serialization ---------------- */

    /**
     * Writes the map as ConcurrentHashMap writes itself: weakly consistent with writes made meanwhile, each key present
     * throughout written once, with a value it held during the walk.
     *
     * @serialData the fields (the lock, the count and the lock-pressure counter, which read back fresh), then each key
     *     and its value (two objects per entry) as a walk meets them, then a null key, which ends them (keys are never
     *     null)
     * @param s the stream
     * @throws IOException if the stream cannot be written
     */
    @Serial
    private void writeObject(ObjectOutputStream s) throws IOException {
        s.defaultWriteObject();
        for (Map.Entry<K, V> e : entrySet()) {
            s.writeObject(e.getKey());
            s.writeObject(e.getValue());
        }
        s.writeObject(null);
    }

    /**
     * Reads a map written by {@link #writeObject}, building it through {@link #putIfAbsent} and then promoting every key
     * into the read snapshot, so that the map read answers lookups without the lock from the start. A reference back
     * to this map among the entries reads as this map, as it does for ConcurrentHashMap.
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
        if (mu == null || count == null || pressure == null) {
            throw new InvalidObjectException("a SyncMap's lock, count and pressure counter must be in the stream");
        }
        count.reset();
        table = ReadTable.create(ReadTable.MIN_CAPACITY);
        for (Object key; (key = s.readObject()) != null; ) {
            Object value = s.readObject();
            if (value == null) {
                throw new InvalidObjectException("a null value in the stream, for key " + key);
            }
            if (putIfAbsent((K) key, (V) value) != null) {
                throw new InvalidObjectException("the stream repeats a key: " + key);
            }
        }
        promote();
    }

    /* ---------------- White-box accessors for tests ---------------- */

    /** Sampled misses since the last promotion. */
    int misses() {
        mu.lock();
        try {
            return misses;
        } finally {
            mu.unlock();
        }
    }

    /** Whether the snapshot has a recent level (Go's amended). */
    boolean amended() {
        return ReadTable.reserved(table) instanceof Object[];
    }

    /** Keys of the recent level (present or deleted), or -1 when there is none. */
    int recentKeys() {
        mu.lock();
        try {
            return recent == null ? -1 : recentKeys;
        } finally {
            mu.unlock();
        }
    }

    /** Number of keys, present or deleted, in the snapshot. */
    int snapshotKeys() {
        mu.lock();
        try {
            return snapshotKeys;
        } finally {
            mu.unlock();
        }
    }

    /** Whether {@code key} is in the snapshot at all (present or deleted). */
    boolean inReadSnapshot(K key) {
        return ReadTable.slotOf(table, key) >= 0;
    }
}
