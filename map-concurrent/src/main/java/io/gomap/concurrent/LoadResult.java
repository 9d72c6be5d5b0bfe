package io.gomap.concurrent;

/**
 * The answer of {@link SyncMap#loadOrStore}: the value now in the map and whether it was already there.
 *
 * @param value the existing value if {@code loaded}, else the value just stored
 * @param loaded true if the key was present and nothing was stored
 * @param <V> the value type
 */
public record LoadResult<V>(V value, boolean loaded) {}
