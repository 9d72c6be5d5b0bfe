package io.gomap.core;

/**
 * How hard a {@link GoMap} looks for unsynchronized concurrent use.
 *
 * <p>Go's runtime keeps a {@code hashWriting} flag in every map and dies with {@code fatal error: concurrent map
 * writes} when it finds the flag set by someone else. A {@code GoMap} throws {@link ConcurrentMapAccessException}
 * instead, and lets you choose what that costs.
 */
public enum DetectorMode {
    /**
     * No checks at all. Races corrupt the map silently, as they corrupt a {@link java.util.HashMap}; so does a key
     * whose {@code hashCode} or {@code equals} writes to the map while the map calls it in a write (the other modes
     * throw instead).
     */
    OFF,
    /**
     * Go's behaviour: a flag written and read with plain (opaque) memory accesses. Costs a load per read and two
     * loads and two stores per write; catches most races that overlap in time, misses some. The default.
     */
    BEST_EFFORT,
    /**
     * The writing flag is taken with a compare-and-set, so two writes that overlap in time are always caught, and
     * the exception names the thread that was writing. Costs one atomic instruction per write. A write here is one
     * call that changes the map; {@code compute}, {@code merge} and an iterator's {@code remove} are a lookup and then
     * such a write (see {@link GoMap}), and a write of another thread between the two is not caught.
     */
    STRICT
}
