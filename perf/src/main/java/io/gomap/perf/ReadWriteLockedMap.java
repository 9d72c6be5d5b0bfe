package io.gomap.perf;

import java.util.HashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link HashMap} behind a {@link ReentrantReadWriteLock}: {@code get}, {@code containsKey}, {@code forEach} and
 * {@code size} hold the read lock, so readers overlap; every write holds the write lock. This is the baseline a Go
 * program gets with a {@code map} guarded by a {@code sync.RWMutex} (Go's {@code RWMutexMap} in its sync.Map
 * benchmarks).
 *
 * <p>{@link #entrySet()} iterates over a copy made under the read lock; an entry's {@code setValue} and the
 * iterator's {@code remove()} write through to this map.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ReadWriteLockedMap<K, V> extends GuardedMap<K, V> {

    /*
     * Overview:
     *
     * A GuardedMap over a private HashMap whose read lock and write lock are the two halves of one non-fair
     * ReentrantReadWriteLock. All the locking is in GuardedMap.
     */

    /** Creates an empty map. */
    public ReadWriteLockedMap() {
        this(new ReentrantReadWriteLock());
    }

    private ReadWriteLockedMap(ReentrantReadWriteLock lock) {
        super(new HashMap<>(), lock.readLock(), lock.writeLock());
    }
}
