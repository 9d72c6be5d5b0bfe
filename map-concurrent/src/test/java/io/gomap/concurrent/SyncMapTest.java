package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Examples for every verb and ConcurrentMap method, null handling, and white-box checks of the miss machinery. */
class SyncMapTest {

    /* ---- Go verbs ---- */

    @Test
    void loadStoreDelete() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertNull(m.load("a"));
        m.store("a", 1);
        assertEquals(1, m.load("a"));
        m.store("a", 2);
        assertEquals(2, m.load("a"));
        assertEquals(1, m.size());
        m.delete("a");
        assertNull(m.load("a"));
        assertEquals(0, m.size());
        m.delete("a");
        assertEquals(0, m.size());
    }

    @Test
    void loadOrStore() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertEquals(new LoadResult<>(1, false), m.loadOrStore("a", 1));
        assertEquals(new LoadResult<>(1, true), m.loadOrStore("a", 2));
        assertEquals(1, m.size());
    }

    @Test
    void loadAndDelete() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertNull(m.loadAndDelete("a"));
        m.store("a", 1);
        assertEquals(1, m.loadAndDelete("a"));
        assertNull(m.loadAndDelete("a"));
        assertTrue(m.isEmpty());
    }

    @Test
    void swap() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertNull(m.swap("a", 1));
        assertEquals(1, m.swap("a", 2));
        assertEquals(2, m.load("a"));
        assertEquals(1, m.size());
    }

    @Test
    void compareAndSwapAndDelete() {
        SyncMap<String, String> m = new SyncMap<>();
        assertFalse(m.compareAndSwap("missing", "x", "y"), "CompareAndSwap on a missing key");
        assertNull(m.load("missing"));
        m.store("a", "x");
        assertFalse(m.compareAndSwap("a", "z", "y"));
        assertTrue(m.compareAndSwap("a", new String("x"), "y"), "compares with equals");
        assertEquals("y", m.load("a"));
        assertFalse(m.compareAndDelete("a", "x"));
        assertTrue(m.compareAndDelete("a", new String("y")));
        assertFalse(m.compareAndDelete("a", "y"));
        assertEquals(0, m.size());
    }

    @Test
    void rangeStopsOnFalse() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 0; i < 10; i++) {
            m.store(i, i * i);
        }
        int[] calls = {0};
        m.range((k, v) -> ++calls[0] < 3);
        assertEquals(3, calls[0]);
        Map<Integer, Integer> seen = new HashMap<>();
        m.range((k, v) -> seen.put(k, v) == null);
        assertEquals(10, seen.size());
        seen.forEach((k, v) -> assertEquals(k * k, v));
    }

    @Test
    void clearEmptiesAndMapStaysUsable() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 0; i < 20; i++) {
            m.store(i, i);
        }
        m.load(100);
        m.clear();
        assertEquals(0, m.size());
        assertNull(m.load(3));
        m.store(3, 4);
        assertEquals(4, m.load(3));
        assertEquals(1, m.size());
    }

    /* ---- ConcurrentMap methods ---- */

    @Test
    void mapMethods() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertNull(m.put("a", 1));
        assertEquals(1, m.put("a", 2));
        assertEquals(2, m.get("a"));
        assertEquals(7, m.getOrDefault("b", 7));
        assertEquals(2, m.getOrDefault("a", 7));
        assertTrue(m.containsKey("a"));
        assertFalse(m.containsKey("b"));
        assertTrue(m.containsValue(2));
        assertFalse(m.containsValue(1));
        assertNull(m.putIfAbsent("b", 3));
        assertEquals(3, m.putIfAbsent("b", 4));
        assertEquals(2, m.size());
        assertNull(m.replace("c", 1));
        assertFalse(m.containsKey("c"));
        assertEquals(3, m.replace("b", 5));
        assertTrue(m.replace("b", 5, 6));
        assertFalse(m.replace("b", 5, 7));
        assertFalse(m.remove("b", 5));
        assertFalse(m.remove("b", null));
        assertTrue(m.remove("b", 6));
        assertEquals(2, m.remove("a"));
        assertNull(m.remove("a"));
        assertTrue(m.isEmpty());
    }

    @Test
    void computeFamily() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertEquals(1, m.computeIfAbsent("a", k -> 1));
        assertEquals(1, m.computeIfAbsent("a", k -> 2));
        assertNull(m.computeIfAbsent("b", k -> null));
        assertFalse(m.containsKey("b"));
        assertEquals(11, m.computeIfPresent("a", (k, v) -> v + 10));
        assertNull(m.computeIfPresent("b", (k, v) -> 5));
        assertFalse(m.containsKey("b"));
        assertNull(m.computeIfPresent("a", (k, v) -> null));
        assertFalse(m.containsKey("a"));
        assertEquals(0, m.size());
        assertEquals(5, m.compute("a", (k, v) -> v == null ? 5 : v + 1));
        assertEquals(6, m.compute("a", (k, v) -> v == null ? 5 : v + 1));
        assertNull(m.compute("a", (k, v) -> null));
        assertNull(m.compute("a", (k, v) -> null));
        assertEquals(0, m.size());
        assertEquals(3, m.merge("m", 3, Integer::sum));
        assertEquals(7, m.merge("m", 4, Integer::sum));
        assertNull(m.merge("m", 4, (a, b) -> null));
        assertFalse(m.containsKey("m"));
        assertEquals(0, m.size());
    }

    @Test
    void computeOnADeletedSnapshotKeyRevivesItInPlace() {
        SyncMap<String, Integer> m = new SyncMap<>();
        m.store("a", 1);
        promote(m, "a");
        m.delete("a");
        m.store("b", 2);
        assertTrue(m.inReadSnapshot("a"), "a deleted key keeps its slot until the next promotion");
        assertEquals(9, m.compute("a", (k, v) -> v == null ? 9 : -1));
        assertEquals(9, m.get("a"));
        assertEquals(1, m.recentKeys(), "only b, which the snapshot lacks");
        assertEquals(2, m.size());
        promote(m, "b");
        assertEquals(9, m.get("a"), "revived value survives promotion");
        m.delete("a");
        m.delete("b");
        assertEquals(0, m.size());
    }

    @Test
    void viewsIterateAndRemove() {
        SyncMap<Integer, String> m = new SyncMap<>();
        for (int i = 0; i < 10; i++) {
            m.put(i, "v" + i);
        }
        assertEquals(10, m.keySet().size());
        assertEquals(10, m.values().size());
        Iterator<Integer> it = m.keySet().iterator();
        List<Integer> removed = new ArrayList<>();
        while (it.hasNext()) {
            int k = it.next();
            if (k % 2 == 0) {
                it.remove();
                removed.add(k);
            }
        }
        assertEquals(5, removed.size());
        assertEquals(5, m.size());
        assertEquals(Set.of(1, 3, 5, 7, 9), Set.copyOf(m.keySet()));
        for (Map.Entry<Integer, String> e : m.entrySet()) {
            e.setValue("w" + e.getKey());
        }
        assertEquals("w3", m.get(3));
        assertTrue(m.entrySet().contains(Map.entry(3, "w3")));
        assertTrue(m.entrySet().remove(Map.entry(3, "w3")));
        assertFalse(m.containsKey(3));
        Map<Integer, String> expected = Map.of(1, "w1", 5, "w5", 7, "w7", 9, "w9");
        assertEquals(expected, m);
        assertEquals(m, expected);
        assertEquals(expected.hashCode(), m.hashCode());
        Map<Integer, String> seen = new HashMap<>();
        m.forEach(seen::put);
        assertEquals(expected, seen);
        assertTrue(m.toString().contains("5=w5"));
    }

    @Test
    void nullsRejectedNamingTheArgument() {
        SyncMap<String, String> m = new SyncMap<>();
        m.put("k", "v");
        assertNpe("key", () -> m.get(null));
        assertNpe("key", () -> m.load(null));
        assertNpe("key", () -> m.put(null, "v"));
        assertNpe("value", () -> m.put("k", null));
        assertNpe("key", () -> m.store(null, "v"));
        assertNpe("value", () -> m.store("k", null));
        assertNpe("value", () -> m.putIfAbsent("k", null));
        assertNpe("key", () -> m.loadOrStore(null, "v"));
        assertNpe("key", () -> m.remove(null));
        assertNpe("key", () -> m.remove(null, "v"));
        assertNpe("key", () -> m.delete(null));
        assertNpe("key", () -> m.loadAndDelete(null));
        assertNpe("value", () -> m.swap("k", null));
        assertNpe("old", () -> m.compareAndSwap("k", null, "x"));
        assertNpe("neu", () -> m.compareAndSwap("k", "v", null));
        assertNpe("old", () -> m.compareAndDelete("k", null));
        assertNpe("value", () -> m.replace("k", null));
        assertNpe("old", () -> m.replace("k", null, "x"));
        assertNpe("key", () -> m.containsKey(null));
        assertNpe("value", () -> m.containsValue(null));
        assertNpe("value", () -> m.values().contains(null));
        assertNpe("mappingFunction", () -> m.computeIfAbsent("k", null));
        assertNpe("remappingFunction", () -> m.compute("k", null));
        assertNpe("remappingFunction", () -> m.computeIfPresent("k", null));
        assertNpe("value", () -> m.merge("k", null, (a, b) -> a));
        assertNpe("action", () -> m.range(null));
        assertNpe("action", () -> m.forEach(null));
        assertNpe("function", () -> m.replaceAll(null));
        assertEquals("v", m.get("k"));
        assertEquals(1, m.size());
    }

    /**
     * A replaceAll function that returns null throws an NPE naming the function's result for that key (the inherited
     * default named "neu", compareAndSwap's parameter), and the key keeps its value.
     */
    @Test
    void replaceAllNamesANullResultOfItsFunction() {
        SyncMap<String, String> m = new SyncMap<>();
        m.put("k", "v");
        assertNpe("function returned null for key k", () -> m.replaceAll((k, v) -> null));
        assertEquals("v", m.get("k"));
        assertEquals(1, m.size());
    }

    /**
     * replaceAll installs a key's result only if the key still holds the value the function was given: a value
     * changed meanwhile is given to the function again, and a key deleted meanwhile is skipped, not put back.
     */
    @Test
    void replaceAllAppliesTheFunctionAgainToAValueChangedMeanwhile() {
        SyncMap<String, Integer> m = new SyncMap<>();
        m.put("changed", 1);
        m.put("deleted", 1);
        List<String> calls = new ArrayList<>();
        m.replaceAll((k, v) -> {
            calls.add(k + "=" + v);
            if (v == 1) { // another writer, between the function's read and the install
                if (k.equals("changed")) {
                    m.put(k, 2);
                } else {
                    m.remove(k);
                }
            }
            return v * 10;
        });
        assertEquals(Map.of("changed", 20), Map.copyOf(m));
        assertEquals(Set.of("changed=1", "changed=2", "deleted=1"), Set.copyOf(calls));
        assertEquals(3, calls.size());
    }

    /** The copy constructor holds the source's mappings, every key in the snapshot, and refuses nulls by name. */
    @Test
    void copyConstructorStartsWithEveryKeyInTheSnapshot() {
        Map<String, Integer> source = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            source.put("k" + i, i);
        }
        SyncMap<String, Integer> m = new SyncMap<>(source);
        assertEquals(source, m);
        assertFalse(m.amended(), "a recent level is left: the copy's first reads would take the slow path");
        assertEquals(source, new SyncMap<>(m));
        assertTrue(new SyncMap<>(Map.of()).isEmpty());

        Map<String, Integer> nullValue = new HashMap<>(source);
        nullValue.put("nothing", null);
        assertNpe("value", () -> new SyncMap<>(nullValue));
        Map<String, Integer> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertNpe("key", () -> new SyncMap<>(nullKey));
        assertThrows(NullPointerException.class, () -> new SyncMap<>((Map<String, Integer>) null));
    }

    /**
     * The copy builds its snapshot from what the source's iterator gives, not from its size(): a source that holds more
     * than it says, keys that all collide, and keys the source holds twice by this map's equals.
     */
    @Test
    void copyConstructorTakesWhatTheSourceIteratorGives() {
        Map<Integer, Integer> entries = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            entries.put(i, -i);
        }
        Map<Integer, Integer> understated = new java.util.AbstractMap<>() {
            @Override
            public Set<Map.Entry<Integer, Integer>> entrySet() {
                return entries.entrySet();
            }

            @Override
            public int size() {
                return 3;
            }
        };
        SyncMap<Integer, Integer> copy = new SyncMap<>(understated);
        assertEquals(entries, copy);
        assertEquals(500, copy.size());
        assertFalse(copy.amended());

        Map<Colliding, Integer> colliding = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            colliding.put(new Colliding(i), i);
        }
        assertEquals(colliding, new SyncMap<>(colliding));

        Map<String, Integer> twice = new java.util.IdentityHashMap<>();
        twice.put(new String("k"), 1);
        twice.put(new String("k"), 2);
        SyncMap<String, Integer> one = new SyncMap<>(twice);
        assertEquals(1, one.size());
        assertTrue(one.get("k") == 1 || one.get("k") == 2);
    }

    /** A key whose hashCode is the same for every instance. */
    private record Colliding(int id) {
        @Override
        public int hashCode() {
            return 42;
        }
    }

    private static void assertNpe(String name, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(name, e.getMessage());
    }

    /* ---- White-box: the recent level, misses, promotion ---- */

    /**
     * Loads {@code key} until the sampled misses promote the recent level; afterwards {@code key} is in the snapshot.
     * Lookups that reach the recent level are counted by sampling (one in 4 for a small map, counted as 4), so a few
     * dozen loads promote a small map; the bound only turns a promotion that never comes into a failure.
     */
    private static <K> void promote(SyncMap<K, ?> m, K key) {
        for (int i = 0; i < 100_000 && m.amended(); i++) {
            m.load(key);
        }
        assertFalse(m.amended());
        assertTrue(m.inReadSnapshot(key));
    }

    @Test
    void newKeysGoToTheRecentLevelAndLoadsThereAreMissesThatPromote() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.store(1, 1);
        m.store(2, 2);
        m.store(3, 3);
        assertTrue(m.amended());
        assertEquals(3, m.recentKeys());
        assertEquals(0, m.snapshotKeys());
        assertFalse(m.inReadSnapshot(1));
        assertEquals(2, m.load(2));
        assertNull(m.load(99)); // a true miss probes the recent level too
        promote(m, 1);
        assertEquals(-1, m.recentKeys());
        assertEquals(0, m.misses());
        assertEquals(3, m.snapshotKeys());
        for (int i = 0; i < 1000; i++) {
            m.load(1);
            m.load(99);
        }
        assertEquals(0, m.misses(), "a lookup in a snapshot without a recent level counts nothing");
        assertFalse(m.amended());
        assertEquals(Map.of(1, 1, 2, 2, 3, 3), Map.copyOf(m));
    }

    @Test
    void aFullRecentLevelIsPromotedByTheNextNewKey() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int firstLevel = ReadTable.maxKeys(ReadTable.create(ReadTable.capacityFor(8)));
        for (int k = 0; k < firstLevel; k++) {
            m.store(k, k);
        }
        assertEquals(firstLevel, m.recentKeys());
        assertEquals(0, m.snapshotKeys());
        m.store(firstLevel, firstLevel);
        assertEquals(firstLevel, m.snapshotKeys(), "the full recent level was copied into the snapshot");
        assertEquals(1, m.recentKeys(), "the new key starts the next recent level");
        for (int k = firstLevel + 1; k < 10_000; k++) {
            m.store(k, k);
            int recent = m.recentKeys();
            int snapshot = m.snapshotKeys();
            assertEquals(k + 1, snapshot + recent);
            assertTrue(2 * recent <= 2 * snapshot + 1 || snapshot < 8, () -> snapshot + " " + recent);
        }
        assertEquals(10_000, m.size());
        for (int k = 0; k < 10_000; k++) {
            assertEquals(k, m.get(k));
        }
    }

    @Test
    void keysOfTheRecentLevelAreUpdatedAndDeletedWithoutTheLock() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.store(1, 1);
        assertTrue(m.amended());
        // A function of the compute family for a new key runs under the lock, where a write that needed the lock
        // would throw "Recursive update": these succeed, so they took no lock.
        m.computeIfAbsent(2, k -> {
            m.store(1, 10);
            assertEquals(10, m.swap(1, 11));
            assertTrue(m.compareAndSwap(1, 11, 12));
            assertEquals(12, m.loadAndDelete(1));
            assertNull(m.loadAndDelete(3), "absent from both levels: answered without the lock");
            assertEquals(13, m.loadOrStore(1, 13).value());
            return 2;
        });
        assertEquals(2, m.recentKeys());
        assertEquals(Map.of(1, 13, 2, 2), Map.copyOf(m));
        assertThrows(IllegalStateException.class, () -> m.computeIfAbsent(4, k -> m.put(5, 5)),
                "a new key needs the lock");
    }

    /**
     * Go promotes dirty once the misses reach len(dirty), and dirty holds only the read map's keys that were present
     * when it was built (dirtyLocked expunges the deleted ones): after 10,000 keys are deleted and one new key is
     * stored, Go 1.19 promotes at the first Load of that key (checked with a Go program: read.m falls from 10,000 keys
     * to 1), releasing the deleted keys. Here the threshold counted every key of the snapshot, deleted or not, so the
     * 10,000 deleted keys stayed referenced and the new key two probes away for about 10,000 lookups; 2,000 lookups
     * (about 31 samples of 64) left the map unpromoted.
     */
    @Test
    void missesCountAgainstTheKeysGoDirtyWouldHoldNotDeletedOnes() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            m.store(i, i);
        }
        m.promote();
        for (int i = 0; i < n; i++) {
            m.delete(i);
        }
        m.store(-1, -1); // a new key: Go's dirtyLocked would copy no key of read (all deleted), so len(dirty) = 1
        assertTrue(m.amended());
        // A sampled lookup counts 64 misses, one in 64 is sampled: 2,000 lookups miss a sample with p < 1e-13.
        for (int i = 0; i < 2_000 && m.amended(); i++) {
            assertEquals(-1, m.load(-1));
        }
        assertFalse(m.amended(), "promoted once the misses reach the keys Go's dirty map would hold");
        assertEquals(1, m.snapshotKeys(), "the deleted keys were dropped");
        assertEquals(Map.of(-1, -1), Map.copyOf(m));
    }

    @Test
    void deletedKeyStaysInItsTableUntilPromotionDropsIt() {
        SyncMap<String, Integer> m = new SyncMap<>();
        m.store("a", 1);
        m.store("b", 2);
        promote(m, "a");
        m.delete("a");
        assertTrue(m.inReadSnapshot("a"), "delete only empties the slot");
        assertEquals(1, m.size());
        m.store("c", 3);
        assertEquals(1, m.recentKeys(), "the recent level holds only c: no copy of the snapshot");
        promote(m, "c");
        assertFalse(m.inReadSnapshot("a"), "the promotion dropped the deleted key");
        assertEquals(2, m.snapshotKeys());
        m.store("a", 4);
        assertEquals(1, m.recentKeys(), "a is new again");
        assertEquals(3, m.size()); // (no load of a here: a sampled miss could promote it before the delete)
        m.delete("a");
        m.promote();
        assertEquals(2, m.snapshotKeys(), "a deleted key of the recent level is dropped too");
        assertEquals(Map.of("b", 2, "c", 3), Map.copyOf(m));
    }

    @Test
    void rangeOverAmendedMapPromotes() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.store(1, 1);
        m.store(2, 2);
        assertTrue(m.amended());
        int[] n = {0};
        m.range((k, v) -> ++n[0] > 0);
        assertEquals(2, n[0]);
        assertFalse(m.amended());
        assertEquals(-1, m.recentKeys());
        assertTrue(m.inReadSnapshot(1));
    }

    @Test
    void updateOfKeyInSnapshotTakesNoRecentLevel() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        m.store(1, 1);
        promote(m, 1);
        m.store(1, 2);
        m.delete(1);
        m.store(1, 3);
        assertEquals(-1, m.recentKeys(), "a deleted snapshot key is revived by CAS on its slot");
        assertEquals(3, m.load(1));
        assertEquals(1, m.size());
    }

    @Test
    void clearForwardsBothLevels() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int k = 0; k < 100; k++) {
            m.store(k, k);
        }
        assertTrue(m.amended());
        assertTrue(m.snapshotKeys() > 0);
        m.clear();
        assertEquals(0, m.size());
        assertTrue(m.isEmpty());
        assertFalse(m.amended());
        for (int k = 0; k < 100; k++) {
            assertNull(m.get(k));
        }
        m.store(7, 7);
        assertEquals(Map.of(7, 7), Map.copyOf(m));
    }
}
