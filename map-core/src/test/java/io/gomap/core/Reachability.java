package io.gomap.core;

import java.lang.ref.Reference;
import java.util.Collection;

/** What the tests that keys and values become unreachable share: collecting until the referents are gone. */
final class Reachability {

    private Reachability() {}

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
