package io.gomap.perf;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.gomap.concurrent.SyncMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The concurrent maps the multi-threaded benchmarks compare. Each has a display name, used as the value of the
 * benchmarks' {@code impl} parameter and accepted by {@link #parse(String)}, and a factory for an empty map.
 *
 * <p>Maps are created without a capacity hint, as an application typically would; {@code expectedKeys} is used only
 * where a contender needs a bound ({@link #CAFFEINE_BOUNDED}).
 */
public enum Contender {

    /** {@link SyncMap}, the port of Go's {@code sync.Map}. */
    SYNC_MAP("SyncMap"),

    /** {@link ConcurrentHashMap}. */
    CONCURRENT_HASH_MAP("ConcurrentHashMap"),

    /** An unbounded Caffeine cache's map view: {@code Caffeine.newBuilder().build().asMap()}. */
    CAFFEINE("Caffeine"),

    /**
     * A Caffeine cache bounded at {@code maximumSize(expectedKeys)}: <b>eviction is on</b>, so a workload that
     * inserts more than {@code expectedKeys} distinct keys loses some, and every access also goes through the eviction
     * policy's buffers. Caffeine builds the policy's frequency sketch only once the cache is half full, so a workload
     * that stays under half its bound (the cache that keeps growing, bounded far above what it reaches) never feeds
     * one.
     */
    CAFFEINE_BOUNDED("CaffeineBounded"),

    /** {@code Collections.synchronizedMap(new HashMap<>())}: one monitor for every access. */
    SYNCHRONIZED_HASH_MAP("SynchronizedHashMap"),

    /** {@link ReadWriteLockedMap}: a HashMap whose readers share a read lock. */
    RW_LOCKED_HASH_MAP("RwLockedHashMap"),

    /** {@link LockedMap#goMap()}: a GoMap (detector off) behind one ReentrantLock, Go's map plus a mutex. */
    LOCKED_GO_MAP("LockedGoMap");

    /** Name used in benchmark parameters and reports. */
    private final String displayName;

    Contender(String displayName) {
        this.displayName = displayName;
    }

    /** Name used in benchmark parameters and reports, e.g. {@code "SyncMap"}. */
    public String displayName() {
        return displayName;
    }

    /**
     * Creates an empty map of this kind.
     *
     * @param expectedKeys the number of distinct keys the workload will hold; the bound of {@link #CAFFEINE_BOUNDED},
     *     ignored by the others
     */
    public <K, V> Map<K, V> create(int expectedKeys) {
        return switch (this) {
            case SYNC_MAP -> new SyncMap<>();
            case CONCURRENT_HASH_MAP -> new ConcurrentHashMap<>();
            case CAFFEINE -> Caffeine.newBuilder().<K, V>build().asMap();
            case CAFFEINE_BOUNDED -> Caffeine.newBuilder().maximumSize(expectedKeys).<K, V>build().asMap();
            case SYNCHRONIZED_HASH_MAP -> Collections.synchronizedMap(new HashMap<>());
            case RW_LOCKED_HASH_MAP -> new ReadWriteLockedMap<>();
            case LOCKED_GO_MAP -> LockedMap.goMap();
        };
    }

    /**
     * Finds the contender with the given display name or constant name, ignoring case (so {@code "SyncMap"},
     * {@code "syncmap"} and {@code "SYNC_MAP"} all name {@link #SYNC_MAP}).
     *
     * @throws IllegalArgumentException if no contender has that name; the message lists the valid names
     */
    public static Contender parse(String name) {
        for (Contender contender : values()) {
            if (contender.displayName.equalsIgnoreCase(name) || contender.name().equalsIgnoreCase(name)) {
                return contender;
            }
        }
        throw new IllegalArgumentException("unknown contender '" + name + "'; valid names: "
                + Arrays.stream(values()).map(Contender::displayName).collect(Collectors.joining(", "))
                + " (case-insensitive)");
    }

    /** The display name, so JMH output and reports read as the parameter values do. */
    @Override
    public String toString() {
        return displayName;
    }
}
