package io.gomap.perf;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Any map behind one {@link ReentrantLock}: every read and every write holds the same lock, so threads never
 * overlap inside the map. This is the baseline a Go program gets with a plain {@code map} guarded by a
 * {@code sync.Mutex}; {@link #goMap()} builds exactly that with a {@link GoMap} whose detector is off, since the
 * lock already rules out the races the detector looks for.
 *
 * <p>{@link #entrySet()} iterates over a copy made under the lock; an entry's {@code setValue} and the iterator's
 * {@code remove()} write through to this map. {@link #forEach} holds the lock for the whole walk.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LockedMap<K, V> extends GuardedMap<K, V> {

    /*
     * Overview:
     *
     * A GuardedMap whose read lock and write lock are one ReentrantLock, so every access to the delegate is
     * exclusive. All the locking is in GuardedMap.
     */

    /** Wraps {@code map}, which must not be used directly afterwards. */
    public LockedMap(Map<K, V> map) {
        this(map, new ReentrantLock());
    }

    private LockedMap(Map<K, V> map, ReentrantLock lock) {
        super(map, lock, lock);
    }

    /** A {@link GoMap} with its detector off behind one lock: Go's map plus {@code sync.Mutex}. */
    public static <K, V> LockedMap<K, V> goMap() {
        return new LockedMap<>(new GoMap<>(0, DetectorMode.OFF));
    }
}
