package io.gomap.snapshot;

/**
 * Told when a {@link SnapshotMap} changes its current snapshot. Implement either method or both; the other stays a
 * no-op.
 *
 * <p>Listeners run on the writing thread after the change is visible to readers, while the map's writer lock is still
 * held, so each listener is told of every change exactly once, one at a time, in the order of the changes. A listener
 * therefore delays other writers (never readers) and must not call a writing method ({@code update},
 * {@code replaceWith}, {@code rollback}, {@code rollbackTo}) of the same map. A {@link RuntimeException} thrown by a
 * listener does not undo the change: the remaining listeners are still told, and the exception goes to the writing
 * thread's {@link Thread.UncaughtExceptionHandler}. An {@link Error} is not caught: it does not undo the change
 * either, but propagates out of the writing call, and the listeners after the one that threw are not told of that
 * change.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SnapshotListener<K, V> {

    /**
     * A new snapshot was published by {@code update} or {@code replaceWith}.
     *
     * @param previous the snapshot that was current before
     * @param current the snapshot just published; its version is higher than any published before
     */
    default void published(Snapshot<K, V> previous, Snapshot<K, V> current) {}

    /**
     * The map went back to a kept snapshot, discarding the newer ones.
     *
     * @param from the snapshot that was current before
     * @param to the kept snapshot that is current now, with its original version
     */
    default void rolledBack(Snapshot<K, V> from, Snapshot<K, V> to) {}
}
