package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The key, value and entry views: removals that test a value remove a key only if it still holds that value (here
 * another writer is played by the predicate itself, which changes the value between the test and the removal),
 * removal by key is a lookup rather than a scan, and spliterators do not promise a size.
 */
class SyncMapViewsTest {

    /** Keys 0..n-1 all mapped to 0. */
    private static SyncMap<Integer, Integer> zeros(int n) {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i, 0);
        }
        return m;
    }

    @Test
    void entrySetRemoveIfKeepsAValueChangedAfterTheTest() {
        SyncMap<Integer, Integer> m = zeros(10);
        assertFalse(m.entrySet().removeIf(e -> {
            m.put(e.getKey(), 1); // another writer, between the test and the removal
            return e.getValue() == 0;
        }));
        assertEquals(10, m.size());
        assertTrue(m.values().stream().allMatch(v -> v == 1));
        assertTrue(m.entrySet().removeIf(e -> e.getKey() % 2 == 0));
        assertEquals(Set.of(1, 3, 5, 7, 9), Set.copyOf(m.keySet()));
    }

    @Test
    void valuesRemoveIfKeepsAValueChangedAfterTheTest() {
        SyncMap<Integer, Integer> m = zeros(10);
        assertFalse(m.values().removeIf(v -> {
            m.replaceAll((k, old) -> 1);
            return v == 0;
        }));
        assertEquals(10, m.size());
        assertTrue(m.values().removeIf(v -> v == 1));
        assertTrue(m.isEmpty());
    }

    @Test
    void removeAllAndRetainAllCompareTheValue() {
        SyncMap<Integer, Integer> m = zeros(4);
        List<Integer> zero = new java.util.AbstractList<>() { // contains() plays the other writer
            @Override
            public Integer get(int index) {
                return 0;
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public boolean contains(Object o) {
                m.replaceAll((k, v) -> 1);
                return Integer.valueOf(0).equals(o);
            }
        };
        assertFalse(m.values().removeAll(zero));
        assertEquals(4, m.size());
        m.replaceAll((k, v) -> 0);
        assertFalse(m.entrySet().removeAll(List.of(Map.entry(0, 5))));
        assertTrue(m.entrySet().retainAll(List.of(Map.entry(0, 0))));
        assertEquals(Map.of(0, 0), Map.copyOf(m));
        m.put(1, 1);
        assertTrue(m.values().retainAll(List.of(1)));
        assertEquals(Map.of(1, 1), Map.copyOf(m));
    }

    @Test
    void valuesRemoveSkipsAKeyWhoseValueChanged() {
        SyncMap<Integer, Integer> m = zeros(1);
        m.put(1, 0);
        Object zeroThatChangesKeyZero = new Object() {
            @Override
            public boolean equals(Object o) {
                m.put(0, 7); // another writer changes both values once the first is matched
                m.put(1, 7);
                return Integer.valueOf(0).equals(o);
            }

            @Override
            public int hashCode() {
                return 0;
            }
        };
        assertFalse(m.values().remove(zeroThatChangesKeyZero));
        assertEquals(Map.of(0, 7, 1, 7), Map.copyOf(m));
        m.put(1, 0);
        assertTrue(m.values().remove(0));
        assertEquals(Map.of(0, 7), Map.copyOf(m));
        assertFalse(m.values().remove(0));
    }

    /** A key that counts calls of equals. */
    private record Counted(int id, AtomicInteger equalsCalls) {
        @Override
        public boolean equals(Object o) {
            equalsCalls.incrementAndGet();
            return o instanceof Counted c && c.id == id;
        }

        @Override
        public int hashCode() {
            return Integer.hashCode(id);
        }
    }

    @Test
    void keySetAndValuesRemoveByKeyAreLookupsNotScans() {
        AtomicInteger calls = new AtomicInteger();
        SyncMap<Counted, Integer> m = new SyncMap<>();
        for (int i = 0; i < 1000; i++) {
            m.put(new Counted(i, calls), i);
        }
        calls.set(0);
        assertTrue(m.keySet().remove(new Counted(500, calls)));
        assertTrue(calls.get() < 10, "equals calls for one remove: " + calls.get());
        assertFalse(m.keySet().contains(new Counted(500, calls)));
        assertTrue(m.keySet().contains(new Counted(501, calls)));
        assertEquals(999, m.keySet().size());
    }

    @Test
    void iteratorsHandOutTheValueAKeyHoldsWhenNextReturnsIt() {
        SyncMap<Integer, String> m = new SyncMap<>();
        m.put(1, "old");
        m.put(2, "old");
        Iterator<Map.Entry<Integer, String>> it = m.entrySet().iterator();
        int other = it.next().getKey() == 1 ? 2 : 1;
        m.put(other, "new");                  // after the iterator found its next key
        assertEquals(Map.entry(other, "new"), it.next());

        Iterator<String> values = m.values().iterator();
        values.next();
        m.put(1, "newer");
        m.put(2, "newer");
        assertEquals("newer", values.next());
    }

    @Test
    void anIteratorStillHandsOutAKeyDeletedAfterHasNextFoundIt() {
        SyncMap<Integer, String> m = new SyncMap<>();
        m.put(1, "a");
        m.put(2, "b");
        Iterator<Map.Entry<Integer, String>> it = m.entrySet().iterator();
        int other = it.next().getKey() == 1 ? 2 : 1;
        assertTrue(it.hasNext());
        m.remove(other);
        assertEquals(Map.entry(other, other == 1 ? "a" : "b"), it.next());
        assertFalse(it.hasNext());
    }

    /** hasNext() finds the next key when called, not when the previous next() returned. */
    @Test
    void anIteratorSkipsAKeyDeletedBeforeHasNextReachesIt() {
        SyncMap<Integer, String> m = new SyncMap<>();
        m.put(1, "a");
        m.put(2, "b");
        Iterator<Integer> it = m.keySet().iterator();
        int other = it.next() == 1 ? 2 : 1;
        m.remove(other);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    /**
     * entrySet().contains calls the argument's value's equals, as ConcurrentHashMap's does and as this map's own
     * entrySet().remove, containsValue and values().remove do (it called the mapped value's, so with an asymmetric
     * equals, contains said false for an entry that remove then removed).
     */
    @Test
    void entrySetContainsCallsTheArgumentsEqualsAsRemoveDoes() {
        Object tame = new Object();                 // equals by identity only
        Object wild = new Object() {                // equals every value
            @Override
            public boolean equals(Object o) {
                return o != null;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        };
        SyncMap<Integer, Object> m = new SyncMap<>();
        m.put(1, tame);
        ConcurrentHashMap<Integer, Object> chm = new ConcurrentHashMap<>(m);
        assertTrue(chm.entrySet().contains(Map.entry(1, wild)));
        assertTrue(m.entrySet().contains(Map.entry(1, wild)), "as ConcurrentHashMap's");
        assertTrue(m.entrySet().remove(Map.entry(1, wild)));
    }

    /**
     * Every view names a null argument as the map does: removeIf names {@code filter}, removeAll and retainAll name
     * {@code c} (the key view's too, which inherited message-less checks), and forEach names {@code action}.
     */
    @Test
    void nullsRejectedNamingTheArgument() {
        SyncMap<Integer, Integer> m = zeros(1);
        assertAll(
                npeNamed("filter", () -> m.keySet().removeIf(null)),
                npeNamed("c", () -> m.keySet().removeAll(null)),
                npeNamed("c", () -> m.keySet().retainAll(null)),
                npeNamed("action", () -> m.keySet().forEach(null)),
                npeNamed("filter", () -> m.values().removeIf(null)),
                npeNamed("c", () -> m.values().removeAll(null)),
                npeNamed("c", () -> m.values().retainAll(null)),
                npeNamed("action", () -> m.values().forEach(null)),
                npeNamed("filter", () -> m.entrySet().removeIf(null)),
                npeNamed("c", () -> m.entrySet().removeAll(null)),
                npeNamed("c", () -> m.entrySet().retainAll(null)),
                npeNamed("action", () -> m.entrySet().forEach(null)));
        assertEquals(Map.of(0, 0), Map.copyOf(m));
    }

    private static Executable npeNamed(String name, Executable call) {
        return () -> assertEquals(name, assertThrows(NullPointerException.class, call).getMessage());
    }

    @Test
    void spliteratorsAreConcurrentNotSized() {
        SyncMap<Integer, Integer> m = zeros(3);
        for (Spliterator<?> s : List.of(m.keySet().spliterator(), m.entrySet().spliterator())) {
            assertTrue(s.hasCharacteristics(Spliterator.CONCURRENT | Spliterator.DISTINCT | Spliterator.NONNULL));
            assertFalse(s.hasCharacteristics(Spliterator.SIZED));
        }
        Spliterator<Integer> v = m.values().spliterator();
        assertTrue(v.hasCharacteristics(Spliterator.CONCURRENT | Spliterator.NONNULL));
        assertFalse(v.hasCharacteristics(Spliterator.SIZED));
        assertEquals(3, m.entrySet().stream().toArray().length);
    }

    /** Each view's isEmpty and forEach read the map as it is now, as ConcurrentHashMap's views do. */
    @Test
    void viewsIsEmptyAndForEachFollowTheMap() {
        SyncMap<Integer, String> m = new SyncMap<>();
        List<java.util.Collection<?>> views = List.of(m.keySet(), m.values(), m.entrySet());
        for (java.util.Collection<?> view : views) {
            assertTrue(view.isEmpty());
            view.forEach(e -> { throw new AssertionError("forEach over an empty view: " + e); });
        }
        Map<Integer, String> expected = new java.util.HashMap<>();
        for (int k = 0; k < 40; k++) { // some keys in the snapshot, some in the recent level
            m.put(k, "v" + k);
            expected.put(k, "v" + k);
            if (k == 20) {
                m.promote();
            }
        }
        for (java.util.Collection<?> view : views) {
            assertFalse(view.isEmpty());
        }
        Set<Integer> keys = new java.util.HashSet<>();
        m.keySet().forEach(k -> assertTrue(keys.add(k), "key " + k + " twice"));
        assertEquals(expected.keySet(), keys);
        List<String> values = new java.util.ArrayList<>();
        m.values().forEach(values::add);
        assertEquals(Set.copyOf(expected.values()), Set.copyOf(values));
        assertEquals(expected.size(), values.size());
        Map<Integer, String> entries = new java.util.HashMap<>();
        m.entrySet().forEach(e -> entries.put(e.getKey(), e.getValue()));
        assertEquals(expected, entries);
        m.clear();
        for (java.util.Collection<?> view : views) {
            assertTrue(view.isEmpty());
        }
    }

    /** The same view on every call, as ConcurrentHashMap's: values() has Object's equals, so a new one never equals. */
    @Test
    void viewsAreTheSameObjectOnEveryCall() {
        SyncMap<Integer, String> m = new SyncMap<>();
        m.put(1, "a");
        assertSame(m.keySet(), m.keySet());
        assertSame(m.values(), m.values());
        assertSame(m.entrySet(), m.entrySet());
        assertTrue(m.values().equals(m.values()));
        assertEquals(m.values().hashCode(), m.values().hashCode());
        m.put(2, "b");
        assertEquals(2, m.values().size(), "a kept view reads the map as it is now");
    }

    /**
     * An iterator's forEachRemaining hands over what its next() calls would have, from wherever the iterator stands,
     * each key once; after it the iterator is exhausted and has nothing to remove.
     */
    @Test
    void forEachRemainingHandsOverWhatNextWouldHave() {
        for (int taken : new int[] {0, 1, 37, 199, 200}) {
            SyncMap<Integer, Integer> m = new SyncMap<>();
            for (int i = 0; i < 200; i++) {
                m.put(i, i);
            }
            Iterator<Integer> it = m.keySet().iterator();
            List<Integer> produced = new ArrayList<>();
            for (int i = 0; i < taken; i++) {
                produced.add(it.next());
            }
            it.forEachRemaining(produced::add);
            assertEquals(200, produced.size(), "keys handed over after " + taken + " taken by next()");
            assertEquals(m.keySet(), Set.copyOf(produced));
            assertFalse(it.hasNext());
            it.forEachRemaining(k -> fail("an exhausted iterator handed over " + k));
            assertThrows(IllegalStateException.class, it::remove, "remove() after forEachRemaining");
            assertEquals(200, m.size());
            NullPointerException e = assertThrows(NullPointerException.class, () -> it.forEachRemaining(null));
            assertEquals("action", e.getMessage());
        }
    }

    /**
     * An action that throws ends forEachRemaining at the key it threw on; the iterator then goes on from the next key,
     * so that the keys handed over before the throw and those handed over afterwards are every key once.
     */
    @Test
    void forEachRemainingStoppedByTheActionResumesAfterTheKeyItStoppedOn() {
        for (int handed : new int[] {1, 5, 100, 200}) {
            SyncMap<Integer, Integer> m = new SyncMap<>();
            for (int i = 0; i < 200; i++) {
                m.put(i, i);
            }
            Iterator<Integer> it = m.keySet().iterator();
            List<Integer> produced = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> it.forEachRemaining(k -> {
                produced.add(k);
                if (produced.size() == handed) {
                    throw new IllegalStateException("stop");
                }
            }));
            it.forEachRemaining(produced::add);
            assertEquals(200, produced.size(), "keys handed over, " + handed + " before the throw");
            assertEquals(m.keySet(), Set.copyOf(produced));
        }
    }

    /** forEachRemaining reports each entry with the value its key holds when it is reached, as forEach does. */
    @Test
    void forEachRemainingReportsTheValueEachKeyHoldsWhenReached() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 1; i <= 100; i++) {
            m.put(i, i);
        }
        AtomicInteger seen = new AtomicInteger();
        m.entrySet().iterator().forEachRemaining(e -> {
            if (seen.getAndIncrement() == 0) {
                m.replaceAll((k, v) -> -k); // every key not reached yet now holds its negation
            } else {
                assertEquals(-e.getKey(), e.getValue(), () -> "stale value for " + e.getKey());
            }
        });
        assertEquals(100, seen.get());
    }
}
