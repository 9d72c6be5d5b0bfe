package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Functions of the compute family that call back into the map. On the locked path (a key the snapshot lacks) a
 * nested write is refused with "Recursive update" and leaves the map as it was; nested reads work and never promote.
 */
class SyncMapReentrancyTest {

    private static void assertRecursiveUpdate(Runnable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertEquals("Recursive update", e.getMessage());
    }

    @Test
    void nestedPutOfTheSameNewKeyIsRefusedAndCountsStayExact() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertRecursiveUpdate(() -> m.computeIfAbsent("k", k -> {
            m.put("k", 1);
            return 2;
        }));
        assertEquals(0, m.size());
        assertTrue(m.isEmpty());
        m.put("k", 3);
        assertEquals(1, m.size());
        m.remove("k");
        assertEquals(0, m.size());
        assertTrue(m.isEmpty());
    }

    @Test
    void everyNestedWriteVerbOnTheLockedPathIsRefused() {
        SyncMap<String, Integer> m = new SyncMap<>();
        Map<String, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            m.put("d" + i, i);
            expected.put("d" + i, i);
        }
        // Each write below needs the lock: it adds the absent key "k" or "n", or clears. (Writes to present keys are
        // lock-free and allowed from the function: see SyncMapTest.)
        Runnable[] writes = {
            () -> m.put("k", 1), () -> m.putIfAbsent("k", 1), () -> m.loadOrStore("k", 1), () -> m.swap("k", 5),
            () -> m.compute("k", (k, v) -> 1), () -> m.merge("k", 1, Integer::sum), () -> m.clear(),
            () -> m.store("n", 5), () -> m.computeIfAbsent("k", k -> 2),
        };
        for (Runnable write : writes) {
            assertRecursiveUpdate(() -> m.compute("n", (k, v) -> { // a new key: the function runs under the lock
                write.run();
                return 7;
            }));
            for (String k : new String[] {"d1", "d2", "d3", "d4", "k", "n"}) {
                assertEquals(expected.get(k), m.get(k), k);
            }
            assertEquals(100, m.size());
        }
        assertEquals(expected, Map.copyOf(m));
    }

    /** Calls that change nothing need no lock of their own, so they work from a function that holds it. */
    @Test
    void nestedCallsThatChangeNothingOnTheLockedPathSucceed() {
        SyncMap<String, Integer> m = new SyncMap<>();
        m.put("d", 1);
        assertEquals(7, m.computeIfAbsent("k", k -> { // a new key: the function runs under the lock
            assertNull(m.computeIfPresent("absent", (x, v) -> v + 1));
            assertNull(m.compute("absent", (x, v) -> null));
            assertNull(m.remove("absent"));
            return 7;
        }));
        assertEquals(Map.of("d", 1, "k", 7), Map.copyOf(m));
        assertEquals(2, m.size());
    }

    @Test
    void nestedReadsThatMissDoNotPromoteUnderTheCaller() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.put(0, 0);
        m.forEach((k, v) -> { }); // a walk promotes: 0 is in the snapshot
        m.put(1, 1);              // 1 is in the recent level; 2, absent, makes compute(2) run under the lock
        assertEquals(5, m.compute(2, (k, v) -> {
            int seen = 0;
            for (int i = 0; i < 10_000; i++) { // enough sampled misses to promote many times over
                seen += m.getOrDefault(1, 0) + m.getOrDefault(-5, 0);
            }
            int[] walked = {0};
            m.forEach((a, b) -> walked[0]++);  // nested: walks a private table, promotes nothing
            return seen / 10_000 + walked[0] + 2;
        }));
        assertTrue(m.amended(), "nothing was promoted under the function");
        assertEquals(0, m.misses(), "nested lookups count no misses");
        assertEquals(Map.of(0, 0, 1, 1, 2, 5), Map.copyOf(m));
        assertEquals(3, m.size());
    }

    @Test
    void functionOnTheLockFreePathMayWriteOtherKeys() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.put(0, 0);
        m.forEach((k, v) -> { }); // a walk promotes: 0 is in the snapshot
        assertFalse(m.amended());
        assertEquals(1, m.compute(0, (k, v) -> {
            m.put(9, 9);
            return v + 1;
        }));
        assertEquals(Map.of(0, 1, 9, 9), Map.copyOf(m));
    }
}
