package io.gomap.perf;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A map guarded by a read lock and a write lock, the common body of {@link LockedMap} and
 * {@link ReadWriteLockedMap}. Reads ({@code get}, {@code containsKey}, {@code size}, {@code forEach}, ...) run
 * under the read lock; every write, including the compound {@code compute} family, runs under the write lock, so
 * each method is atomic.
 *
 * <p>{@link #entrySet()} iterates over a copy of the entries taken under the read lock: the walk never blocks
 * writers and never sees a concurrent change. An entry's {@code setValue} and the iterator's {@code remove()} write
 * through to the map, each as one locked {@code put} or {@code remove} of that key.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
abstract class GuardedMap<K, V> extends AbstractMap<K, V> {

    /*
     * Overview:
     *
     * The delegate map is touched only with readLock or writeLock held: readLock for methods that do not modify it,
     * writeLock for those that may. When both locks are the same object (LockedMap) every access is exclusive. The
     * delegate never escapes, so no caller can reach it without a lock. Methods not overridden here (putAll,
     * equals, hashCode, toString, ...) are AbstractMap's, built on the locked methods and the copying entry set.
     *
     * Reading guide: fields, then reads, then writes, then the entry set.
     */

    /** The guarded map; must only be read with {@link #readLock} held and written with {@link #writeLock} held. */
    private final Map<K, V> map;

    /** Held for reads; may be the same lock as {@link #writeLock}. */
    private final Lock readLock;

    /** Held for writes; excludes readers too. */
    private final Lock writeLock;

    GuardedMap(Map<K, V> map, Lock readLock, Lock writeLock) {
        this.map = Objects.requireNonNull(map, "map");
        this.readLock = readLock;
        this.writeLock = writeLock;
    }

    /* ---- Reads ---- */

    @Override
    public V get(Object key) {
        readLock.lock();
        try {
            return map.get(key);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        readLock.lock();
        try {
            return map.getOrDefault(key, defaultValue);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        readLock.lock();
        try {
            return map.containsKey(key);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean containsValue(Object value) {
        readLock.lock();
        try {
            return map.containsValue(value);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int size() {
        readLock.lock();
        try {
            return map.size();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Runs {@code action} on every entry with the read lock held; the action must not modify this map. */
    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        readLock.lock();
        try {
            map.forEach(action);
        } finally {
            readLock.unlock();
        }
    }

    /* ---- Writes ---- */

    @Override
    public V put(K key, V value) {
        writeLock.lock();
        try {
            return map.put(key, value);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        writeLock.lock();
        try {
            return map.putIfAbsent(key, value);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V remove(Object key) {
        writeLock.lock();
        try {
            return map.remove(key);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        writeLock.lock();
        try {
            return map.remove(key, value);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V replace(K key, V value) {
        writeLock.lock();
        try {
            return map.replace(key, value);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        writeLock.lock();
        try {
            return map.replace(key, oldValue, newValue);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        writeLock.lock();
        try {
            return map.computeIfAbsent(key, mappingFunction);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        writeLock.lock();
        try {
            return map.computeIfPresent(key, remappingFunction);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        writeLock.lock();
        try {
            return map.compute(key, remappingFunction);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        writeLock.lock();
        try {
            return map.merge(key, value, remappingFunction);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void clear() {
        writeLock.lock();
        try {
            map.clear();
        } finally {
            writeLock.unlock();
        }
    }

    /* ---- Entry set ---- */

    /** A view whose iterators walk a copy of the entries taken under the read lock; see the class Javadoc. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new EntrySet();
    }

    /** Copies every entry, with the read lock held, into write-through entries. */
    private List<Map.Entry<K, V>> snapshot() {
        readLock.lock();
        try {
            List<Map.Entry<K, V>> copy = new ArrayList<>(map.size());
            map.forEach((key, value) -> copy.add(new SnapshotEntry(key, value)));
            return copy;
        } finally {
            readLock.unlock();
        }
    }

    /** The entry-set view; size and membership read the live map, iteration reads a snapshot. */
    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new SnapshotIterator(snapshot().iterator());
        }

        @Override
        public int size() {
            return GuardedMap.this.size();
        }

        @Override
        public void clear() {
            GuardedMap.this.clear();
        }
    }

    /** Walks a snapshot; remove() deletes the last returned key from the live map. */
    private final class SnapshotIterator implements Iterator<Map.Entry<K, V>> {

        /** The snapshot being walked. */
        private final Iterator<Map.Entry<K, V>> entries;

        /** Entry last returned by next(); null before the first call and after remove(). */
        private Map.Entry<K, V> last;

        SnapshotIterator(Iterator<Map.Entry<K, V>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            last = entries.next();
            return last;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() not called, or remove() already called");
            }
            GuardedMap.this.remove(last.getKey());
            last = null;
        }
    }

    /** A copied entry whose setValue also puts the new value into the live map. */
    private final class SnapshotEntry extends SimpleEntry<K, V> {

        private static final long serialVersionUID = 1L;

        SnapshotEntry(K key, V value) {
            super(key, value);
        }

        /** Sets this copy's value and puts it into the map; returns the value this copy held. */
        @Override
        public V setValue(V value) {
            GuardedMap.this.put(getKey(), value);
            return super.setValue(value);
        }
    }
}
