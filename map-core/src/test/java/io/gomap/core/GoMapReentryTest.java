package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User code that writes the map it is called from, single-threaded: a key's {@code hashCode()} or {@code equals()}.
 * Before a write takes the detector's flag (a put's or remove's hash), such a write simply happens first, and the
 * outer write must still land where lookups look. Inside a write (a put's or remove's equals, the hashCode calls of
 * an evacuation or of {@link GoMap#compact()}) the flag is held, so in STRICT and BEST_EFFORT the nested write throws
 * CONCURRENT_WRITES before it changes anything, and the outer write fails with it, leaving every entry in place.
 * (In OFF mode there is no flag, and such a nested write inside a compact or an evacuation is not caught; these
 * tests leave OFF out.)
 */
class GoMapReentryTest {

    /** A key with a given hash whose next hashCode() or equals() runs {@link #onHash} or {@link #onEquals}, once. */
    static final class Trap {
        final int id;
        final int hash;
        Runnable onHash;
        Runnable onEquals;

        Trap(int id, int hash) {
            this.id = id;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            Runnable h = onHash;
            onHash = null;
            if (h != null) {
                h.run();
            }
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            Runnable h = onEquals;
            onEquals = null;
            if (h != null) {
                h.run();
            }
            return o instanceof Trap t && t.id == id;
        }

        @Override
        public String toString() {
            return "Trap" + id;
        }
    }

    /**
     * GoMapTest.putAfterAClearThatRedrewTheSeedIsFound for the other write that redraws the seed: a remove that empties
     * the map, run from the put's hashCode(), between its hash and its flag (fails before a68ec34: the entry went in
     * under the old seed). JCStress GoMap_13 is the two-thread form.
     */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void putAfterAnEmptyingRemoveIsFound(DetectorMode mode) {
        for (int round = 0; round < 16; round++) {
            GoMap<GoMapTest.Hooked, Integer> m = new GoMap<>(0, mode);
            m.put(new GoMapTest.Hooked(100, null), 1);
            assertNull(m.put(new GoMapTest.Hooked(3, () -> m.remove(new GoMapTest.Hooked(100, null))), 30));
            assertEquals(30, m.get(new GoMapTest.Hooked(3, null)), "round " + round);
            assertEquals(30, m.put(new GoMapTest.Hooked(3, null), 31), "the second put replaces, adds no duplicate");
            assertEquals(Map.of(new GoMapTest.Hooked(3, null), 31), new HashMap<>(m));
        }
    }

    /** The same for a remove whose hashCode() empties the map and puts its key back under the new seed. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void removeAfterAnEmptyingRemoveFindsItsKey(DetectorMode mode) {
        for (int round = 0; round < 16; round++) {
            GoMap<GoMapTest.Hooked, Integer> m = new GoMap<>(0, mode);
            m.put(new GoMapTest.Hooked(100, null), 1);
            Runnable refill = () -> {
                m.remove(new GoMapTest.Hooked(100, null));
                m.put(new GoMapTest.Hooked(3, null), 30);
            };
            assertEquals(30, m.remove(new GoMapTest.Hooked(3, refill)), "round " + round);
            assertTrue(m.isEmpty());
            assertNull(m.get(new GoMapTest.Hooked(3, null)));
        }
    }

    /** A put whose key's equals() (called on a tophash match in the key's bucket) writes: detected, nothing changed. */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"STRICT", "BEST_EFFORT"})
    void writeFromEqualsInsideAPutThrowsAndChangesNothing(DetectorMode mode) {
        GoMap<Object, Integer> m = new GoMap<>(0, mode);
        for (int i = 0; i < 12; i++) {
            m.put(i, i);
        }
        m.put(new Trap(100, 7777), 100); // 13 entries in B=1: the next insert grows
        Map<Object, Integer> before = new HashMap<>(m);
        Trap probe = new Trap(101, 7777); // the same hash: find() calls probe.equals(Trap100)
        probe.onEquals = () -> m.put(-1, -1);
        ConcurrentMapAccessException e = assertThrows(ConcurrentMapAccessException.class, () -> m.put(probe, 101));
        assertEquals(Kind.CONCURRENT_WRITES, e.kind());
        assertSound(m, before);
    }

    /** The same for a remove whose key's equals() writes. */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"STRICT", "BEST_EFFORT"})
    void writeFromEqualsInsideARemoveThrowsAndChangesNothing(DetectorMode mode) {
        GoMap<Object, Integer> m = new GoMap<>(0, mode);
        for (int i = 0; i < 5; i++) {
            m.put(i, i);
        }
        m.put(new Trap(100, 7777), 100);
        Map<Object, Integer> before = new HashMap<>(m);
        Trap probe = new Trap(100, 7777);
        probe.onEquals = m::clear;
        ConcurrentMapAccessException e = assertThrows(ConcurrentMapAccessException.class, () -> m.remove(probe));
        assertEquals(Kind.CONCURRENT_WRITES, e.kind());
        assertSound(m, before);
    }

    /** A put that starts a growth whose evacuation hashes a key whose hashCode() writes: detected, no entry lost. */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"STRICT", "BEST_EFFORT"})
    void writeFromHashCodeDuringEvacuationThrowsAndLosesNothing(DetectorMode mode) {
        GoMap<Object, Integer> m = new GoMap<>(0, mode);
        Trap[] traps = new Trap[13];
        for (int i = 0; i < 13; i++) {
            traps[i] = new Trap(i, i * 0x01000193);
            m.put(traps[i], i); // 13 entries in B=1: the 14th put grows and evacuates two old buckets
        }
        Map<Object, Integer> before = new HashMap<>(m);
        for (Trap t : traps) {
            t.onHash = () -> m.put(-1, -1); // whichever is hashed first by the evacuation
        }
        ConcurrentMapAccessException e = assertThrows(ConcurrentMapAccessException.class, () -> m.put(13, 13));
        assertEquals(Kind.CONCURRENT_WRITES, e.kind());
        for (Trap t : traps) {
            t.onHash = null;
        }
        assertSound(m, before);
        assertNull(m.put(13, 13), "the growth continues on the next put");
        before.put(13, 13);
        assertSound(m, before);
    }

    /** A compact() that hashes a key whose hashCode() writes: detected, every entry still there. */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"STRICT", "BEST_EFFORT"})
    void writeFromHashCodeDuringCompactThrowsAndLosesNothing(DetectorMode mode) {
        GoMap<Object, Integer> m = new GoMap<>(0, mode);
        Trap[] traps = new Trap[40];
        for (int i = 0; i < traps.length; i++) {
            traps[i] = new Trap(i, i * 0x01000193);
            m.put(traps[i], i);
        }
        for (int i = 0; i < 30; i++) {
            m.remove(traps[i]);
        }
        Map<Object, Integer> before = new HashMap<>(m);
        traps[35].onHash = () -> m.put(-1, -1);
        ConcurrentMapAccessException e = assertThrows(ConcurrentMapAccessException.class, m::compact);
        assertEquals(Kind.CONCURRENT_WRITES, e.kind());
        assertSound(m, before);
        m.compact();
        assertSound(m, before);
    }

    /** {@code m} holds exactly {@code expected}, by get, iteration and size, and still takes a put and a remove. */
    private static void assertSound(GoMap<Object, Integer> m, Map<Object, Integer> expected) {
        for (Map.Entry<Object, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), m.get(e.getKey()), "get " + e.getKey());
        }
        assertEquals(expected, new HashMap<>(m), "iteration");
        assertEquals(expected.size(), m.size());
        assertFalse(m.containsKey(-7));
        assertNull(m.put(-7, 7));
        assertEquals(7, m.remove(-7));
        assertEquals(expected.size(), m.size());
    }
}
