package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Unit tests of GoMap, including the cases of Go's runtime/map_test.go that make sense in Java. */
class GoMapTest {

    /** A key whose hashCode is the same for every instance. */
    record Colliding(int id) {
        @Override
        public int hashCode() {
            return 42;
        }
    }

    /** A key with a given hash whose hashCode() throws while {@link #failing} names its id, as an entity's may. */
    record Fragile(int id, int hash) {
        static volatile int failing = Integer.MIN_VALUE;

        @Override
        public int hashCode() {
            if (id == failing) {
                throw new IllegalStateException("cannot hash " + id);
            }
            return hash;
        }
    }

    /**
     * A stored key whose hashCode() throws while a doubling moves its chain: the write that started the move fails,
     * and every entry stays where lookups find it. All keys share one hash, so the failing key sits in an overflow
     * bucket of the one chain, behind buckets the move would otherwise have marked evacuated.
     */
    @Test
    void growthWhoseKeyFailsToHashLosesNothing() {
        GoMap<Fragile, Integer> m = new GoMap<>();
        Map<Fragile, Integer> expected = new HashMap<>();
        for (int i = 0; i < 52; i++) { // 52 = 6.5 * 8 buckets: the next new key starts a doubling
            m.put(new Fragile(i, 1), i);
            expected.put(new Fragile(i, 1), i);
            while (m.stats().growing()) {
                m.remove(new Fragile(-1, 1)); // a write: finishes moves started by earlier puts
            }
        }
        assertEquals(3, m.stats().log2Buckets());
        Fragile.failing = 20;
        try {
            assertThrows(IllegalStateException.class, () -> m.put(new Fragile(1000, 1), 0));
            assertThrows(IllegalStateException.class, () -> m.put(new Fragile(1001, 1), 0), "the move failed again");
        } finally {
            Fragile.failing = Integer.MIN_VALUE;
        }
        expected.forEach((k, v) -> assertEquals(v, m.get(k), "key " + k.id()));
        m.put(new Fragile(1000, 1), 0);
        expected.put(new Fragile(1000, 1), 0);
        while (m.stats().growing()) {
            m.remove(new Fragile(-1, 1));
        }
        assertEquals(expected, m);
        assertEquals(4, m.stats().log2Buckets());
    }

    /**
     * A key whose first hashCode() call runs a hook: a write to the map between the moment a put or remove hashes its
     * key and the moment it takes the detector's flag, as another thread's whole write could run there.
     */
    static final class Hooked {
        final int id;
        private Runnable hook;

        Hooked(int id, Runnable hook) {
            this.id = id;
            this.hook = hook;
        }

        @Override
        public int hashCode() {
            Runnable h = hook;
            hook = null;
            if (h != null) {
                h.run();
            }
            return id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hooked k && k.id == id;
        }
    }

    /**
     * A clear() that runs after a put hashed its key, but before the put took the flag, redraws the seed: the put
     * hashes again, and its entry is where lookups look (it was inserted under the old seed, found by iteration only,
     * and a second put of the key added a duplicate). In STRICT mode the same interleaving across two threads raised
     * no exception either (JCStress GoMap_12). Sixteen maps, each with its own seeds: under a stale seed a lookup
     * still matches the entry's tophash byte by chance, one time in 256.
     */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void putAfterAClearThatRedrewTheSeedIsFound(DetectorMode mode) {
        for (int round = 0; round < 16; round++) {
            GoMap<Hooked, Integer> m = new GoMap<>(0, mode);
            for (int i = 0; i < 4; i++) {
                m.put(new Hooked(100 + i, null), i);
            }
            assertNull(m.put(new Hooked(3, m::clear), 30));
            assertEquals(1, m.size());
            assertEquals(30, m.get(new Hooked(3, null)), "round " + round);
            assertEquals(30, m.put(new Hooked(3, null), 31), "the second put replaces, adds no duplicate");
            assertEquals(Map.of(new Hooked(3, null), 31), new HashMap<>(m));
            assertEquals(1, m.size());
        }
    }

    /** The same for a remove: after a clear and a put of an equal key under the new seed, it removes that key. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void removeAfterAClearThatRedrewTheSeedFindsItsKey(DetectorMode mode) {
        for (int round = 0; round < 16; round++) {
            GoMap<Hooked, Integer> m = new GoMap<>(0, mode);
            for (int i = 0; i < 4; i++) {
                m.put(new Hooked(100 + i, null), i);
            }
            Runnable refill = () -> {
                m.clear();
                m.put(new Hooked(3, null), 30);
            };
            assertEquals(30, m.remove(new Hooked(3, refill)), "round " + round);
            assertTrue(m.isEmpty());
            assertNull(m.get(new Hooked(3, null)));
        }
    }

    /** Go's mapaccess answers for an empty map before it hashes the key; so does GoMap (and HashMap before its table). */
    @Test
    void emptyMapAnswersLookupsWithoutHashing() {
        GoMap<Object, String> m = new GoMap<>();
        Object unhashable = new Object() {
            @Override
            public int hashCode() {
                throw new IllegalStateException("hashed");
            }
        };
        assertNull(m.get(unhashable));
        assertEquals("d", m.getOrDefault(unhashable, "d"));
        assertFalse(m.containsKey(unhashable));
        m.put("k", "v");
        assertThrows(IllegalStateException.class, () -> m.get(unhashable));
        m.remove("k");
        assertNull(m.get(unhashable), "empty again after a delete");
    }

    @Test
    void nullKeysAndValuesWorkAsInHashMap() {
        GoMap<String, String> m = new GoMap<>();
        assertNull(m.put(null, "a"));
        assertNull(m.put("k", null));
        assertEquals("a", m.get(null));
        assertTrue(m.containsKey("k"));
        assertNull(m.get("k"));
        assertEquals("a", m.remove(null));
        assertFalse(m.containsKey(null));
        assertEquals(1, m.size());
    }

    /** The README's "Keys are Java's": equality is equals, not Go's ==, for the keys where the two differ. */
    @Test
    void keysAreFoundByEqualsNotByGosEquality() {
        GoMap<Double, String> m = new GoMap<>();
        m.put(Double.NaN, "first");
        m.put(0.0 / 0.0, "second");          // another NaN object: Go would add a second, unfindable entry
        m.put(0.0, "plus");
        m.put(-0.0, "minus");                // a key of its own, where Go's == makes it 0.0
        assertEquals(3, m.size());
        assertEquals("second", m.get(Double.NaN));
        assertEquals("plus", m.get(0.0));
        assertEquals("minus", m.get(-0.0));
        assertEquals("second", m.remove(Double.NaN));
        assertEquals(2, m.size());
    }

    /**
     * putAll into an empty map sizes it first, as make(map[K]V, n) before a copy loop: 850 entries land in the array
     * made for them, where put by put the map would still be in the middle of the doubling that entry 834 started.
     */
    @Test
    void putAllIntoAnEmptyMapSizesItFirst() {
        Map<Integer, Integer> source = new HashMap<>();
        for (int i = 0; i < 850; i++) {
            source.put(i, -i);
        }
        GoMap<Integer, Integer> stepByStep = new GoMap<>();
        source.forEach(stepByStep::put);
        assertTrue(stepByStep.stats().growing(), "the premise: put by put, a doubling is under way");

        GoMap<Integer, Integer> m = new GoMap<>();
        m.put(1, 1);
        m.remove(1);
        m.putAll(source);
        MapStats s = m.stats();
        assertFalse(s.growing(), s.toString());
        assertEquals(GoMap.log2For(850), s.log2Buckets());
        assertEquals(source, m);

        GoMap<Integer, Integer> holding = new GoMap<>();
        holding.put(-1, 1);
        holding.putAll(source);
        assertTrue(holding.stats().growing(), "a map that holds entries grows as the puts need, as Go's");
        assertEquals(851, holding.size());
        assertThrows(NullPointerException.class, () -> m.putAll(null));
    }

    /**
     * Under a ShrinkPolicy, the array putAll sizes is kept while the copy fills it: the first entries of the copy are
     * a sparse map for that array, and a shrink test after each put halved it at the first one, so that the copy grew
     * back one doubling at a time (850 entries then ended in the middle of a doubling to B = 8).
     */
    @Test
    void putAllIntoAnEmptyShrinkingMapKeepsTheArrayItSized() {
        Map<Integer, Integer> source = new HashMap<>();
        for (int i = 0; i < 850; i++) {
            source.put(i, -i);
        }
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT, ShrinkPolicy.whenSparse());
        m.putAll(source);
        MapStats s = m.stats();
        assertFalse(s.growing(), s.toString());
        assertEquals(GoMap.log2For(850), s.log2Buckets());
        assertEquals(source, m);

        for (int i = 0; i < 800; i++) {
            m.remove(i);
        }
        assertTrue(m.stats().log2Buckets() < GoMap.log2For(850), "deletes still shrink it: " + m.stats());
        assertEquals(50, m.size());
    }

    @Test
    void negativeHintIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GoMap<>(-1));
        assertTrue(e.getMessage().contains("-1"));
    }

    /** Go's makemap: the smallest B with hint <= 6.5 * 2^B; up to 8 entries fit in B=0. */
    @ParameterizedTest
    @CsvSource({"0,0", "8,0", "9,1", "13,1", "14,2", "26,2", "27,3", "52,3", "53,4", "1000,8", "1000000,18"})
    void hintPicksBucketCountAsMakemapDoes(int hint, int log2) {
        GoMap<Integer, Integer> m = new GoMap<>(hint);
        assertEquals(log2, m.stats().log2Buckets());
        for (int i = 0; i < hint; i++) {
            m.put(i, i);
        }
        MapStats s = m.stats();
        assertEquals(log2, s.log2Buckets(), "filling to the hint must not grow");
        assertFalse(s.growing());
    }

    @Test
    void growsAtLoadFactorSixAndAHalf() {
        GoMap<Integer, Integer> m = new GoMap<>();
        for (int i = 0; i < 8; i++) {
            m.put(i, i);
        }
        assertEquals(0, m.stats().log2Buckets());
        m.put(8, 8);
        assertEquals(1, m.stats().log2Buckets());
        for (int i = 9; i < 13; i++) {
            m.put(i, i);
        }
        assertEquals(1, m.stats().log2Buckets(), "13 = 6.5 * 2 still fits in B=1");
        m.put(13, 13);
        assertEquals(2, m.stats().log2Buckets());
    }

    /**
     * Same-size growth starts at as many overflow buckets as main buckets, at every B: Go compares 2^min(B,15) with a
     * counter that from B = 16 on counts one overflow bucket in 2^(B-15) (incrnoverflow), and GoMap counts exactly.
     */
    @Test
    void tooManyOverflowBucketsMeansAsManyAsMainBuckets() {
        for (int b = 0; b <= GoMap.MAX_LOG2; b++) {
            assertFalse(GoMap.tooManyOverflowBuckets((1 << b) - 1, b), "B=" + b);
            assertTrue(GoMap.tooManyOverflowBuckets(1 << b, b), "B=" + b);
        }
    }

    /** The insert's growth limit is the first count over Go's load factor, at every B. */
    @Test
    void growAtIsTheFirstCountOverTheLoadFactor() {
        for (int b = 0; b <= GoMap.MAX_LOG2; b++) {
            int n = GoMap.growAt(b);
            assertFalse(GoMap.overLoadFactor(n - 1, b), "B=" + b + ", " + (n - 1) + " entries");
            assertTrue(GoMap.overLoadFactor(n, b), "B=" + b + ", " + n + " entries");
        }
    }

    /**
     * A fill of random keys doubles from B=18 to B=19 at the insert past 6.5 * 2^18, as Go 1.19's does (checked with
     * the same fill of 1,703,937 random int64 keys: no same-size growth on the way). Counting overflow buckets against
     * 2^15 at B=18, GoMap started same-size growths near load 5.7 and was still in one when the doubling was due.
     */
    @Test
    void randomFillDoublesWhereGoDoes() {
        GoMap<Long, Boolean> m = new GoMap<>(0, DetectorMode.OFF);
        Random r = new Random(42);
        int full = 13 << 17; // 6.5 * 2^18
        for (int i = 0; i < full; i++) {
            m.put(r.nextLong(), Boolean.TRUE);
            Buckets old = m.oldBuckets();
            assertFalse(old != null && old.log2 == m.buckets().log2, () -> "same-size growth at " + m.size());
        }
        assertEquals(18, m.buckets().log2);
        m.put(r.nextLong(), Boolean.TRUE);
        assertEquals(19, m.buckets().log2);
    }

    @Test
    void bigMapKeepsEveryEntryThroughGrowth() {
        GoMap<Integer, Integer> m = new GoMap<>();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            assertNull(m.put(i, -i));
            if (i % 9973 == 0) {
                for (int j = 0; j <= i; j += 997) {
                    assertEquals(-j, m.get(j), "during growth, key " + j);
                }
            }
        }
        assertEquals(n, m.size());
        for (int i = 0; i < n; i++) {
            assertEquals(-i, m.get(i));
        }
        assertFalse(m.containsKey(n));
        for (int i = 0; i < n; i += 2) {
            assertEquals(-i, m.remove(i));
        }
        assertEquals(n / 2, m.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 0 ? null : -i, m.get(i));
        }
    }

    @Test
    void tenThousandKeysWithConstantHashCodeWork() {
        GoMap<Colliding, Integer> m = new GoMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            m.put(new Colliding(i), i);
        }
        assertEquals(n, m.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, m.get(new Colliding(i)));
        }
        for (int i = 0; i < n; i += 3) {
            assertEquals(i, m.remove(new Colliding(i)));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i % 3 == 0 ? null : i, m.get(new Colliding(i)));
        }
        Set<Colliding> seen = new HashSet<>();
        m.forEach((k, v) -> assertTrue(seen.add(k)));
        assertEquals(n - (n + 2) / 3, seen.size());
    }

    /** Go's TestManyStringsOneBucket-style case: string keys that all land in one bucket chain. */
    @Test
    void manyStringKeysInOneBucket() {
        GoMap<String, Integer> m = new GoMap<>();
        // "Aa" and "BB" share a hashCode, so every string of n such pairs collides with the others.
        List<String> keys = new ArrayList<>();
        for (int bits = 0; bits < 1 << 10; bits++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                sb.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(sb.toString());
        }
        assertEquals(1, keys.stream().mapToInt(String::hashCode).distinct().count());
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), i);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(i, m.get(keys.get(i)));
        }
        assertTrue(m.stats().overflowBuckets() >= keys.size() / 8 - 1);
    }

    /** Go's TestIterationOrder (TestMapIterOrder): ranges over one map do not all produce the same order. */
    @Test
    void iterationOrderVariesBetweenRanges() {
        for (int n : new int[] {3, 7, 9, 15}) {
            GoMap<Integer, Boolean> m = new GoMap<>();
            for (int i = 0; i < n; i++) {
                m.put(i, true);
            }
            List<Integer> first = new ArrayList<>(m.keySet());
            boolean differs = false;
            for (int tries = 0; tries < 1000 && !differs; tries++) {
                differs = !first.equals(new ArrayList<>(m.keySet()));
            }
            assertTrue(differs, "1000 ranges over " + n + " keys all produced the same order");
        }
    }

    /**
     * Go's mapiterinit starts each range at a random bucket, not only at a random slot: over many ranges, every bucket
     * that holds an entry is the one the first entry produced comes from. (Missing one of 16 buckets in 1,000 ranges
     * by chance has odds under 1 in 10^27.)
     */
    @Test
    void rangesStartAtEveryBucket() {
        GoMap<Integer, Boolean> m = new GoMap<>(100); // 16 buckets, filled without growing
        for (int i = 0; i < 40; i++) {
            m.put(i, true);
        }
        int mask = m.buckets().mask;
        assertEquals(15, mask);
        Set<Integer> filled = new HashSet<>();
        for (int k : m.keySet()) {
            filled.add(m.hash(k) & mask);
        }
        Set<Integer> firsts = new HashSet<>();
        for (int tries = 0; tries < 1000; tries++) {
            m.range((k, v) -> {
                firsts.add(m.hash(k) & mask);
                return false;
            });
        }
        assertEquals(filled, firsts);
    }

    /** Go's TestGrowWithNaN-free core: delete during range never produces a deleted key, others exactly once. */
    @Test
    void deleteDuringRangeSkipsDeletedKeys() {
        GoMap<Integer, Integer> m = new GoMap<>();
        int n = 5000;
        for (int i = 0; i < n; i++) {
            m.put(i, i);
        }
        Set<Integer> produced = new HashSet<>();
        Set<Integer> deleted = new HashSet<>();
        m.range((k, v) -> {
            assertFalse(deleted.contains(k), "deleted key " + k + " was produced");
            assertTrue(produced.add(k), "key " + k + " produced twice");
            int victim = (k * 7919) % n;
            if (!produced.contains(victim) && m.remove(victim) != null) {
                deleted.add(victim);
            }
            return true;
        });
        for (int i = 0; i < n; i++) {
            assertTrue(produced.contains(i) ^ deleted.contains(i), "key " + i);
        }
    }

    /** Go's TestIterGrowAndDelete / TestIterGrowWithGC: grow the map while ranging over it. */
    @Test
    void growDuringRangeProducesEveryOriginalKeyOnce() {
        for (int round = 0; round < 20; round++) {
            GoMap<Integer, Integer> m = new GoMap<>();
            int n = 100 + round * 37;
            for (int i = 0; i < n; i++) {
                m.put(i, i);
            }
            Map<Integer, Integer> produced = new HashMap<>();
            int[] next = {n};
            m.forEach((k, v) -> {
                assertNull(produced.put(k, v), "key produced twice: " + k);
                for (int j = 0; j < 5; j++) {
                    m.put(next[0]++, -1);
                }
                if (k % 3 == 0) {
                    m.put(k, k + 1_000_000);
                }
            });
            for (int i = 0; i < n; i++) {
                assertTrue(produced.containsKey(i), "original key " + i + " missing");
            }
            assertTrue(m.stats().log2Buckets() > GoMap.log2For(n), "the map must have grown during the range");
        }
    }

    @Test
    void growAndDeleteDuringRange() {
        GoMap<Integer, Integer> m = new GoMap<>();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            m.put(i, i);
        }
        Set<Integer> produced = new HashSet<>();
        int[] next = {n};
        Iterator<Map.Entry<Integer, Integer>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Integer> e = it.next();
            int k = e.getKey();
            assertTrue(produced.add(k));
            if (k < n && k % 2 == 0) {
                it.remove();
            }
            m.put(next[0]++, 0);
            int victim = next[0] - 1 - (k & 7);
            if (victim >= n) {
                m.remove(victim);
            }
        }
        for (int i = 0; i < n; i++) {
            assertTrue(produced.contains(i), "original key " + i + " missing");
            assertEquals(i % 2 != 0, m.containsKey(i));
        }
    }

    @Test
    void removedKeyAndValueBecomeUnreachable() {
        GoMap<Object, Object> m = new GoMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(i, i);
        }
        Object key = new Object();
        Object value = new Object();
        m.put(key, value);
        WeakReference<Object> keyRef = new WeakReference<>(key);
        WeakReference<Object> valueRef = new WeakReference<>(value);
        m.remove(key);
        key = null;
        value = null;
        Reachability.stillReachable(List.of(keyRef, valueRef));
        assertNull(keyRef.get(), "removed key still reachable");
        assertNull(valueRef.get(), "removed value still reachable");
        assertEquals(100, m.size());
    }

    @Test
    void evacuatedOldBucketsHoldNoReferences() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
        List<WeakReference<Object>> refs = new ArrayList<>();
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Object k = new Object();
            keep.add(k);
            refs.add(new WeakReference<>(k));
            m.put(k, i);
        }
        keep.forEach(m::remove);
        keep.clear();
        assertEquals(0, Reachability.stillReachable(refs), "a removed key is still reachable");
    }

    @Test
    void deleteMarksTrailingSlotsEmptyRestAndCountsTombstones() {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.OFF);
        for (int i = 0; i < 8; i++) {
            m.put(i, i);
        }
        m.remove(3);
        assertEquals(1, m.stats().tombstones(), "a slot followed by full slots stays emptyOne");
        for (int i = 0; i < 8; i++) {
            m.remove(i);
        }
        assertEquals(0, m.stats().tombstones(), "deleting the tail turns the whole run into emptyRest");
        assertEquals(0, m.size());
        assertEquals(0, m.stats().log2Buckets(), "nothing shrinks or grows");
    }

    @Test
    void statsReportDeleteHeavyMap() {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.OFF);
        for (int i = 0; i < 100_000; i++) {
            m.put(i, i);
        }
        MapStats before = m.stats();
        for (int i = 0; i < 100_000; i++) {
            if (i % 10 != 0) {
                m.remove(i);
            }
        }
        MapStats after = m.stats();
        assertEquals(10_000, after.count());
        assertEquals(before.log2Buckets(), after.log2Buckets(), "Go maps never shrink");
        assertTrue(after.tombstones() > 0);
        assertEquals(after.buckets(), 1 << after.log2Buckets());
    }

    /**
     * stats() while a growth is under way: overflowBuckets counts those of the old array and of the new one together,
     * and loadFactor is count / buckets, the buckets being the new array's.
     */
    @Test
    void statsWhileGrowingCountBothArrays() {
        GoMap<Object, Integer> m = new GoMap<>(50, DetectorMode.OFF); // 8 buckets
        for (int i = 0; i < 20; i++) {
            m.put(new Colliding(i), i); // one chain: its main bucket and two overflow buckets
        }
        MapStats before = m.stats();
        assertEquals(2, before.overflowBuckets());
        assertEquals(20.0 / 8, before.loadFactor());
        for (int i = 0; !m.stats().growing(); i++) {
            m.put(i, i);
        }
        MapStats s = m.stats();
        assertFalse(s.sameSizeGrow());
        assertEquals(16, s.buckets());
        int oldOverflow = m.oldBuckets().overflowCount();
        assertTrue(oldOverflow >= 2, "the old array keeps its overflow buckets while it is evacuated");
        assertEquals(m.buckets().overflowCount() + oldOverflow, s.overflowBuckets());
        assertEquals(53.0 / 16, s.loadFactor());
    }

    /**
     * A clear() during a growth empties the old array in place, keys and values, as well as the new one: an iteration
     * that started before the growth walks the old array and may hold it after the clear, and must keep no entry alive.
     */
    @Test
    void clearDuringGrowthEmptiesTheOldArrayToo() {
        GoMap<Integer, Object> m = new GoMap<>(50); // 8 buckets; the 53rd key starts a doubling
        for (int i = 0; i < 53; i++) {
            m.put(i, new Object());
        }
        Buckets old = m.oldBuckets();
        assertTrue(old != null, "a growth under way");
        List<Integer> keyIndices = BucketsTest.keyIndices(old, Buckets::keyed);
        assertEquals(52, keyIndices.size(), "the old array holds every key it had, evacuated or not");
        m.clear();
        assertFalse(m.stats().growing());
        for (int i : keyIndices) {
            assertNull(old.key(i), "key at " + i + " of the old array");
            assertNull(old.value(i), "value at " + i + " of the old array");
        }
        for (int main = 0; main <= old.mask; main++) {
            assertEquals(0L, old.word(main), "bucket " + main + " of the old array");
        }
    }

    /**
     * A map that removes emptied while a move was under way still has the move's old array; clear() drops it and ends
     * the move, as Go's mapclear sets oldbuckets to nil. A shrink over 1,024 buckets, started with 103 keys left, is
     * still under way when the last of them is removed.
     */
    @Test
    void clearOfAMapEmptiedDuringAMoveEndsTheMove() {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT, ShrinkPolicy.whenSparse(64));
        for (int i = 0; i < 6000; i++) {
            m.put(i, i);
        }
        m.compact();
        assertEquals(10, m.stats().log2Buckets());
        for (int i = 0; i < 6000; i++) {
            m.remove(i);
        }
        assertTrue(m.isEmpty());
        assertTrue(m.stats().shrinking(), "the shrink is still under way");
        m.clear();
        MapStats s = m.stats();
        assertFalse(s.growing(), "clear ended the move: " + s);
        assertEquals(0, s.oldBuckets());
        m.put(1, 1);
        assertEquals(Map.of(1, 1), new HashMap<>(m));
    }

    /** Go's makemap caps B for a huge hint; so does log2For, at the largest B whose arrays a JVM can allocate. */
    @Test
    void hintsPastTheLargestArrayAreCappedAtMaxLog2() {
        assertEquals(GoMap.MAX_LOG2 - 1, GoMap.log2For(13 << (GoMap.MAX_LOG2 - 2))); // 6.5 * 2^(MAX_LOG2 - 1)
        assertEquals(GoMap.MAX_LOG2, GoMap.log2For((13 << (GoMap.MAX_LOG2 - 2)) + 1));
        assertEquals(GoMap.MAX_LOG2, GoMap.log2For(13 << (GoMap.MAX_LOG2 - 1)));
        assertEquals(GoMap.MAX_LOG2, GoMap.log2For((13 << (GoMap.MAX_LOG2 - 1)) + 1), "past 6.5 * 2^MAX_LOG2");
        assertEquals(GoMap.MAX_LOG2, GoMap.log2For(Integer.MAX_VALUE));
    }

    @Test
    void clearKeepsBucketsAndEmptiesTheMap() {
        GoMap<Integer, Integer> m = new GoMap<>();
        for (int i = 0; i < 1000; i++) {
            m.put(i, i);
        }
        int log2 = m.stats().log2Buckets();
        m.clear();
        assertEquals(0, m.size());
        assertFalse(m.entrySet().iterator().hasNext());
        assertEquals(log2, m.stats().log2Buckets());
        m.put(5, 5);
        assertEquals(5, m.get(5));
    }

    @Test
    void iteratorRemoveAndSetValueWriteThrough() {
        GoMap<Integer, String> m = new GoMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(i, "v" + i);
        }
        for (Iterator<Map.Entry<Integer, String>> it = m.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, String> e = it.next();
            if (e.getKey() % 2 == 0) {
                it.remove();
            } else {
                e.setValue("w" + e.getKey());
            }
        }
        assertEquals(50, m.size());
        m.forEach((k, v) -> assertEquals("w" + k, v));
        Iterator<Integer> keys = m.keySet().iterator();
        assertThrows(IllegalStateException.class, keys::remove);
    }

    @Test
    void rangeStopsOnFalse() {
        GoMap<Integer, Integer> m = new GoMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(i, i);
        }
        int[] calls = {0};
        m.range((k, v) -> ++calls[0] < 10);
        assertEquals(10, calls[0]);
    }

    @Test
    void equalsAndHashCodeFollowMap() {
        GoMap<String, Integer> m = new GoMap<>();
        Map<String, Integer> h = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            m.put("k" + i, i);
            h.put("k" + i, i);
        }
        assertEquals(h, m);
        assertEquals(m, h);
        assertEquals(h.hashCode(), m.hashCode());
        assertEquals(new GoMap<>(h), m);
    }
}
