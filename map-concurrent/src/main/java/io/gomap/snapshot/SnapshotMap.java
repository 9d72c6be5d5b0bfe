package io.gomap.snapshot;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A read-mostly map whose whole contents are replaced at once: readers see one immutable snapshot without locking,
 * and writers build, validate and publish a new snapshot in a single atomic step, keeping the last few snapshots so a
 * bad one can be rolled back (the hot-swappable configuration map of Go's {@code atomic.Value} idiom).
 *
 * <p>Reading: {@link #get}, {@link #containsKey}, {@link #size} and every other read answer from the snapshot that is
 * current when they start, with no lock and no write to shared memory. Each call reads one snapshot: {@link #snapshot()}
 * returns it with its version, and an iterator of {@link #keySet()}, {@link #values()} or {@link #entrySet()} walks the
 * snapshot current when the iterator was created, even if newer ones are published meanwhile. The views themselves
 * are live: a later call on a view reads the then-current snapshot.
 *
 * <p>Writing: {@link #update} and {@link #replaceWith} build the complete next snapshot, run every registered
 * {@link SnapshotValidator}, and publish it under a new version number; a rejection throws
 * {@link SnapshotRejectedException} with the validator's reason and publishes nothing. Writers are serialized by one
 * lock, so concurrent updates never lose each other's changes, and no user code is run again for a lost race: an
 * update operator runs exactly once per call, and each validator at most once per candidate (none after the first
 * rejection). The {@link Map} mutators ({@code put}, {@code remove}, {@code clear}, the views' and iterators'
 * {@code remove}, ...) all throw {@link UnsupportedOperationException}.
 *
 * <p>Versions: the initial snapshot has version 0 and each publication takes the next number, higher than any number
 * given before, also after rollbacks; a version therefore names exactly one snapshot. The map keeps the last
 * {@link #historyLimit()} snapshots, the current one included (default {@value #DEFAULT_HISTORY_LIMIT}).
 * {@link #rollback()} makes the previous kept snapshot current again, under its original version, and discards the
 * newer ones; {@link #rollbackTo(long)} does the same for any kept version. Rollbacks do not run the validators: every
 * kept snapshot passed the validators registered when it was published, not necessarily those registered since (the
 * initial snapshot, version 0, passed none).
 *
 * <p>Listeners ({@link SnapshotListener}) are told of each publication and rollback on the writing thread, once the
 * change is visible to readers, in the order of the changes; see that interface for what they may do.
 *
 * <p>Memory model: the publication of a snapshot <em>happens-before</em> every read that observes it, so a reader
 * sees the complete contents of the snapshot it reads, never part of one. Neither keys nor values may be null, as in
 * {@link java.util.concurrent.ConcurrentHashMap}: a null argument or a null in new contents throws
 * {@link NullPointerException} naming it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SnapshotMap<K, V> implements Map<K, V> {

    /*
     * Overview:
     *
     * Everything a reader or writer needs is one immutable State record {map, history, lastIssued}, held by the
     * volatile field state. A reader does one volatile read of state and one lookup in state.map, and never writes
     * shared memory; a writer builds a new State and publishes it with one volatile write while holding writeLock.
     * The volatile write after the record and its map were fully built is the safe publication: a reader that sees
     * the new State sees all of its contents (this is what Go's atomic.Value Store/Load gives).
     *
     * Invariants:
     * - state.history is non-empty, holds at most historyLimit snapshots ordered by strictly increasing version, and
     *   its last element is the current snapshot; state.map is that snapshot's map (kept in State so the read path
     *   skips one indirection).
     * - Every snapshot map is immutable (Map.copyOf) and holds no null keys or values.
     * - state.lastIssued is the highest version ever given by this map; it never decreases, so a new snapshot always
     *   gets a version no snapshot had before, even after a rollback discarded newer ones.
     * - state is replaced only with writeLock held, and only with a snapshot that passed the validators registered
     *   at its publication (or the initial snapshot, version 0) or with a kept snapshot (rollback).
     * - Update operators, validators and listeners run with writeLock held; a writing call from one of them on the
     *   same map is refused (IllegalStateException) rather than nested inside the outer change.
     *
     * Why a lock rather than CAS retry on state: an update must apply the operator to the current contents and run
     * the validators; with CAS both would be repeated after every lost race, costing a full copy each time and
     * running user code a surprising number of times. Writers are rare by design, and readers never touch the lock.
     * The lock also makes a rollback atomic with respect to updates and orders the listener calls.
     *
     * Why Map.copyOf for the snapshot: its table is one array of alternating keys and values at load factor 1/2, so a
     * hit costs one hash, a short linear probe and an equals, with the value next to its key; it rejects nulls, as
     * this map must; and its iteration order is fixed per instance, so toString and a second walk agree. A GoMap
     * filled once would also be safe to share, but measured slower on hits at 1K and 1M keys (see
     * SnapshotMapGetBenchmark, whose MapCopyOf and GoMap rows read the two candidates directly). On small maps
     * ConcurrentHashMap.get is faster still: its slot index is a mask, where Map.copyOf's probe divides.
     *
     * Reading guide: constants and State, then fields and constructors, the Map read methods, the snapshot API
     * (snapshot, version, history, update, replaceWith, rollback, rollbackTo, registration), the workers, the
     * lock-held helpers (publishLocked, rollBackLocked, rejectionLocked, tellLocked), the refused Map mutators and
     * the views at the end.
     */

    /* ---------------- Constants and state ---------------- */

    /** Snapshots kept when no limit is given. */
    public static final int DEFAULT_HISTORY_LIMIT = 8; // the current snapshot and seven predecessors

    private static final long INITIAL_VERSION = 0L; // version of the snapshot a map is created with

    /**
     * Everything readers and writers see, published at once.
     *
     * @param map the current snapshot's contents, immutable
     * @param history the kept snapshots, oldest first, the current one last; immutable
     * @param lastIssued the highest version given so far
     */
    private record State<K, V>(Map<K, V> map, List<Snapshot<K, V>> history, long lastIssued) {
        Snapshot<K, V> current() {
            return history.get(history.size() - 1);
        }
    }

    /* ---------------- Fields and constructors ---------------- */

    /** Serializes every replacement of {@link #state}; never taken by readers. */
    private final ReentrantLock writeLock = new ReentrantLock();

    /** The current state; read without the lock, must only be replaced with writeLock held. */
    private volatile State<K, V> state;

    /** Number of snapshots kept, the current one included; at least 1. */
    private final int historyLimit;

    /** Checks run on every candidate, in order; only iterated with writeLock held. */
    private final List<SnapshotValidator<K, V>> validators = new CopyOnWriteArrayList<>();

    /** Told of every change, in order; only iterated with writeLock held. */
    private final List<SnapshotListener<K, V>> listeners = new CopyOnWriteArrayList<>();

    private final Set<K> keySet = Collections.unmodifiableSet(new KeySetView());
    private final Collection<V> values = Collections.unmodifiableCollection(new ValuesView());
    private final Set<Map.Entry<K, V>> entrySet = Collections.unmodifiableSet(new EntrySetView());

    /** An empty map keeping {@value #DEFAULT_HISTORY_LIMIT} snapshots. */
    public SnapshotMap() {
        this(Map.of(), DEFAULT_HISTORY_LIMIT);
    }

    /**
     * An empty map keeping {@code historyLimit} snapshots, the current one included.
     *
     * @param historyLimit the number of snapshots kept
     * @throws IllegalArgumentException if {@code historyLimit} is less than 1
     */
    public SnapshotMap(int historyLimit) {
        this(Map.of(), historyLimit);
    }

    /**
     * A map whose snapshot version 0 holds a copy of {@code initial}, keeping {@code historyLimit} snapshots.
     *
     * @param initial      the contents of snapshot version 0
     * @param historyLimit the number of snapshots kept
     * @throws IllegalArgumentException if {@code historyLimit} is less than 1, or if {@code initial} holds two equal
     *         keys (an {@code IdentityHashMap} can)
     * @throws NullPointerException if {@code initial} is null or holds a null key or value
     */
    public SnapshotMap(Map<? extends K, ? extends V> initial, int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be at least 1: " + historyLimit);
        }
        this.historyLimit = historyLimit;
        Map<K, V> map = freeze(Objects.requireNonNull(initial, "initial"));
        this.state = new State<>(map, List.of(new Snapshot<>(INITIAL_VERSION, map)), INITIAL_VERSION);
    }

    /* ---------------- Map reads ---------------- */

    @Override
    public V get(Object key) {
        return state.map().get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return state.map().getOrDefault(Objects.requireNonNull(key, "key"), defaultValue);
    }

    @Override
    public boolean containsKey(Object key) {
        return state.map().containsKey(Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsValue(Object value) {
        return state.map().containsValue(Objects.requireNonNull(value, "value"));
    }

    @Override
    public int size() {
        return state.map().size();
    }

    @Override
    public boolean isEmpty() {
        return state.map().isEmpty();
    }

    /** Performs {@code action} on every entry of the current snapshot. */
    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        state.map().forEach(Objects.requireNonNull(action, "action"));
    }

    /** Whether {@code o} is a map with the same entries as the current snapshot. */
    @Override
    public boolean equals(Object o) {
        return o == this || state.map().equals(o);
    }

    /** The hash code of the current snapshot, as {@link Map#hashCode()} defines it. */
    @Override
    public int hashCode() {
        return state.map().hashCode();
    }

    /**
     * The entries of the current snapshot, formatted as {@link java.util.AbstractMap#toString()} does, "(this Map)"
     * standing for this map where it is one of its own keys or values.
     */
    @Override
    public String toString() {
        // Not state.map().toString(): the snapshot's own toString writes "(this Map)" only for the snapshot itself,
        // and would call this method again for this map, without end.
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<K, V> e : state.map().entrySet()) {
            sb.append(sep).append(self(e.getKey())).append('=').append(self(e.getValue()));
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /** {@code o}, or "(this Map)" when it is this map, as AbstractMap's toString writes it. */
    private Object self(Object o) {
        return o == this ? "(this Map)" : o;
    }

    /* ---------------- Snapshot API ---------------- */

    /** {@return the current snapshot and its version, read together} */
    public Snapshot<K, V> snapshot() {
        return state.current();
    }

    /** {@return the version of the current snapshot} */
    public long version() {
        return state.current().version();
    }

    /** {@return the kept snapshots, oldest first, the current one last; an immutable list read in one step} */
    public List<Snapshot<K, V>> history() {
        return state.history();
    }

    /** {@return the number of snapshots kept, the current one included} */
    public int historyLimit() {
        return historyLimit;
    }

    /**
     * Publishes what {@code operator} makes of the current contents, if every validator accepts it.
     *
     * <p>The operator receives a fresh mutable copy of the current contents; it may change and return that copy or
     * return another map. It runs exactly once, with the writer lock held, and the map it returns is copied. An
     * exception thrown by the operator or a validator propagates to the caller, and nothing is published.
     *
     * @param operator makes the next contents from a mutable copy of the current ones
     * @return the published snapshot
     * @throws SnapshotRejectedException if a validator rejects the result; nothing is published
     * @throws NullPointerException if {@code operator} is null or returns null or a map holding a null key or value,
     *         or if a validator returns null ("validator result"); nothing is published
     * @throws IllegalArgumentException if the returned map holds two equal keys (an {@code IdentityHashMap} can);
     *         nothing is published
     * @throws IllegalStateException if called from an update operator, validator or listener of this map
     */
    public Snapshot<K, V> update(UnaryOperator<Map<K, V>> operator) {
        return doUpdate(Objects.requireNonNull(operator, "operator"));
    }

    /**
     * Publishes a copy of {@code contents}, if every validator accepts it. The copy is made before taking the writer
     * lock. An exception thrown by a validator propagates to the caller, and nothing is published.
     *
     * @param contents the next contents
     * @return the published snapshot
     * @throws SnapshotRejectedException if a validator rejects the copy; nothing is published
     * @throws NullPointerException if {@code contents} is null or holds a null key or value, or if a validator returns
     *         null ("validator result"); nothing is published
     * @throws IllegalArgumentException if {@code contents} holds two equal keys (an {@code IdentityHashMap} can);
     *         nothing is published
     * @throws IllegalStateException if called from an update operator, validator or listener of this map
     */
    public Snapshot<K, V> replaceWith(Map<? extends K, ? extends V> contents) {
        return doReplaceWith(freeze(Objects.requireNonNull(contents, "contents")));
    }

    /**
     * Makes the kept snapshot before the current one current again, under its original version, and discards the
     * current one. The validators are not run.
     *
     * @return the snapshot now current
     * @throws IllegalStateException if no earlier snapshot is kept, or if called from an update operator, validator
     *     or listener of this map
     */
    public Snapshot<K, V> rollback() {
        return doRollback();
    }

    /**
     * Makes the kept snapshot with {@code version} current again and discards every newer one; does nothing (and
     * tells no listener) when it is already current. The validators are not run.
     *
     * @param version the version of a kept snapshot
     * @return the snapshot now current
     * @throws IllegalArgumentException if no kept snapshot has {@code version}
     * @throws IllegalStateException if called from an update operator, validator or listener of this map
     */
    public Snapshot<K, V> rollbackTo(long version) {
        return doRollbackTo(version);
    }

    /**
     * Adds a validator run on every later candidate, after those added before it.
     *
     * @param validator the validator
     */
    public void addValidator(SnapshotValidator<K, V> validator) {
        validators.add(Objects.requireNonNull(validator, "validator"));
    }

    /**
     * Removes one registration of {@code validator}.
     *
     * @param validator the validator
     * @return whether it was registered
     */
    public boolean removeValidator(SnapshotValidator<K, V> validator) {
        return validators.remove(Objects.requireNonNull(validator, "validator"));
    }

    /**
     * Adds a listener told of every later change, after those added before it.
     *
     * @param listener the listener
     */
    public void addListener(SnapshotListener<K, V> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes one registration of {@code listener}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeListener(SnapshotListener<K, V> listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    /* ---------------- Snapshot API: workers ---------------- */

    private Snapshot<K, V> doUpdate(UnaryOperator<Map<K, V>> operator) {
        lockForWriting();
        try {
            State<K, V> s = state;
            Map<K, V> result = operator.apply(new HashMap<>(s.map()));
            return publishLocked(s, freeze(Objects.requireNonNull(result, "operator result")));
        } finally {
            writeLock.unlock();
        }
    }

    private Snapshot<K, V> doReplaceWith(Map<K, V> frozen) {
        lockForWriting();
        try {
            return publishLocked(state, frozen);
        } finally {
            writeLock.unlock();
        }
    }

    private Snapshot<K, V> doRollback() {
        lockForWriting();
        try {
            State<K, V> s = state;
            int kept = s.history().size();
            if (kept < 2) {
                throw new IllegalStateException("no earlier snapshot kept before version " + s.current().version());
            }
            return rollBackLocked(s, kept - 2);
        } finally {
            writeLock.unlock();
        }
    }

    private Snapshot<K, V> doRollbackTo(long version) {
        lockForWriting();
        try {
            State<K, V> s = state;
            List<Snapshot<K, V>> h = s.history();
            for (int i = h.size() - 1; i >= 0; i--) {
                if (h.get(i).version() == version) {
                    return i == h.size() - 1 ? h.get(i) : rollBackLocked(s, i);
                }
            }
            throw new IllegalArgumentException("version " + version + " is not kept; kept versions: "
                    + h.stream().map(Snapshot::version).toList());
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Takes the writer lock, first refusing a call made by a callback of this map, which already holds it: nesting a
     * change inside another would tell listeners of the inner change before the outer one.
     */
    private void lockForWriting() {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("an update operator, validator or listener must not write to its map");
        }
        writeLock.lock();
    }

    /**
     * An immutable copy of {@code contents}, checked for nulls first so the exception names what was null (the copy
     * would reject them too, without saying which).
     */
    private static <K, V> Map<K, V> freeze(Map<? extends K, ? extends V> contents) {
        contents.forEach((k, v) -> {
            Objects.requireNonNull(k, "null key in new contents");
            Objects.requireNonNull(v, () -> "null value for key " + k + " in new contents");
        });
        return Map.copyOf(contents);
    }

    /* ---------------- Lock-held helpers ---------------- */

    /** Validates {@code frozen}, then publishes it as the newest snapshot after {@code s} and tells the listeners. */
    private Snapshot<K, V> publishLocked(State<K, V> s, Map<K, V> frozen) {
        String reason = rejectionLocked(frozen);
        if (reason != null) {
            throw new SnapshotRejectedException(reason);
        }
        Snapshot<K, V> previous = s.current();
        Snapshot<K, V> next = new Snapshot<>(s.lastIssued() + 1, frozen);
        List<Snapshot<K, V>> old = s.history();
        List<Snapshot<K, V>> history = new ArrayList<>(old.size() + 1);
        history.addAll(old.size() < historyLimit ? old : old.subList(old.size() - historyLimit + 1, old.size()));
        history.add(next);
        state = new State<>(frozen, List.copyOf(history), next.version());
        tellLocked(l -> l.published(previous, next));
        return next;
    }

    /** Makes {@code s.history().get(index)} current, discarding the newer snapshots, and tells the listeners. */
    private Snapshot<K, V> rollBackLocked(State<K, V> s, int index) {
        Snapshot<K, V> from = s.current();
        List<Snapshot<K, V>> history = List.copyOf(s.history().subList(0, index + 1));
        Snapshot<K, V> to = history.get(index);
        state = new State<>(to.map(), history, s.lastIssued());
        tellLocked(l -> l.rolledBack(from, to));
        return to;
    }

    /** The first validator's reason to reject {@code candidate}, or null when all accept it. */
    private String rejectionLocked(Map<K, V> candidate) {
        for (SnapshotValidator<K, V> v : validators) {
            Optional<String> reason = Objects.requireNonNull(v.validate(candidate), "validator result");
            if (reason.isPresent()) {
                return reason.get();
            }
        }
        return null;
    }

    /**
     * Tells every listener of a change that is already published. A listener's RuntimeException cannot undo the
     * change and must not keep the other listeners uninformed, so it goes to the thread's uncaught-exception handler.
     */
    private void tellLocked(Consumer<SnapshotListener<K, V>> event) {
        for (SnapshotListener<K, V> l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /* ---------------- Refused Map mutators ---------------- */

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("SnapshotMap is read-only: use update or replaceWith");
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V put(K key, V value) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V remove(Object key) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public void clear() {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V putIfAbsent(K key, V value) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public boolean remove(Object key, Object value) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V replace(K key, V value) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        throw readOnly();
    }

    /** Always throws: change the contents with {@link #update} or {@link #replaceWith}. */
    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        throw readOnly();
    }

    /* ---------------- Views ---------------- */

    /* Each view is live (every call reads the then-current snapshot, once), each iterator walks the snapshot current at
     * its creation, and the unmodifiable wrappers refuse every mutator, even one that would change nothing. */

    /** A read-only, live view of the keys; each iterator walks one snapshot. */
    @Override
    public Set<K> keySet() {
        return keySet;
    }

    /** A read-only, live view of the values; each iterator walks one snapshot. */
    @Override
    public Collection<V> values() {
        return values;
    }

    /** A read-only, live view of the entries; each iterator walks one snapshot, and its entries are immutable. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entrySet;
    }

    /**
     * A read-only view whose every call answers from one snapshot, the one current when the call starts: a bulk
     * read (containsAll, toArray, a stream's spliterator, forEach, toString) reads the snapshot once and asks that
     * snapshot (containsAll, through the same test as contains, so that a null element is refused by name) or its own
     * view, so it never mixes two snapshots, and a spliterator's size always matches what it produces.
     */
    private abstract class View<E> extends AbstractCollection<E> {
        /** The unmodifiable wrapper of this view that {@link SnapshotMap} hands out. */
        abstract Collection<E> exposed();

        /** This view of {@code snapshot}. */
        abstract Collection<E> of(Map<K, V> snapshot);

        /** Whether this view of {@code snapshot} contains {@code o}; a null key or value throws, naming which. */
        abstract boolean containsIn(Map<K, V> snapshot, Object o);

        final Collection<E> current() {
            return of(state.map());
        }

        @Override
        public final Iterator<E> iterator() {
            return current().iterator();
        }

        @Override
        public final Spliterator<E> spliterator() {
            return current().spliterator();
        }

        @Override
        public final int size() {
            return state.map().size();
        }

        @Override
        public final boolean isEmpty() {
            return state.map().isEmpty();
        }

        @Override
        public final boolean contains(Object o) {
            return containsIn(state.map(), o);
        }

        @Override
        public final boolean containsAll(Collection<?> c) {
            Map<K, V> snapshot = state.map();
            for (Object o : Objects.requireNonNull(c, "c")) {
                if (!containsIn(snapshot, o)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public final Object[] toArray() {
            return current().toArray();
        }

        @Override
        public final <T> T[] toArray(T[] a) {
            return current().toArray(Objects.requireNonNull(a, "a"));
        }

        @Override
        public final void forEach(Consumer<? super E> action) {
            current().forEach(Objects.requireNonNull(action, "action"));
        }

        /**
         * The elements of one snapshot, formatted as {@link AbstractCollection#toString()} does, "(this Collection)"
         * standing for this view (as users hold it) where it is one of its own elements.
         */
        @Override
        public final String toString() {
            // Not current().toString(): the snapshot's view writes "(this Collection)" only for itself, not for the
            // unmodifiable wrapper users hold, and would call this method again through it, without end.
            StringBuilder sb = new StringBuilder("[");
            String sep = "";
            for (E e : current()) {
                sb.append(sep).append(e == exposed() ? "(this Collection)" : e);
                sep = ", ";
            }
            return sb.append(']').toString();
        }
    }

    /** A {@link View} that is a set: equality and hash code are those of one snapshot's set. */
    private abstract class SetView<E> extends View<E> implements Set<E> {
        @Override
        public final boolean equals(Object o) {
            return o == this || current().equals(o);
        }

        @Override
        public final int hashCode() {
            return current().hashCode();
        }
    }

    private final class KeySetView extends SetView<K> {
        @Override
        Collection<K> exposed() {
            return keySet;
        }

        @Override
        Collection<K> of(Map<K, V> snapshot) {
            return snapshot.keySet();
        }

        @Override
        boolean containsIn(Map<K, V> snapshot, Object o) {
            return snapshot.containsKey(Objects.requireNonNull(o, "key"));
        }
    }

    private final class ValuesView extends View<V> {
        @Override
        Collection<V> exposed() {
            return values;
        }

        @Override
        Collection<V> of(Map<K, V> snapshot) {
            return snapshot.values();
        }

        @Override
        boolean containsIn(Map<K, V> snapshot, Object o) {
            return snapshot.containsValue(Objects.requireNonNull(o, "value"));
        }
    }

    private final class EntrySetView extends SetView<Map.Entry<K, V>> {
        @Override
        Collection<Map.Entry<K, V>> exposed() {
            return entrySet;
        }

        @Override
        Collection<Map.Entry<K, V>> of(Map<K, V> snapshot) {
            return snapshot.entrySet();
        }

        /** One lookup instead of the walk AbstractCollection would make; the snapshot holds no nulls to match. */
        @Override
        boolean containsIn(Map<K, V> snapshot, Object o) {
            return o instanceof Map.Entry<?, ?> e
                    && e.getKey() != null
                    && e.getValue() != null
                    && e.getValue().equals(snapshot.get(e.getKey()));
        }
    }
}
