package io.gomap.core;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the tests that keys and values become unreachable share: entries watched through weak references, and
 * collecting until the referents are gone.
 */
final class Reachability {

    private Reachability() {}

    /**
     * Puts {@code n} entries of fresh objects into {@code m} and returns weak references to their keys and values, which
     * the caller keeps no other way.
     */
    static List<WeakReference<Object>> putWatched(Map<Object, Object> m, int n) {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object key = new Object();
            Object value = new Object();
            refs.add(new WeakReference<>(key));
            refs.add(new WeakReference<>(value));
            m.put(key, value);
        }
        return refs;
    }

    /**
     * Asks for a collection until every referent of {@code refs} is gone, at most 50 times (a request the JVM may
     * honour late), and returns how many are still reachable.
     */
    static long stillReachable(Collection<? extends Reference<?>> refs) {
        for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
        }
        return refs.stream().filter(r -> r.get() != null).count();
    }
}
