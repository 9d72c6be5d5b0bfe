package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Code of the caller's that calls back into the map: functions of the compute family, and keys whose hashCode runs
 * while a promotion copies the map. On the locked path (a key the snapshot lacks) a nested write is refused with
 * "Recursive update" and leaves the map as it was; nested reads work and never promote.
 */
class SyncMapReentrancyTest {

    private static void assertRecursiveUpdate(Runnable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertEquals("Recursive update", e.getMessage());
    }

    /** A key equal to every Probe of its id, whose equals runs its hook the first time it is called. */
    private static final class Probe {
        final int id;
        private Runnable hook;

        Probe(int id, Runnable hook) {
            this.id = id;
            this.hook = hook;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public boolean equals(Object o) {
            Runnable h = hook;
            hook = null;
            if (h != null) {
                h.run();
            }
            return o instanceof Probe p && p.id == id;
        }
    }

    /**
     * A lock-free write finds its key's slot by equals, and the key's equals clears the map before the write reaches
     * the slot: the slot is forwarded (MOVED) and the key has no slot left, so the write must follow the map to its
     * new table and, for a store, insert the key there under the lock; a conditional write finds nothing to change.
     * The key starts in the snapshot, then in the recent level.
     */
    @Test
    void aWriteWhoseKeyComparisonClearsTheMapLandsInTheClearedMap() {
        for (boolean promoted : new boolean[] {true, false}) {
            String where = promoted ? " (snapshot key)" : " (recent key)";
            List<String> verbs = List.of("put", "store", "swap", "putIfAbsent", "loadOrStore", "replace", "remove",
                    "compareAndSwap", "compareAndDelete");
            for (String verb : verbs) {
                SyncMap<Probe, String> m = new SyncMap<>();
                m.put(new Probe(1, null), "old");
                if (promoted) {
                    m.promote();
                }
                assertEquals(promoted, m.inReadSnapshot(new Probe(1, null)), verb + where);
                Probe key = new Probe(1, m::clear);
                Object result = switch (verb) {
                    case "put" -> m.put(key, "new");
                    case "store" -> {
                        m.store(key, "new");
                        yield null;
                    }
                    case "swap" -> m.swap(key, "new");
                    case "putIfAbsent" -> m.putIfAbsent(key, "new");
                    case "loadOrStore" -> m.loadOrStore(key, "new").loaded();
                    case "replace" -> m.replace(key, "new");
                    case "remove" -> m.remove(key);
                    case "compareAndSwap" -> m.compareAndSwap(key, "old", "new");
                    case "compareAndDelete" -> m.compareAndDelete(key, "old");
                    default -> throw new AssertionError(verb);
                };
                boolean stores = verbs.indexOf(verb) < 5;
                Object nothing = verb.startsWith("compareAnd") || verb.equals("loadOrStore") ? false : null;
                assertEquals(nothing, result, verb + where + ": the clear came first");
                assertEquals(stores ? "new" : null, m.get(new Probe(1, null)), verb + where);
                assertEquals(stores ? 1 : 0, m.size(), verb + where);
                assertEquals(stores ? Map.of(new Probe(1, null), "new") : Map.of(), Map.copyOf(m), verb + where);
            }
        }
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

    /** A key whose hashCode() runs a hook at its n-th call once armed: code of the caller's inside the map's work. */
    static final class Hooked {
        final int id;
        private final Countdown countdown;

        Hooked(int id, Countdown countdown) {
            this.id = id;
            this.countdown = countdown;
        }

        @Override
        public int hashCode() {
            countdown.tick();
            return id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hooked h && h.id == id;
        }
    }

    /** Runs its hook at the n-th tick after being armed, once. */
    static final class Countdown {
        private int left = -1;
        private Runnable hook;

        void arm(int n, Runnable hook) {
            this.left = n;
            this.hook = hook;
        }

        void disarm() {
            left = -1;
        }

        /** Whether the hook ran since {@link #arm}, until {@link #disarm}. */
        boolean fired() {
            return left == 0;
        }

        void tick() {
            if (left > 0 && --left == 0) {
                hook.run();
            }
        }
    }

    /**
     * A key's hashCode that writes to the map, or throws, at any of the calls a promotion makes (every key is rehashed
     * into the new snapshot): the put that started the promotion fails with it, and the map loses nothing. It used to
     * fail half way through forwarding, leaving some slots forwarded to a table never published: keys lost, size()
     * off, and a later put of a lost key spinning for ever.
     */
    @Test
    void hashCodeThatWritesOrThrowsDuringAPromotionLosesNothing() {
        for (int throwing = 0; throwing < 2; throwing++) {
            for (int n = 1; n <= 16; n++) {
                Countdown countdown = new Countdown();
                SyncMap<Object, Object> m = new SyncMap<>();
                for (int i = 0; i < 12; i++) { // a fresh map's recent level takes 12 keys: the 13th promotes
                    m.put(new Hooked(i, countdown), i);
                }
                boolean write = throwing == 0;
                countdown.arm(n, () -> {
                    if (write) {
                        m.put(new Object(), "nested"); // a new key: refused under the lock as "Recursive update"
                    } else {
                        throw new IllegalStateException("hashCode failed");
                    }
                });
                boolean threw = false;
                try {
                    m.put("trigger", 0);
                } catch (IllegalStateException expected) {
                    threw = true; // the hook ran inside the promotion and its failure reached the put, as it should
                }
                boolean fired = countdown.fired();
                countdown.disarm(); // n may lie beyond the promotion's calls: the hook must not fire in the checks
                String label = (write ? "writing" : "throwing") + " hashCode at call " + n;
                assertEquals(fired, threw, label + ": the put fails exactly when the hook ran in it");
                assertTrue(fired || n > 12, label + ": the promotion rehashes each of the 12 keys");
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    for (int i = 0; i < 100; i++) {
                        m.put("x" + i, i); // promotes again
                    }
                    for (int i = 0; i < 12; i++) {
                        assertEquals(i, m.get(new Hooked(i, new Countdown())), label + ": key " + i);
                    }
                    int[] walked = {0};
                    m.forEach((k, v) -> walked[0]++);
                    assertEquals(m.size(), walked[0], label + ": size() against forEach");
                    for (int i = 0; i < 12; i++) {
                        assertEquals(i, m.put(new Hooked(i, new Countdown()), -i), label + ": re-put of key " + i);
                    }
                }, label + ": a put never returned");
            }
        }
    }

    /**
     * A key's hashCode that only reads the map while a promotion rehashes it sees the map as it was: deleted keys
     * absent, no internal marker as a value (a get returned the forwarding marker, a range visited deleted keys).
     */
    @Test
    void hashCodeThatReadsDuringAPromotionSeesNoMarker() {
        for (int n = 1; n <= 16; n++) {
            Countdown countdown = new Countdown();
            SyncMap<Object, Object> m = new SyncMap<>();
            for (int i = 100; i < 104; i++) {
                m.put(new Hooked(i, countdown), "gone");
            }
            for (int i = 100; i < 104; i++) {
                m.remove(new Hooked(i, countdown));
            }
            for (int i = 0; i < 8; i++) { // the recent level is full: 12 keys, four of them deleted
                m.put(new Hooked(i, countdown), i);
            }
            List<String> seen = new ArrayList<>();
            Consumer<Object> check = v -> {
                if (v != null && !(v instanceof Integer)) {
                    seen.add(String.valueOf(v));
                }
            };
            countdown.arm(n, () -> {
                for (int i = 100; i < 104; i++) {
                    check.accept(m.get(new Hooked(i, new Countdown())));
                }
                m.range((k, v) -> {
                    if (k instanceof Hooked h && h.id >= 100) {
                        seen.add("range visited deleted key " + h.id);
                    }
                    check.accept(v);
                    return true;
                });
            });
            m.put("trigger", 0);
            boolean fired = countdown.fired();
            countdown.disarm();
            assertTrue(fired || n > 8, "the promotion rehashes each of the 8 live keys; call " + n + " never came");
            assertTrue(seen.isEmpty(), "hashCode at call " + n + " saw: " + seen);
            assertEquals(9, m.size());
        }
    }
}
