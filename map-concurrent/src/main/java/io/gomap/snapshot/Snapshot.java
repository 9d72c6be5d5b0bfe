package io.gomap.snapshot;

import java.util.Map;
import java.util.Objects;

/**
 * One published state of a {@link SnapshotMap}: its contents and the version number they were published under.
 *
 * @param version the number given at publication; a version names exactly one snapshot for the life of its map
 * @param map the contents, immutable: every mutator throws {@link UnsupportedOperationException}
 * @param <K> the key type
 * @param <V> the value type
 */
public record Snapshot<K, V>(long version, Map<K, V> map) {

    /**
     * Checks that the map is present; the caller guarantees that it is immutable.
     *
     * @param version the version
     * @param map     the contents, immutable
     */
    public Snapshot {
        Objects.requireNonNull(map, "map");
    }

    /** The version and size only: a snapshot may be large. */
    @Override
    public String toString() {
        return "Snapshot[version=" + version + ", size=" + map.size() + "]";
    }
}
