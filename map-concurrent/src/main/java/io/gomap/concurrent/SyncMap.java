package io.gomap.concurrent;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.AbstractCollection;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
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
 * For a key that is not yet in the lock-free snapshot (a new key, or one added since the last promotion) the function
 * runs while the map's lock is held, so it blocks every other new key and every miss meanwhile: keep it short. A
 * write to this map from such a function throws {@link IllegalStateException} ("Recursive update"), as
 * {@code ConcurrentHashMap} does; reads from it are allowed.
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
     * The map holds two tables from keys to shared Cell objects. The read snapshot (field read, Go's read.m with
     * its amended flag) is a ReadTable: built once, never written after publication, so any number of threads may
     * look keys up in it without a lock. The dirty map is a GoMap written and read only with the lock mu held. A key
     * that is in the snapshot never needs the lock to be loaded, and its value is changed by a compare-and-set on its
     * cell, which both tables share.
     *
     * Invariants:
     * - A cell's slot p holds a value (present), null (deleted: absent, the key may still be in dirty), or EXPUNGED
     *   (deleted and absent from dirty). Only a lock holder moves a slot to or from EXPUNGED.
     * - read.amended is true exactly when dirty is non-null and holds keys that read.m lacks.
     * - When dirty is non-null it holds every key of read.m whose cell is not EXPUNGED, plus the new keys, all with
     *   the same cell objects as read.m. A cell that is EXPUNGED is in read.m only, so reviving it needs the lock
     *   (unexpunge, then put it back into dirty).
     * - misses counts the loads that found no key in read.m but had to lock and consult dirty. When misses reaches
     *   dirty.size(), the cost of those locked loads has paid for a copy: dirty becomes read.m (amended false) and
     *   dirty becomes null. The next new key rebuilds dirty from read.m, expunging deleted cells instead of copying
     *   them, so deleted keys leave the map at the following promotion (and deleted values already left when their
     *   slot became null): nothing deleted stays reachable forever (Go issue 40999).
     * - count changes exactly when a slot changes presence: every write of a slot is one atomic operation (CAS or
     *   getAndSet) that knows the previous content, and the writer adds +1 for absent to present and -1 for present
     *   to absent. A fresh cell put into dirty counts +1. Reads never touch count.
     *
     * Why a ReadTable for the snapshot and not the promoted GoMap itself, as Go moves its pointer: every lock-free
     * load pays for the snapshot's lookup, and a flat table that is never written needs no growth state, no overflow
     * chains and no tombstones (see its header). Promotion therefore copies dirty into a new ReadTable, O(n), paid
     * for by the n misses that triggered it, as the O(n) rebuild of dirty from the snapshot is paid for by the new
     * keys that follow it. dirty is only touched under mu, so a GoMap with its detector OFF serves it.
     *
     * Both O(n) steps, the promotion and the rebuild of dirty, are reported as JFR events (io.gomap.DirtyPromote,
     * io.gomap.DirtyRebuild); each event object is built only while a recording has it enabled.
     *
     * Reading guide: Cell (slot states and its lock-free transitions), then the fields, then the Go verbs (load,
     * store, loadOrStore, swap, loadAndDelete, compareAndSwap, compareAndDelete, range, clear), then the
     * ConcurrentMap methods expressed through them, the compute family, the views, and the lock-held helpers
     * (missLocked, dirtyLocked, promoteLocked) at the end.
     */

    /* ---------------- Cells ---------------- */

    /** Marks a slot deleted and absent from dirty; compared by identity only. */
    private static final Object EXPUNGED = new Object(); // deleted, key only in read.m, revive under the lock

    /**
     * One key's value slot, shared by read.m and dirty.
     *
     * @param <V> the value type
     */
    private static final class Cell<V> {
        /** A value, null (deleted) or EXPUNGED; written only by CAS or getAndSet through {@link #P}. */
        private volatile Object p;

        Cell(Object p) {
            this.p = p;
        }

        /** The present value, or null when deleted or expunged. */
        @SuppressWarnings("unchecked")
        V load() {
            Object v = p;
            return v == null || v == EXPUNGED ? null : (V) v;
        }

        boolean isExpunged() {
            return p == EXPUNGED;
        }

        boolean cas(Object expect, Object update) {
            return P.compareAndSet(this, expect, update);
        }
    }

    /** Whether slot content {@code p} means the key is present. */
    private static boolean present(Object p) {
        return p != null && p != EXPUNGED;
    }

    private static final VarHandle P; // Cell.p

    static {
        try {
            P = MethodHandles.lookup().findVarHandle(Cell.class, "p", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /* ---------------- Fields ---------------- */

    /** Guards dirty and misses, and every replacement of read. */
    private final ReentrantLock mu = new ReentrantLock();

    /** The current snapshot; read without the lock, must only be replaced with mu held. */
    private volatile ReadTable<K, Cell<V>> read = ReadTable.empty();

    /** Keys not yet in read.m plus every non-expunged key of read.m, or null; must only be used with mu held. */
    private GoMap<K, Cell<V>> dirty;

    /** Loads since the last promotion that had to consult dirty; must only be used with mu held. */
    private int misses;

    /** Number of present keys; changed only by writes that change a slot's presence. */
    private final LongAdder count = new LongAdder();

    /** An empty map. */
    public SyncMap() {}

    /* ---------------- Go verbs ---------------- */

    /** The value for {@code key}, or null if absent (Go's {@code Load}). */
    public V load(Object key) {
        Cell<V> c = findCell(Objects.requireNonNull(key, "key"));
        return c == null ? null : c.load();
    }

    /** Maps {@code key} to {@code value} (Go's {@code Store}). */
    public void store(K key, V value) {
        doSwap(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the existing value if present; otherwise stores {@code value} (Go's {@code LoadOrStore}).
     *
     * @return the value now mapped and whether it was loaded rather than stored
     */
    public LoadResult<V> loadOrStore(K key, V value) {
        return doLoadOrStore(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** Deletes {@code key}, returning its previous value or null if absent (Go's {@code LoadAndDelete}). */
    public V loadAndDelete(Object key) {
        return doLoadAndDelete(Objects.requireNonNull(key, "key"));
    }

    /** Deletes {@code key} if present (Go's {@code Delete}). */
    public void delete(Object key) {
        doLoadAndDelete(Objects.requireNonNull(key, "key"));
    }

    /** Maps {@code key} to {@code value}, returning the previous value or null if absent (Go's {@code Swap}). */
    public V swap(K key, V value) {
        return doSwap(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Replaces the value of {@code key} with {@code neu} if it currently equals {@code old} (Go's
     * {@code CompareAndSwap}, comparing with {@link Object#equals} like {@code ConcurrentHashMap.replace}).
     *
     * @return true if the value was replaced; false if the key is absent or holds another value
     */
    public boolean compareAndSwap(K key, V old, V neu) {
        return doCompareAndSwap(Objects.requireNonNull(key, "key"), Objects.requireNonNull(old, "old"),
                Objects.requireNonNull(neu, "neu"));
    }

    /**
     * Deletes {@code key} if its value equals {@code old} (Go's {@code CompareAndDelete}).
     *
     * @return true if the key was deleted
     */
    public boolean compareAndDelete(Object key, Object old) {
        return doCompareAndDelete(Objects.requireNonNull(key, "key"), Objects.requireNonNull(old, "old"));
    }

    /**
     * Calls {@code action} for each present key and value, stopping when it returns false (Go's {@code Range}).
     * The walk does not lock; {@code action} may call any method of this map. No key is visited twice, and each
     * visited value is one the key held during the call.
     */
    public void range(BiPredicate<? super K, ? super V> action) {
        doRange(Objects.requireNonNull(action, "action"));
    }

    /** Removes every key (Go's {@code Clear}). */
    @Override
    public void clear() {
        doClear();
    }

    /* ---------------- Go verbs: workers ---------------- */

    /**
     * The cell for {@code key}, consulting dirty under the lock (and counting a miss) when read.m lacks it.
     *
     * <p>Kept to the lock-free lookup, with the locked path in its own method, so that this part stays small enough
     * for the JIT to inline into every caller.
     */
    private Cell<V> findCell(Object key) {
        ReadTable<K, Cell<V>> r = read;
        Cell<V> c = r.get(key);
        return c != null || !r.amended ? c : findCellInDirty(key);
    }

    /** The locked half of {@link #findCell}: looks in the snapshot again, then in dirty, counting a miss. */
    private Cell<V> findCellInDirty(Object key) {
        mu.lock();
        try {
            ReadTable<K, Cell<V>> r = read;
            Cell<V> c = r.get(key);
            if (c == null && r.amended) {
                c = dirty.get(key);
                // Counted whether or not dirty has the key: either way this load paid for the lock. Not counted for a
                // load nested in a compute function that holds the lock: a promotion there would pull the tables
                // from under the function's caller.
                if (mu.getHoldCount() == 1) {
                    missLocked();
                }
            }
            return c;
        } finally {
            mu.unlock();
        }
    }

    private V doSwap(K key, V value) {
        Cell<V> c = read.get(key);
        if (c != null) {
            Object prev = trySwap(c, value);
            if (prev != EXPUNGED) {
                return castOrNull(prev);
            }
        }
        lockForWrite();
        try {
            ReadTable<K, Cell<V>> r = read;
            c = r.get(key);
            if (c != null) {
                if (unexpungeLocked(c)) {
                    dirty.put(key, c);
                }
                return castOrNull(swapSlot(c, value));
            }
            c = dirty == null ? null : dirty.get(key);
            if (c != null) {
                return castOrNull(swapSlot(c, value));
            }
            addNewKeyLocked(key, value);
            return null;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Tries to swap {@code value} into a cell found in read.m without the lock.
     *
     * @return the previous content (a value or null); EXPUNGED when the cell is expunged and nothing was written,
     *     in which case the caller must take the lock
     */
    private Object trySwap(Cell<V> c, V value) {
        for (;;) {
            Object p = c.p;
            if (p == EXPUNGED) {
                return EXPUNGED;
            }
            if (c.cas(p, value)) {
                if (p == null) {
                    count.increment();
                }
                return p;
            }
        }
    }

    /** Unconditionally writes {@code value} into a cell that is not expunged; returns the previous content. */
    private Object swapSlot(Cell<V> c, V value) {
        Object prev = P.getAndSet(c, value);
        if (!present(prev)) {
            count.increment();
        }
        return prev;
    }

    private LoadResult<V> doLoadOrStore(K key, V value) {
        Cell<V> c = read.get(key);
        if (c != null) {
            LoadResult<V> res = tryLoadOrStore(c, value);
            if (res != null) {
                return res;
            }
        }
        lockForWrite();
        try {
            ReadTable<K, Cell<V>> r = read;
            c = r.get(key);
            if (c != null) {
                if (unexpungeLocked(c)) {
                    dirty.put(key, c);
                }
                return tryLoadOrStore(c, value);
            }
            c = dirty == null ? null : dirty.get(key);
            if (c != null) {
                LoadResult<V> res = tryLoadOrStore(c, value);
                missLocked();
                return res;
            }
            addNewKeyLocked(key, value);
            return new LoadResult<>(value, false);
        } finally {
            mu.unlock();
        }
    }

    /**
     * Loads the cell's value if present, else tries to store {@code value} into it.
     *
     * @return the outcome, or null if the cell is expunged (nothing written; the caller must take the lock)
     */
    private LoadResult<V> tryLoadOrStore(Cell<V> c, V value) {
        for (;;) {
            Object p = c.p;
            if (p == EXPUNGED) {
                return null;
            }
            if (p != null) {
                return new LoadResult<>(castOrNull(p), true);
            }
            if (c.cas(null, value)) {
                count.increment();
                return new LoadResult<>(value, false);
            }
        }
    }

    private V doLoadAndDelete(Object key) {
        ReadTable<K, Cell<V>> r = read;
        Cell<V> c = r.get(key);
        if (c == null && r.amended) {
            lockForWrite();
            try {
                r = read;
                c = r.get(key);
                if (c == null && r.amended) {
                    // Removing the key from dirty (not only nulling its slot) keeps a store-delete churn of fresh
                    // keys from accumulating dead keys in dirty (Go issue 40999). The slot is emptied before the lock
                    // is released: once the key is in neither table, another thread may add it afresh, and size()
                    // must not count the old value and the new one together (found by SyncMapLincheckTest).
                    Cell<V> removed = dirty.remove(key);
                    missLocked();
                    return removed == null ? null : deleteSlot(removed);
                }
            } finally {
                mu.unlock();
            }
        }
        return c == null ? null : deleteSlot(c);
    }

    /** Empties the cell's slot if present; returns the value removed, or null if it was already absent. */
    private V deleteSlot(Cell<V> c) {
        for (;;) {
            Object p = c.p;
            if (!present(p)) {
                return null;
            }
            if (c.cas(p, null)) {
                count.decrement();
                return castOrNull(p);
            }
        }
    }

    /**
     * Finds the cell as a load does, then compares and swaps without the lock: a cell taken from dirty that becomes
     * expunged after the lock is released held no value, and the swap fails on it as it would have under the lock.
     */
    private boolean doCompareAndSwap(K key, V old, V neu) {
        Cell<V> c = findCell(key);
        return c != null && tryCompareAndSwap(c, old, neu);
    }

    /** Replaces a present value equal to {@code old} with {@code neu}; false if absent or different. */
    private boolean tryCompareAndSwap(Cell<V> c, Object old, V neu) {
        for (;;) {
            Object p = c.p;
            if (!present(p) || !p.equals(old)) {
                return false;
            }
            if (c.cas(p, neu)) {
                return true;
            }
        }
    }

    private boolean doCompareAndDelete(Object key, Object old) {
        Cell<V> c = findCell(key);
        if (c == null) {
            return false;
        }
        for (;;) {
            Object p = c.p;
            if (!present(p) || !p.equals(old)) {
                return false;
            }
            if (c.cas(p, null)) {
                count.decrement();
                return true;
            }
        }
    }

    private void doRange(BiPredicate<? super K, ? super V> action) {
        promotedSnapshot().forEach((k, c) -> {
            V v = c.load();
            return v == null || action.test(k, v);
        });
    }

    /**
     * A read.m that holds every key present at the call: promotes dirty first when read is amended, so that the
     * walk after it needs no lock. The result is never written again and may be iterated freely.
     */
    private ReadTable<K, Cell<V>> promotedSnapshot() {
        ReadTable<K, Cell<V>> r = read;
        if (r.amended) {
            mu.lock();
            try {
                if (mu.getHoldCount() > 1) {
                    // Nested in a compute function that holds the lock: dirty holds every live key and stays as it
                    // is (nested writes are refused), so a private copy serves without a promotion.
                    return read.amended ? ReadTable.of(dirty) : read;
                }
                if (read.amended) {
                    promoteLocked();
                }
                r = read;
            } finally {
                mu.unlock();
            }
        }
        return r;
    }

    private void doClear() {
        lockForWrite();
        try {
            ReadTable<K, Cell<V>> r = read;
            // Expunging every old cell makes lock-free writers that still hold one fail over to the lock, where they
            // find the new empty snapshot; each cell that was present is counted out exactly once here.
            r.forEach((k, c) -> expungeLocked(c));
            if (dirty != null) {
                dirty.values().forEach(this::expungeLocked);
            }
            read = ReadTable.empty();
            dirty = null;
            misses = 0;
        } finally {
            mu.unlock();
        }
    }

    /** Expunges a cell whatever it holds, counting out a present value; returns true to go on walking. */
    private boolean expungeLocked(Cell<V> c) {
        if (present(P.getAndSet(c, EXPUNGED))) {
            count.decrement();
        }
        return true;
    }

    /* ---------------- ConcurrentMap methods ---------------- */

    @Override
    public V get(Object key) {
        return load(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        V v = load(key);
        return v == null ? defaultValue : v;
    }

    @Override
    public boolean containsKey(Object key) {
        return load(key) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        return doContainsValue(Objects.requireNonNull(value, "value"));
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
        return doReplace(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
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
        doForEach(Objects.requireNonNull(action, "action"));
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        return doCompute(key, old -> old != null ? old : mappingFunction.apply(key));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return doCompute(key, old -> old == null ? null : remappingFunction.apply(key, old));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return doCompute(key, old -> remappingFunction.apply(key, old));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return doCompute(key, old -> old == null ? value : remappingFunction.apply(old, value));
    }

    /* ---------------- ConcurrentMap methods: workers ---------------- */

    private boolean doContainsValue(Object value) {
        boolean[] found = {false};
        doRange((k, v) -> !(found[0] = v.equals(value)));
        return found[0];
    }

    private void doForEach(BiConsumer<? super K, ? super V> action) {
        doRange((k, v) -> {
            action.accept(k, v);
            return true;
        });
    }

    private V doReplace(K key, V value) {
        Cell<V> c = findCell(key);
        if (c == null) {
            return null;
        }
        for (;;) {
            Object p = c.p;
            if (!present(p)) {
                return null;
            }
            if (c.cas(p, value)) {
                return castOrNull(p);
            }
        }
    }

    /**
     * Atomically replaces the value of {@code key} (null when absent) by {@code step} applied to it. A result that
     * is the very object given means "leave as is"; a null result means "absent". Lock-free when the key is in
     * read.m and not expunged; otherwise under the lock, where the function may also be re-applied if a lock-free
     * writer changes the cell meanwhile.
     *
     * @return the value mapped afterwards, or null if absent
     */
    private V doCompute(K key, UnaryOperator<V> step) {
        Cell<V> c = read.get(key);
        if (c != null) {
            Object res = tryComputeSlot(c, step);
            if (res != EXPUNGED) {
                return castOrNull(res);
            }
        }
        lockForWrite();
        try {
            ReadTable<K, Cell<V>> r = read;
            c = r.get(key);
            if (c == null && dirty != null) {
                c = dirty.get(key);
                if (c != null) {
                    missLocked();
                }
            }
            if (c == null) {
                V neu = step.apply(null);
                if (neu != null) {
                    addNewKeyLocked(key, neu);
                }
                return neu;
            }
            if (c.isExpunged()) {
                // Only a lock holder changes an expunged slot, so it stays expunged until written below.
                V neu = step.apply(null);
                if (neu != null) {
                    c.cas(EXPUNGED, neu);
                    dirty.put(key, c);
                    count.increment();
                }
                return neu;
            }
            // Not expunged: lock-free writers may still race on this cell, and it cannot become expunged while we
            // hold the lock, so the attempt below cannot fail over.
            return castOrNull(tryComputeSlot(c, step));
        } finally {
            mu.unlock();
        }
    }

    /**
     * Applies {@code step} to the cell's current value and installs the result by CAS, retrying on interference.
     *
     * @return the value afterwards (null if absent), or EXPUNGED when the cell is expunged and nothing was done
     */
    private Object tryComputeSlot(Cell<V> c, UnaryOperator<V> step) {
        for (;;) {
            Object p = c.p;
            if (p == EXPUNGED) {
                return EXPUNGED;
            }
            V old = castOrNull(p);
            V neu = step.apply(old);
            if (neu == old) {
                return neu;
            }
            if (c.cas(p, neu)) {
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
    private static <V> V castOrNull(Object p) {
        return p == null || p == EXPUNGED ? null : (V) p;
    }

    /* ---------------- Views ---------------- */

    /*
     * The three views are live and weakly consistent, as ConcurrentHashMap's: their iterators walk a promoted snapshot
     * as range does, and their spliterators report CONCURRENT | NONNULL (and DISTINCT for keys and entries), never
     * SIZED, since the size may change during a walk. A removal that tests a value (entrySet().removeIf, removeAll,
     * retainAll, values().remove, values().removeIf, ...) removes a key only if it still holds the value tested,
     * through compareAndDelete, so a value changed meanwhile by another thread survives (JDK-8078645 in
     * ConcurrentHashMap). Removal by key (keySet().remove, an iterator's remove) is one delete.
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
            V v = load(e.getKey());
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

    /** Spliterator characteristics of the key and entry views, as ConcurrentHashMap's. */
    private static final int DISTINCT_CHARACTERISTICS =
            Spliterator.CONCURRENT | Spliterator.DISTINCT | Spliterator.NONNULL;

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
     * Walks an immutable snapshot as {@link #range} does; values are read when reached, absent keys are skipped.
     * {@code remove} deletes the last key returned, as {@code ConcurrentHashMap}'s iterators do.
     */
    private abstract class ViewIterator<T> implements Iterator<T> {
        private final ReadTable.Cursor<K, Cell<V>> cells = promotedSnapshot().cursor();
        private K nextKey;
        private V nextValue;
        private K lastKey;

        ViewIterator() {
            advance();
        }

        /** What the view hands out for one key and its value. */
        abstract T element(K key, V value);

        private void advance() {
            nextKey = null;
            while (nextKey == null && cells.advance()) {
                V v = cells.entry.load();
                if (v != null) {
                    nextKey = cells.key;
                    nextValue = v;
                }
            }
        }

        @Override
        public final boolean hasNext() {
            return nextKey != null;
        }

        @Override
        public final T next() {
            K k = nextKey;
            if (k == null) {
                throw new NoSuchElementException();
            }
            T e = element(k, nextValue);
            lastKey = k;
            advance();
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
    }

    /** Counts a load that consulted dirty, promoting dirty once the misses have paid for the copy. */
    private void missLocked() {
        misses++;
        if (misses >= dirty.size()) {
            promoteLocked();
        }
    }

    /** Publishes dirty's contents as the new snapshot and drops dirty. O(n), paid for by the misses. */
    private void promoteLocked() {
        DirtyPromoteEvent event = DirtyPromoteEvent.beginIfEnabled();
        read = ReadTable.of(dirty);
        if (event != null) {
            event.dirtySize = dirty.size();
            event.misses = misses;
            event.commit();
        }
        dirty = null;
        misses = 0;
    }

    /** Adds a key that neither map holds, rebuilding dirty and marking read amended first if needed. */
    private void addNewKeyLocked(K key, V value) {
        ReadTable<K, Cell<V>> r = read;
        if (!r.amended) {
            dirtyLocked();
            read = r.withAmended(true);
        }
        dirty.put(key, new Cell<>(value));
        count.increment();
    }

    /** Rebuilds dirty from read.m if it is null, expunging deleted cells instead of copying them. O(n). */
    private void dirtyLocked() {
        if (dirty != null) {
            return;
        }
        DirtyRebuildEvent event = DirtyRebuildEvent.beginIfEnabled();
        ReadTable<K, Cell<V>> r = read;
        GoMap<K, Cell<V>> d = new GoMap<>(r.size(), DetectorMode.OFF);
        r.forEach((k, c) -> {
            if (!tryExpungeLocked(c)) {
                d.put(k, c);
            }
            return true;
        });
        dirty = d;
        if (event != null) {
            event.copied = d.size();
            event.expunged = r.size() - d.size();
            event.commit();
        }
    }

    /** Marks a deleted cell expunged; returns whether it is expunged (false: it holds a value). */
    private static boolean tryExpungeLocked(Cell<?> c) {
        Object p = c.p;
        while (p == null) {
            if (c.cas(null, EXPUNGED)) {
                return true;
            }
            p = c.p;
        }
        return p == EXPUNGED;
    }

    /** Turns an expunged cell back into a deleted one; returns whether it was expunged (then put it in dirty). */
    private static boolean unexpungeLocked(Cell<?> c) {
        return c.cas(EXPUNGED, null);
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
        return read.amended;
    }

    /** Size of dirty, or -1 when it is null. */
    int dirtySize() {
        mu.lock();
        try {
            return dirty == null ? -1 : dirty.size();
        } finally {
            mu.unlock();
        }
    }

    /** Whether {@code key} is in the snapshot with an expunged cell. */
    boolean isExpunged(K key) {
        Cell<V> c = read.get(key);
        return c != null && c.isExpunged();
    }

    /** Whether {@code key} is in the snapshot at all (with any slot state). */
    boolean inReadSnapshot(K key) {
        return read.get(key) != null;
    }
}
