package io.gomap.concurrent;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
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
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A concurrent map built as Go's {@code sync.Map} (Go 1.19 design, with the Go 1.20 and 1.23 verbs): reads of keys
 * that are already stable never take a lock, and updates of such keys are a single compare-and-set.
 *
 * <p>The design suits two workloads: keys written once and read many times (caches that only grow), and threads
 * working on disjoint key sets. A workload that keeps adding new keys pays for it: each new key takes the lock, and
 * the map periodically copies all its entries. For general use prefer {@link java.util.concurrent.ConcurrentHashMap}.
 *
 * <p>Memory model: a store of a value <em>happens-before</em> any load that observes it, as in Go's memory model for
 * {@code sync.Map}. Here "store" means every operation that writes a value ({@link #store}, {@link #put},
 * {@link #swap}, {@link #loadOrStore} when it stores, {@link #compareAndSwap}, the {@code compute} family, ...) and
 * "load" every operation that reads one ({@link #load}, {@link #get}, {@link #range}, iteration, ...). Deletions
 * are ordered the same way: a load that observes a key as absent because of a delete happens after that delete.
 *
 * <p>Neither keys nor values may be null, as in {@code ConcurrentHashMap}; a null argument throws
 * {@link NullPointerException} naming it. Iterators and {@link #range} are weakly consistent: they never throw
 * {@link java.util.ConcurrentModificationException}, visit each key at most once, and reflect the value each key
 * holds at the moment it is visited; keys added after the walk began may or may not be seen.
 *
 * <p>{@link #size()} is O(1) and exact whenever no write is in flight.
 *
 * <p>The {@code compute}, {@code computeIfAbsent}, {@code computeIfPresent} and {@code merge} methods are atomic: the
 * result is installed only if the key still holds the value the function was given; otherwise the function is
 * applied again to the new value. The function may therefore run more than once under contention on the same key
 * (as with the {@link ConcurrentMap} default methods); it must be side-effect free and must not modify this map.
 * For a key that is not in the lock-free snapshot (a new key, or one added since the last promotion) the function
 * runs while the map's lock is held, so it blocks every other new key and every miss meanwhile: keep it short. A
 * write to this map that needs the lock, made from such a function, throws {@link IllegalStateException}
 * ("Recursive update"), as {@code ConcurrentHashMap} does; reads from it are allowed.
 *
 * <p>The lock is a {@link ReentrantLock} taken with {@code lock()}: a thread waiting for it is not interruptible.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SyncMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    /*
     * Overview:
     *
     * Go's sync.Map, with the entry pointers laid inline in the read snapshot. The read snapshot (field table, Go's
     * read.m with its amended flag) is one Object[] of key/value pairs (layout in ReadTable): its keys are written
     * once, while it is built; its value slots are changed in place by compare-and-set, each slot playing the part
     * of Go's *entry. The dirty map is a GoMap of the keys the snapshot lacks, read and written only with the lock
     * mu held. So a key in the snapshot is loaded with no lock and no allocation, and updated by one CAS on its
     * slot; a key only in dirty is handled entirely under the lock.
     *
     * Slot states (value slots of a table; Go's entry.p):
     * - a value: the key is present.
     * - null: deleted; the key is absent until a store fills the slot again by CAS.
     * - MOVED: terminal. The table was replaced (promotion or clear), and this key's current slot, if any, is in a
     *   newer table. Set only by a lock holder, by CAS from exactly the content it copied.
     *
     * The reserved element (the table's last) holds what only a miss needs, in the same array so that a reader can
     * never pair an old table with newer flags (a separate field could be read after a promotion and lose a read):
     * - null: not amended; a key this table lacks is absent.
     * - AMENDED: dirty is non-null (Go's read.amended); a key this table lacks may be in dirty: lock and look.
     * - an Object[]: this table is being replaced by that one (the link set before the first slot turns MOVED).
     * - RETIRED: this table was replaced; look in the current table. The link is dropped once the new table is
     *   published, so that an old iterator does not keep every later table alive.
     * Each table's reserved element only moves forward: null -> AMENDED -> link -> RETIRED (clear and promotion may
     * skip steps). So a reader that misses a key in the table it read and then finds the reserved element null may
     * answer "absent": the element was null, hence no dirty key, when it read the table.
     *
     * Invariants:
     * - amended is true exactly when dirty is non-null. dirty holds only keys the current table lacks: a key is
     *   never put into dirty while a slot for it remains in the table (a load would never look there).
     * - The current table (the one in field table) has no MOVED slot whenever mu is free: every replacement of
     *   table is done under mu, and forwards the old table's slots before publishing the new one.
     * - No unconditional write of a slot outside the lock: a getAndSet would overwrite MOVED and land the value in a
     *   dead table. Every loop that reads or CASes a slot treats MOVED as "retry in the newer table", and no test for
     *   presence mistakes MOVED for a value.
     * - Values are read with acquire and written by CAS (volatile), so a load that observes a value happens after
     *   its store.
     * - misses counts the loads (and Go's other verbs that consult dirty) that missed the table while amended. When
     *   misses reaches the number of keys a promotion would copy (snapshotKeys + dirty.size()), the locked loads
     *   have paid for the copy, and dirty is promoted.
     * - count changes exactly when a slot or a dirty entry changes presence, by the thread whose CAS or dirty write
     *   made the change: +1 for absent to present, -1 for present to absent. Forwarding a slot to MOVED moves a
     *   value, it does not change presence; clear counts out what it forwards. Reads never touch count.
     *
     * Promotion (promoteLocked, under mu): a new table sized for the snapshot's keys plus dirty's starts with its
     * reserved element AMENDED (a miss in it waits for the lock) and receives dirty's keys; then the old table's
     * reserved element links to it. Then each key of the old table is copied with its value and the old slot is CASed
     * from exactly that value to MOVED, as ConcurrentHashMap's transfer installs a ForwardingNode; when the CAS fails
     * (a lock-free writer got there first) the value is copied again and the CAS retried. A deleted slot is dropped by
     * a CAS from null to MOVED, so deleted keys leave the map at the next promotion (Go issue 40999). A lock-free
     * writer that meets MOVED follows the link and finds its key already copied; one whose deleted key was dropped
     * finds no slot and takes the lock. Last, the new table's reserved element becomes null, the table is published,
     * and the old table's becomes RETIRED. A key is found in a new table only after its old slot was seen as MOVED or
     * after the link was read, both of which come after the key and value were written, so keys need no acquire reads.
     *
     * Where this departs from Go, and why:
     * - Go's entry objects (and Go's expunged state) are gone. Go's promotion is a pointer move, so Go's dirty must
     *   hold every live key of read.m, sharing its entries; a deleted entry is marked expunged when dirty is
     *   rebuilt (dirtyLocked), so that storing to it must lock and put it back into dirty. Here promotion merges
     *   the snapshot and dirty into a new table, so dirty holds only new keys, there is no rebuild, and a deleted
     *   slot is simply dropped at the next promotion, the role expunged plays in Go. The O(n) copy moves from the
     *   first new key after a promotion (Go's dirtyLocked) to the promotion itself, paid for by the same misses.
     * - Values inline and no entry objects: a hit is the probe plus one load in the same cache line, with no hop to
     *   an entry object. Measured on this project's machine (shuffled hits, 1 and 2 threads), a table of keys and
     *   entries bounded SyncMap.get at 0.85-0.95x ConcurrentHashMap.get; values inline reach 1.1x at 1K keys and
     *   1.4x at 1M.
     * - A key only in dirty has no entry that could be updated without the lock: its operations finish under mu.
     * - The snapshot is a flat open-addressing table, not a copy of the dirty GoMap (see ReadTable).
     *
     * Both O(n) steps of Go's design are now one, the promotion, reported as the JFR event io.gomap.DirtyPromote;
     * its event object is built only while a recording has it enabled.
     *
     * Reading guide: the markers, then the slot transitions (lock-free, each following MOVED), then the fields,
     * the Go verbs and their workers, the ConcurrentMap methods, the compute family, the views, and at the end the
     * lock-held helpers (lockForWrite, loadLocked, missLocked, dirtyLocked, promoteLocked, clearLocked).
     */

    /* ---------------- Markers ---------------- */

    /** Slot content: the key moved to a newer table (or was dropped); terminal. Compared by identity only. */
    private static final Object MOVED = new Object();

    /** Reserved element: dirty holds keys this table lacks (Go's amended). */
    private static final Object AMENDED = new Object();

    /** Reserved element: this table was replaced; look in the current table. */
    private static final Object RETIRED = new Object();

    /** Returned by a slot transition when the key has no slot in the newest table reached: take the lock. */
    private static final Object NOT_FOUND = new Object();

    /* ---------------- Slot transitions (lock-free) ---------------- */

    /*
     * Each transition starts from the value slot i of key in table kv (i >= 0) and returns NOT_FOUND when, after
     * following MOVED into newer tables, the key has no slot any more (it was deleted and dropped by a promotion,
     * or the map was cleared); the caller then takes the lock. Under the lock none of them can return NOT_FOUND.
     */

    /** The table to retry in after meeting MOVED in kv: the linked table, or the current one once the link is gone. */
    private Object[] newer(Object[] kv) {
        Object r = ReadTable.reserved(kv);
        return r instanceof Object[] next ? next : table;
    }

    /** Swaps value into the slot (Go's trySwap): the previous content (a value or null), or NOT_FOUND. */
    private Object trySwapSlot(Object[] kv, int i, Object key, Object value) {
        for (;;) {
            Object p = ReadTable.value(kv, i);
            if (p == MOVED) {
                kv = newer(kv);
                if ((i = ReadTable.slotOf(kv, key)) < 0) {
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
                kv = newer(kv);
                if ((i = ReadTable.slotOf(kv, key)) < 0) {
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
                kv = newer(kv);
                if ((i = ReadTable.slotOf(kv, key)) < 0) {
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
                kv = newer(kv);
                if ((i = ReadTable.slotOf(kv, key)) < 0) {
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

    /** Guards dirty, misses and snapshotKeys, and every replacement of table and of a reserved element. */
    private final ReentrantLock mu = new ReentrantLock();

    /** The read snapshot (layout in ReadTable); read without the lock, must only be replaced with mu held. */
    private volatile Object[] table = ReadTable.create(ReadTable.MIN_CAPACITY);

    /** Keys the current table lacks, with their values, or null when not amended; must only be used with mu held. */
    private GoMap<K, V> dirty;

    /** Loads since the last promotion that had to consult dirty; must only be used with mu held. */
    private int misses;

    /** Number of keys (present or deleted) in the current table; must only be used with mu held. */
    private int snapshotKeys;

    /** Number of present keys; changed only by writes that change a key's presence. */
    private final LongAdder count = new LongAdder();

    /** Counts the operations that take mu and reports a misfit workload; must only be used with mu held. */
    private final LockPressure pressure;

    /** An empty map. */
    public SyncMap() {
        this(System::nanoTime);
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
     * The walk does not lock (except to promote dirty first when the map is amended); {@code action} may call any
     * method of this map. No key is visited twice, and each visited value is one the key held during the call.
     *
     * @param action called with each key and value; returns false to stop
     */
    public void range(BiPredicate<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        for (Cursor c = new Cursor(); c.advance(); ) {
            if (!action.test(c.key, c.value)) {
                return;
            }
        }
    }

    /** Removes every key (Go's {@code Clear}). */
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
     * or the table lacks the key and its reserved element is set.
     */
    private V loadSlow(Object key) {
        Object[] kv = table;
        for (;;) {
            int i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                Object p = ReadTable.value(kv, i);
                if (p != MOVED) {
                    return castValue(p);
                }
                kv = newer(kv);
            } else {
                Object r = ReadTable.reserved(kv);
                if (r == null) {
                    return null;
                }
                if (r == AMENDED) {
                    return loadLocked(key);
                }
                kv = r instanceof Object[] next ? next : table;
            }
        }
    }

    private V swapValue(K key, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i >= 0) {
            Object p = trySwapSlot(kv, i, key, value);
            if (p != NOT_FOUND) {
                return castValue(p);
            }
        }
        lockForWrite();
        try {
            kv = table;
            i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                return castValue(trySwapSlot(kv, i, key, value));
            }
            dirtyLocked();
            V prev = dirty.put(key, value);
            if (prev == null) {
                count.increment();
            }
            return prev;
        } finally {
            mu.unlock();
        }
    }

    private LoadResult<V> loadOrStoreValue(K key, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i >= 0) {
            Object res = tryLoadOrStoreSlot(kv, i, key, value);
            if (res != NOT_FOUND) {
                return castValue(res);
            }
        }
        lockForWrite();
        try {
            kv = table;
            i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                return castValue(tryLoadOrStoreSlot(kv, i, key, value));
            }
            V prev = dirty == null ? null : dirty.get(key);
            if (prev != null) {
                missLocked();
                return new LoadResult<>(prev, true);
            }
            dirtyLocked();
            dirty.put(key, value);
            count.increment();
            return new LoadResult<>(value, false);
        } finally {
            mu.unlock();
        }
    }

    /**
     * Replaces the value of key by value, or deletes the key when value is null, if it is present and, when cv is
     * non-null, holds a value equal to cv (the worker of loadAndDelete, compareAndSwap, compareAndDelete and
     * replace, as ConcurrentHashMap's replaceNode).
     *
     * @return the value replaced or deleted, or null when nothing changed
     */
    private V replaceNode(Object key, Object cv, V value) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i >= 0) {
            Object p = tryReplaceSlot(kv, i, key, cv, value);
            if (p != NOT_FOUND) {
                return castValue(p);
            }
        } else if (ReadTable.reserved(kv) == null) {
            return null; // absent and not amended: nothing to change, no lock
        }
        lockForWrite();
        try {
            kv = table;
            i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                return castValue(tryReplaceSlot(kv, i, key, cv, value));
            }
            if (dirty == null) {
                return null;
            }
            V p = dirty.get(key);
            V replaced = null;
            if (p != null && (cv == null || p == cv || cv.equals(p))) {
                if (value == null) {
                    dirty.remove(key);
                    count.decrement();
                } else {
                    dirty.put(castValue(key), value);
                }
                replaced = p;
            }
            // Counted whether or not dirty has the key, as Go's LoadAndDelete and CompareAndSwap count it.
            missLocked();
            return replaced;
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- ConcurrentMap methods ---------------- */

    /**
     * The value for {@code key}, or null if absent. The fast path (a hit in the snapshot, or a miss in a snapshot
     * that is not amended) is kept small so that it inlines into callers; everything else is in loadSlow.
     */
    @Override
    public V get(Object key) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, Objects.requireNonNull(key, "key"));
        if (i >= 0) {
            Object p = ReadTable.value(kv, i);
            if (p != MOVED) {
                return castValue(p);
            }
        } else if (ReadTable.reserved(kv) == null) {
            return null;
        }
        return loadSlow(key);
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
        range((k, v) -> !(found[0] = v.equals(value)));
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
        for (Cursor c = new Cursor(); c.advance(); ) {
            action.accept(c.key, c.value);
        }
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
     * is the very object given means "leave as is"; a null result means "absent". Lock-free when the key is in the
     * snapshot; otherwise under the lock, where step sees dirty's value and writes to the map are refused.
     *
     * @return the value mapped afterwards, or null if absent
     */
    private V compute(K key, UnaryOperator<V> step) {
        Object[] kv = table;
        int i = ReadTable.slotOf(kv, key);
        if (i >= 0) {
            Object res = tryComputeSlot(kv, i, key, step);
            if (res != NOT_FOUND) {
                return castValue(res);
            }
        }
        lockForWrite();
        try {
            kv = table;
            i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                // Lock-free writers may still race on this slot, so step may be applied again.
                return castValue(tryComputeSlot(kv, i, key, step));
            }
            V old = dirty == null ? null : dirty.get(key);
            V neu = step.apply(old);
            if (neu != old) {
                if (neu == null) {
                    dirty.remove(key);
                    count.decrement();
                } else {
                    dirtyLocked();
                    if (dirty.put(key, neu) == null) {
                        count.increment();
                    }
                }
            }
            if (old != null) {
                missLocked(); // last: a promotion here moves the key, after its value is settled
            }
            return neu;
        } finally {
            mu.unlock();
        }
    }

    /* ---------------- Views ---------------- */

    /*
     * The three views are live and weakly consistent, as ConcurrentHashMap's: their iterators walk a promoted
     * snapshot as range does, and their spliterators report CONCURRENT | NONNULL (and DISTINCT for keys and
     * entries), never SIZED, since the size may change during a walk. A removal that tests a value
     * (entrySet().removeIf, removeAll, retainAll, values().remove, values().removeIf, ...) removes a key only if it
     * still holds the value tested, through compareAndDelete, so a value changed meanwhile by another thread
     * survives (JDK-8078645 in ConcurrentHashMap). Removal by key (keySet().remove, an iterator's remove) is one
     * delete.
     */

    /** A live view of the keys; {@code remove} deletes the key. Adding is not supported. */
    @Override
    public Set<K> keySet() {
        return new KeySetView();
    }

    /** A live view of the values; a removal deletes a key only if it still holds the value matched. */
    @Override
    public Collection<V> values() {
        return new ValuesView();
    }

    /** A live view of the entries; {@code setValue} stores into the map, removals compare the value first. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new EntrySetView();
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
            return o != null && containsValue(o);
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
            return v != null && v.equals(e.getValue());
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
     * Walks one table that holds every key present when the walk began (promoting dirty first when the map is
     * amended), from a random pair as Go's range does, so that no caller comes to rely on an order. A slot found
     * MOVED (the table was replaced since) is looked up in the current table, so no stale value is reported.
     */
    private final class Cursor {
        private final Object[] kv = walkTable();
        private final int start = ThreadLocalRandom.current().nextInt(kv.length >>> 1) << 1;
        private int visited;      // key indices looked at so far, in steps of 2
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
                    Object p = ReadTable.value(kv, i + 1);
                    if (p == MOVED) {
                        p = get(k);
                    }
                    if (p != null) {
                        key = (K) k;
                        value = (V) p;
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * A table holding every key present at the call: the current one, after promoting dirty if amended. Nested in a
     * compute function that holds the lock, where a promotion would pull the tables from under the function's
     * caller, a private table instead: the current table's keys with MOVED (so that the walk reads their live
     * slots) and dirty's keys with their values (which nobody else can change while the lock is held).
     */
    private Object[] walkTable() {
        Object[] kv = table;
        if (ReadTable.reserved(kv) == null) {
            return kv;
        }
        mu.lock();
        try {
            pressure.lockedOperation(this);
            kv = table;
            if (ReadTable.reserved(kv) != AMENDED) {
                return kv;
            }
            if (mu.getHoldCount() == 1) {
                promoteLocked();
                return table;
            }
            Object[] walk = ReadTable.create(ReadTable.capacityFor((long) snapshotKeys + dirty.size()));
            for (int i = 0; i < kv.length - 1; i += 2) {
                if (kv[i] != null) {
                    ReadTable.place(walk, kv[i], MOVED);
                }
            }
            dirty.forEach((k, v) -> ReadTable.place(walk, k, v));
            return walk;
        } finally {
            mu.unlock();
        }
    }

    /** Walks a promoted snapshot; {@code remove} deletes the last key returned, as ConcurrentHashMap's iterators do. */
    private abstract class ViewIterator<T> implements Iterator<T> {
        private final Cursor cursor = new Cursor();
        private boolean hasNext = cursor.advance();
        private K lastKey;

        /** What the view hands out for one key and its value. */
        abstract T element(K key, V value);

        @Override
        public final boolean hasNext() {
            return hasNext;
        }

        @Override
        public final T next() {
            if (!hasNext) {
                throw new NoSuchElementException();
            }
            T e = element(cursor.key, cursor.value);
            lastKey = cursor.key;
            hasNext = cursor.advance();
            return e;
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
        pressure.lockedOperation(this);
    }

    /**
     * The locked half of a load (Go's Load after its first look): looks in the current table again, then in dirty,
     * counting a miss. A load nested in a compute function that holds the lock counts nothing, so that it never
     * promotes under its caller.
     */
    private V loadLocked(Object key) {
        mu.lock();
        try {
            pressure.lockedOperation(this);
            Object[] kv = table;
            int i = ReadTable.slotOf(kv, key);
            if (i >= 0) {
                return castValue(ReadTable.value(kv, i)); // the current table has no MOVED slot under mu
            }
            if (dirty == null) {
                return null;
            }
            V v = dirty.get(key);
            if (mu.getHoldCount() == 1) {
                missLocked(); // counted whether or not dirty has the key: either way this load paid for the lock
            }
            return v;
        } finally {
            mu.unlock();
        }
    }

    /** Counts a load that consulted dirty, promoting dirty once the misses have paid for the copy (Go's missLocked). */
    private void missLocked() {
        misses++;
        if (misses >= snapshotKeys + dirty.size()) {
            promoteLocked();
        }
    }

    /**
     * Makes dirty ready for a new key (Go's dirtyLocked): creates it and marks the current table amended if it is
     * null. O(1): unlike Go's, dirty starts empty, since promotion merges the snapshot in.
     */
    private void dirtyLocked() {
        if (dirty == null) {
            dirty = new GoMap<>(0, DetectorMode.OFF);
            ReadTable.setReserved(table, AMENDED);
        }
    }

    /**
     * Merges the current table's live keys and dirty into a new table, forwards every slot of the old one to it, and
     * publishes it (see Promotion in the overview). O(n), paid for by the misses. Also called for a range or an
     * iteration over an amended map.
     */
    private void promoteLocked() {
        DirtyPromoteEvent event = DirtyPromoteEvent.beginIfEnabled();
        Object[] old = table;
        int dirtySize = dirty == null ? 0 : dirty.size();
        Object[] kv = ReadTable.create(ReadTable.capacityFor((long) snapshotKeys + dirtySize));
        kv[ReadTable.reservedIndex(kv)] = AMENDED; // a miss in kv before it is complete waits for the lock
        if (dirty != null) {
            dirty.forEach((k, v) -> ReadTable.place(kv, k, v));
        }
        ReadTable.setReserved(old, kv);
        int placed = dirtySize;
        for (int j = 0; j < old.length - 1; j += 2) {
            Object k = old[j];
            if (k == null) {
                continue;
            }
            int i = -1; // the key's value slot in kv, once placed
            for (;;) {
                Object p = ReadTable.value(old, j + 1);
                if (i >= 0) {
                    ReadTable.AA.setRelease(kv, i, p);
                } else if (p != null) {
                    i = ReadTable.place(kv, k, p);
                    placed++;
                }
                if (ReadTable.AA.compareAndSet(old, j + 1, p, MOVED)) {
                    break;
                }
            }
        }
        ReadTable.setReserved(kv, null);
        table = kv;
        ReadTable.setReserved(old, RETIRED);
        if (event != null) {
            event.dirtySize = dirtySize;
            event.misses = misses;
            event.snapshotKeys = snapshotKeys;
            event.dropped = snapshotKeys + dirtySize - placed;
            event.commit();
        }
        snapshotKeys = placed;
        dirty = null;
        misses = 0;
        pressure.promoted();
    }

    /** Forwards every slot of the current table to a new empty one, counting out each value held; drops dirty. */
    private void clearLocked() {
        Object[] old = table;
        Object[] kv = ReadTable.create(ReadTable.MIN_CAPACITY);
        ReadTable.setReserved(old, kv);
        for (int j = 0; j < old.length - 1; j += 2) {
            if (old[j] == null) {
                continue;
            }
            for (;;) {
                Object p = ReadTable.value(old, j + 1);
                if (ReadTable.AA.compareAndSet(old, j + 1, p, MOVED)) {
                    if (p != null) {
                        count.decrement();
                    }
                    break;
                }
            }
        }
        if (dirty != null) {
            count.add(-dirty.size());
        }
        table = kv;
        ReadTable.setReserved(old, RETIRED);
        dirty = null;
        misses = 0;
        snapshotKeys = 0;
    }

    /* ---------------- White-box accessors for tests ---------------- */

    /** Misses since the last promotion. */
    int misses() {
        mu.lock();
        try {
            return misses;
        } finally {
            mu.unlock();
        }
    }

    /** Whether dirty holds keys the snapshot lacks. */
    boolean amended() {
        return ReadTable.reserved(table) == AMENDED;
    }

    /** Size of dirty (keys the snapshot lacks), or -1 when it is null. */
    int dirtySize() {
        mu.lock();
        try {
            return dirty == null ? -1 : dirty.size();
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
