package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        for (int i = 0; i < 100; i++) { // only in dirty, and too many for a few misses to promote them
            m.put("d" + i, i);
            expected.put("d" + i, i);
        }
        Runnable[] writes = {
            () -> m.put("k", 1), () -> m.putIfAbsent("k", 1), () -> m.remove("d1"), () -> m.delete("k"),
            () -> m.compute("k", (k, v) -> 1), () -> m.merge("d2", 1, Integer::sum), () -> m.clear(),
            () -> m.loadAndDelete("d3"), () -> m.swap("d4", 5), () -> m.store("n", 5),
        };
        for (Runnable write : writes) {
            assertRecursiveUpdate(() -> m.compute("n", (k, v) -> { // a new key: the function runs under the lock
                write.run();
                return 7;
            }));
            for (String k : new String[] {"d1", "d2", "d3", "d4", "k", "n"}) { // 60 misses in all: no promotion
                assertEquals(expected.get(k), m.get(k), k);
            }
            assertEquals(100, m.size());
            assertTrue(m.amended(), "the d keys are still only in dirty");
        }
        assertEquals(expected, Map.copyOf(m));
    }

    @Test
    void nestedReadsThatMissDoNotPromoteUnderTheCaller() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.put(0, 0);
        for (int i = 0; i < 10; i++) {
            m.load(-1); // promote 0 into the snapshot
        }
        m.delete(0);
        m.put(1, 1); // dirty is rebuilt; 0 is expunged, so compute(0) runs under the lock
        assertEquals(5, m.compute(0, (k, v) -> {
            int seen = 0;
            for (int i = 0; i < 100; i++) { // enough misses to promote many times over
                seen += m.getOrDefault(1, 0) + m.getOrDefault(-5, 0);
            }
            int[] walked = {0};
            m.forEach((a, b) -> walked[0]++);
            return seen / 100 + walked[0] + 3;
        }));
        assertEquals(Map.of(0, 5, 1, 1), Map.copyOf(m));
        assertEquals(2, m.size());
        m.remove(0);
        m.remove(1);
        assertTrue(m.isEmpty());
    }

    @Test
    void functionOnTheLockFreePathMayWriteOtherKeys() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.put(0, 0);
        for (int i = 0; i < 10; i++) {
            m.load(-1);
        }
        assertFalse(m.amended());
        assertEquals(1, m.compute(0, (k, v) -> {
            m.put(9, 9);
            return v + 1;
        }));
        assertEquals(Map.of(0, 1, 9, 9), Map.copyOf(m));
    }
}
