package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link GoMap#compact()} and {@link ShrinkPolicy}: Go's maps never shrink (golang/go#20135); these do on request. */
class GoMapCompactTest {

    private static GoMap<Integer, Integer> filled(int n, ShrinkPolicy policy) {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT, policy);
        for (int i = 0; i < n; i++) {
            m.put(i, i);
        }
        return m;
    }

    /** A map of keys 0..n-1 whose growth is finished, so that the next move is a shrink. */
    private static GoMap<Integer, Integer> settled(int n, ShrinkPolicy policy) {
        GoMap<Integer, Integer> m = filled(n, policy);
        m.compact();
        return m;
    }

    /**
     * Removes keys from {@code k} upwards down to the threshold of the policy (divisor 8), checks that the shrink
     * starts exactly with the delete that goes below it, and returns the next key.
     */
    private static int removeUntilShrinkStarts(GoMap<Integer, Integer> m, int k) {
        int threshold = 13 * m.stats().buckets() / 2 / ShrinkPolicy.DEFAULT_DIVISOR;
        while (m.size() > threshold) {
            m.remove(k++);
        }
        assertFalse(m.stats().growing(), "shrink started above the threshold: " + m.stats());
        m.remove(k++);
        assertTrue(m.stats().shrinking(), m.stats().toString());
        return k;
    }

    private static Map<Integer, Integer> copy(Map<Integer, Integer> m) {
        return new HashMap<>(m);
    }

    /* ---------------- compact() ---------------- */

    @Test
    void compactAfterDeletingNinetyPercentDropsBucketsAndTombstones() {
        GoMap<Integer, Integer> m = filled(100_000, ShrinkPolicy.NEVER);
        for (int i = 0; i < 100_000; i++) {
            if (i % 10 != 0) {
                m.remove(i);
            }
        }
        Map<Integer, Integer> expected = copy(m);
        MapStats before = m.stats();
        assertTrue(before.tombstones() > 0, before.toString());
        assertEquals(GoMap.log2For(100_000), before.log2Buckets(), "deletes alone never shrink: " + before);

        m.compact();

        MapStats after = m.stats();
        assertEquals(10_000, after.count());
        assertEquals(GoMap.log2For(10_000), after.log2Buckets(), after.toString());
        assertEquals(0, after.tombstones(), after.toString());
        assertFalse(after.growing());
        assertTrue(after.overflowBuckets() < after.buckets() / 8, after.toString());
        assertEquals(expected, m);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i % 10 == 0, m.containsKey(i), "key " + i);
        }
    }

    @Test
    void compactPacksCollidingKeysIntoOneChain() {
        GoMap<GoMapTest.Colliding, Integer> m = new GoMap<>();
        for (int i = 0; i < 1000; i++) {
            m.put(new GoMapTest.Colliding(i), i);
        }
        for (int i = 0; i < 1000; i += 2) {
            m.remove(new GoMapTest.Colliding(i));
        }
        m.compact();
        MapStats s = m.stats();
        assertEquals(500, s.count());
        assertEquals(0, s.tombstones());
        // 500 entries in one chain of 8-slot buckets: 62 overflow buckets behind the main one, none wasted.
        assertEquals(62, s.overflowBuckets(), s.toString());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i % 2 == 0 ? null : i, m.get(new GoMapTest.Colliding(i)));
        }
    }

    @Test
    void compactFinishesGrowthInProgress() {
        GoMap<Integer, Integer> m = new GoMap<>();
        int n = 0;
        while (!m.stats().growing()) {
            m.put(n, n);
            n++;
        }
        m.put(null, -1);
        Map<Integer, Integer> expected = copy(m);
        m.compact();
        assertFalse(m.stats().growing());
        assertEquals(GoMap.log2For(n + 1), m.stats().log2Buckets());
        assertEquals(expected, m);
        assertEquals(-1, m.get(null));
    }

    @Test
    void compactOfEmptyMapLeavesOneBucket() {
        GoMap<Integer, Integer> m = filled(5000, ShrinkPolicy.NEVER);
        m.keySet().removeIf(k -> true);
        m.compact();
        assertEquals(0, m.stats().log2Buckets());
        assertTrue(m.isEmpty());
        m.put(7, 7);
        assertEquals(7, m.get(7));
    }

    @Test
    void compactKeepsDeletedEntriesUnreachable() {
        GoMap<Object, Object> m = new GoMap<>();
        for (int i = 0; i < 1000; i++) {
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
        m.compact();
        Reachability.stillReachable(List.of(keyRef, valueRef));
        assertNull(keyRef.get(), "removed key still reachable");
        assertNull(valueRef.get(), "removed value still reachable");
        assertEquals(1000, m.size());
    }

    /**
     * compact() leaves the keys of the array it evacuates for the iterations still walking it, but not the values: a
     * value the old array held would stay reachable through such an iteration after the map has replaced or removed
     * it (as evacuation during growth clears the values it moves).
     */
    @Test
    void compactClearsTheValuesOfTheArrayItLeaves() {
        GoMap<Integer, Object> m = new GoMap<>();
        for (int i = 0; i < 1000; i++) {
            m.put(i, new Object());
        }
        Buckets old = m.buckets();
        m.compact();
        assertTrue(m.buckets() != old, "compact installed a new array");
        int keys = 0;
        for (int main = 0; main <= old.mask; main++) {
            int b = main;
            do { // bucket 0 is never an overflow bucket, so a link of 0 ends the chain
                for (long f = Buckets.keyed(old.word(b)); f != 0; f &= f - 1) {
                    int i = Buckets.keyIndex(b, Buckets.firstSlot(f));
                    assertTrue(old.key(i) != null, "an evacuated slot keeps its key");
                    assertNull(old.value(i), "the value of key " + old.key(i) + " is still held by the old array");
                    keys++;
                }
                b = old.nextOf(b);
            } while (b != 0);
        }
        assertEquals(1000, keys);
    }

    /**
     * Compact in the middle of a range, again and again, while deleting keys not yet produced and adding new ones:
     * every original key still present is produced exactly once, no deleted key is produced after its delete.
     */
    @Test
    void compactDuringRangeProducesRemainingKeysExactlyOnce() {
        for (int round = 0; round < 20; round++) {
            GoMap<Integer, Integer> m = filled(5000 + round * 311, ShrinkPolicy.NEVER);
            int n = m.size();
            for (int i = 0; i < n; i++) {
                if (i % 10 != round % 10) {
                    m.remove(i);
                }
            }
            Set<Integer> originals = new HashSet<>(m.keySet());
            Set<Integer> produced = new HashSet<>();
            Set<Integer> deleted = new HashSet<>();
            int[] steps = {0};
            int every = 1 + round * 13;
            m.forEach((k, v) -> {
                assertTrue(produced.add(k), "key produced twice: " + k);
                assertFalse(deleted.contains(k), "deleted key produced: " + k);
                if (++steps[0] % every == 0) {
                    int victim = k + 10;
                    if (!produced.contains(victim) && m.remove(victim) != null) {
                        deleted.add(victim);
                    }
                    m.put(-steps[0], 0);
                    m.compact();
                }
            });
            for (int k : originals) {
                assertTrue(produced.contains(k) || deleted.contains(k), "original key " + k + " missing");
            }
        }
    }

    @Test
    void compactDuringIteratorWalkAndIteratorRemove() {
        GoMap<Integer, Integer> m = filled(20_000, ShrinkPolicy.NEVER);
        for (int i = 0; i < 20_000; i += 3) {
            m.remove(i);
        }
        Set<Integer> originals = new HashSet<>(m.keySet());
        Set<Integer> produced = new HashSet<>();
        int steps = 0;
        for (Iterator<Integer> it = m.keySet().iterator(); it.hasNext(); ) {
            int k = it.next();
            assertTrue(produced.add(k), "key produced twice: " + k);
            if (k % 2 == 0) {
                it.remove();
            }
            if (++steps % 1000 == 0) {
                m.compact();
            }
        }
        assertEquals(originals, produced);
        for (int k : originals) {
            assertEquals(k % 2 != 0, m.containsKey(k));
        }
    }

    /* ---------------- ShrinkPolicy ---------------- */

    @Test
    void policyValidatesAndDescribesItself() {
        assertThrows(IllegalArgumentException.class, () -> ShrinkPolicy.whenSparse(3));
        assertThrows(NullPointerException.class, () -> new GoMap<>(0, DetectorMode.OFF, null));
        assertEquals(ShrinkPolicy.whenSparse(8), ShrinkPolicy.whenSparse());
        assertFalse(ShrinkPolicy.NEVER.shrinks());
        assertEquals("ShrinkPolicy.whenSparse(8)", ShrinkPolicy.whenSparse().toString());
        assertEquals(ShrinkPolicy.NEVER, new GoMap<>().shrinkPolicy());
    }

    /** Policies are values: equal, with equal hash codes, exactly when their divisors are. */
    @Test
    void policiesAreEqualExactlyWhenTheirDivisorsAre() {
        ShrinkPolicy[] policies = {ShrinkPolicy.NEVER, ShrinkPolicy.whenSparse(4), ShrinkPolicy.whenSparse(),
            ShrinkPolicy.whenSparse(64)};
        int[] divisors = {0, 4, 8, 64};
        for (int i = 0; i < policies.length; i++) {
            assertEquals(divisors[i], policies[i].divisor());
            for (int j = 0; j < policies.length; j++) {
                assertEquals(i == j, policies[i].equals(policies[j]), policies[i] + " equals " + policies[j]);
                assertEquals(i == j, policies[i].hashCode() == policies[j].hashCode(), policies[i] + ", " + policies[j]);
            }
            ShrinkPolicy same = divisors[i] == 0 ? ShrinkPolicy.NEVER : ShrinkPolicy.whenSparse(divisors[i]);
            assertEquals(policies[i], same);
            assertEquals(policies[i].hashCode(), same.hashCode());
            assertFalse(policies[i].equals(divisors[i]), "a policy is not its divisor");
        }
    }

    @Test
    void defaultPolicyNeverShrinks() {
        GoMap<Integer, Integer> m = filled(50_000, ShrinkPolicy.NEVER);
        int log2 = m.stats().log2Buckets();
        for (int i = 0; i < 50_000; i++) {
            m.remove(i);
            m.put(-1, i);
        }
        assertEquals(log2, m.stats().log2Buckets());
        assertFalse(m.stats().growing());
    }

    /** No single write pays for the shrink: each moves at most three old buckets (two for its bucket, one more). */
    @Test
    void shrinkIsIncremental() {
        GoMap<Integer, Integer> m = settled(50_000, ShrinkPolicy.whenSparse());
        int log2 = m.stats().log2Buckets();
        int k = removeUntilShrinkStarts(m, 0);
        MapStats s = m.stats();
        assertTrue(s.shrinking(), s.toString());
        assertEquals(log2 - 1, s.log2Buckets());
        assertTrue(m.size() < 13 * (1 << log2) / 2 / 8, s.toString());
        assertTrue(s.evacuatedBuckets() == 0, "the delete that starts the shrink moves nothing: " + s);
        int evacuated = 0;
        while (m.stats().growing()) {
            m.put(-k, k);
            k++;
            MapStats now = m.stats();
            int moved = (now.growing() ? now.evacuatedBuckets() : s.oldBuckets()) - evacuated;
            assertTrue(moved <= 3, "one write moved " + moved + " old buckets");
            evacuated += moved;
        }
        assertEquals(s.oldBuckets(), evacuated);
        assertEquals(log2 - 1, m.stats().log2Buckets());
    }

    /**
     * The shrink starts with the delete that leaves fewer than {@code 6.5 * 2^B / d} entries, as documented, also when
     * that bound is not a whole number (6 entries are fewer than 6.5): not one delete later, and not one earlier.
     */
    @Test
    void shrinkStartsWithTheDeleteThatGoesUnderAFractionalThreshold() {
        for (int d : new int[] {4, 5, 6, 7, 8, 13}) {
            for (int n : new int[] {20, 50, 500, 3000, 20_000}) {
                GoMap<Integer, Integer> m = settled(n, ShrinkPolicy.whenSparse(d));
                int log2 = m.stats().log2Buckets();
                double bound = 6.5 * (1 << log2) / d;
                int k = 0;
                while (m.size() >= bound) {
                    assertFalse(m.stats().growing(), "d=" + d + ", n=" + n + ": shrink started at or above "
                            + bound + ": " + m.stats());
                    m.remove(k++);
                }
                MapStats s = m.stats();
                assertTrue(s.shrinking() && s.log2Buckets() == log2 - 1, "d=" + d + ", n=" + n + ": "
                        + s.count() + " entries are fewer than " + bound + " but no shrink started: " + s);
            }
        }
    }

    @Test
    void shrinksStepByStepToTheSmallestSizeThatFits() {
        GoMap<Integer, Integer> m = settled(100_000, ShrinkPolicy.whenSparse());
        for (int i = 0; i < 99_900; i++) {
            m.remove(i);
        }
        // Writes drive the shrink, as they drive growth; a read never moves anything.
        for (int i = 0; i < 100_000; i++) {
            m.put(100_000, i);
        }
        MapStats s = m.stats();
        assertFalse(s.growing(), s.toString());
        assertEquals(101, s.count());
        assertTrue(s.count() >= 13 * (1 << s.log2Buckets()) / 2 / 8, "not shrunk far enough: " + s);
        assertTrue(s.log2Buckets() < GoMap.log2For(1000), s.toString());
        for (int i = 99_900; i <= 100_000; i++) {
            assertTrue(m.containsKey(i), "key " + i);
        }
    }

    @Test
    void shrinkStopsAtTheHintedSize() {
        GoMap<Integer, Integer> m = new GoMap<>(10_000, DetectorMode.STRICT, ShrinkPolicy.whenSparse());
        int log2 = m.stats().log2Buckets();
        for (int i = 0; i < 100_000; i++) {
            m.put(i, i);
        }
        for (int i = 0; i < 100_000; i++) {
            m.remove(i);
            m.put(-1, i);
        }
        assertEquals(log2, m.stats().log2Buckets());
    }

    @Test
    void compactStopsAtTheHintedSize() {
        GoMap<Integer, Integer> m = new GoMap<>(10_000, DetectorMode.STRICT, ShrinkPolicy.whenSparse());
        int log2 = m.stats().log2Buckets();
        for (int i = 0; i < 10; i++) {
            m.put(i, i);
        }
        m.compact();
        assertEquals(log2, m.stats().log2Buckets());
        assertEquals(10, m.size());
    }

    /**
     * Under a policy that shrinks, clear() goes straight to the size the map was created for (also in the middle of a
     * growth), where the next writes would halve it a step at a time; under NEVER it keeps the array, as Go does.
     */
    @Test
    void clearUnderAShrinkingPolicyTakesTheCreatedSizeAtOnce() {
        for (int hint : new int[] {0, 1000}) {
            GoMap<Integer, Integer> m = new GoMap<>(hint, DetectorMode.STRICT, ShrinkPolicy.whenSparse());
            int created = m.stats().log2Buckets();
            for (int i = 0; i < 100_000; i++) {
                m.put(i, i);
            }
            m.clear();
            assertEquals(created, m.stats().log2Buckets(), "hint " + hint + ": " + m.stats());
            assertEquals(0, m.stats().overflowBuckets());
            for (int i = 0; i < 1000; i++) {
                m.put(i, i);
            }
            assertEquals(1000, m.size());
            assertEquals(7, m.get(7));

            GoMap<Integer, Integer> growing = new GoMap<>(hint, DetectorMode.STRICT, ShrinkPolicy.whenSparse());
            int k = 0;
            while (growing.size() < 5000 || !growing.stats().growing()) {
                growing.put(k, k);
                k++;
            }
            growing.clear();
            assertFalse(growing.stats().growing(), growing.stats().toString());
            assertEquals(created, growing.stats().log2Buckets(), "hint " + hint + ", cleared while growing");
        }
        GoMap<Integer, Integer> never = filled(100_000, ShrinkPolicy.NEVER);
        int log2 = never.stats().log2Buckets();
        never.clear();
        assertEquals(log2, never.stats().log2Buckets(), "Go's mapclear keeps the buckets");
    }

    /**
     * What clear() lets go of under a shrinking policy: an iterator that it ended keeps no entry of the array it walked
     * alive, only the one entry it had found ahead for its next call.
     */
    @Test
    void clearUnderAShrinkingPolicyLeavesNoEntryReachableFromAnEndedIterator() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.STRICT, ShrinkPolicy.whenSparse());
        List<WeakReference<Object>> refs = Reachability.putWatched(m, 1000);
        Iterator<Map.Entry<Object, Object>> it = m.entrySet().iterator();
        it.next();
        m.clear();
        long reachable = Reachability.stillReachable(refs);
        assertTrue(reachable <= 2, reachable + " keys and values reachable after clear()");
        Reference.reachabilityFence(it); // the iterator, and any array it holds, stayed reachable throughout
    }

    /** A key whose hashCode() throws while compact() copies it leaves every entry where lookups find it. */
    @Test
    void compactWhoseKeyFailsToHashLosesNothing() {
        Map<GoMapTest.Fragile, Integer> expected = new HashMap<>();
        GoMap<GoMapTest.Fragile, Integer> m = new GoMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(new GoMapTest.Fragile(i, i), i);
            expected.put(new GoMapTest.Fragile(i, i), i);
        }
        GoMapTest.Fragile.failing = 20;
        try {
            assertThrows(IllegalStateException.class, m::compact);
        } finally {
            GoMapTest.Fragile.failing = Integer.MIN_VALUE;
        }
        assertEquals(expected, m);
        expected.forEach((k, v) -> assertEquals(v, m.get(k), "key " + k.id()));
        m.compact();
        assertEquals(expected, m);
        m.put(new GoMapTest.Fragile(100, 100), 100);
        assertEquals(101, m.size());
    }

    /** Hysteresis: a count hovering at the shrink threshold shrinks once and never grows back. */
    @Test
    void countHoveringAtTheThresholdDoesNotThrash() {
        GoMap<Integer, Integer> m = settled(10_000, ShrinkPolicy.whenSparse());
        int k = removeUntilShrinkStarts(m, 0);
        int threshold = m.size() + 1;
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            m.put(-1 - i, i);
            m.remove(-1 - i);
            m.put(k, k);
            m.remove(k);
            sizes.add(m.stats().log2Buckets());
            assertTrue(m.size() <= threshold);
        }
        assertEquals(1, sizes.size(), "B changed more than once: " + sizes);
        assertFalse(m.stats().growing());
    }

    /** Go's iteration rules hold while a shrink is under way: deletes during the range start and drive it. */
    @Test
    void rangeWhileShrinkingProducesEveryRemainingKeyOnce() {
        for (int round = 0; round < 10; round++) {
            int n = 20_000 + round * 1000;
            GoMap<Integer, Integer> m = settled(n, ShrinkPolicy.whenSparse(4));
            int log2 = m.stats().log2Buckets();
            Set<Integer> produced = new HashSet<>();
            Set<Integer> deleted = new HashSet<>();
            int[] next = {n};
            int[] victim = {n - 1};
            m.forEach((k, v) -> {
                assertTrue(produced.add(k), "key produced twice: " + k);
                assertFalse(deleted.contains(k), "deleted key produced: " + k);
                // Delete twelve keys not yet produced, from the top key down, until a tenth remain, and keep adding a
                // few. (Victims drawn from a fixed formula could run out while a quarter of the keys remained, just
                // above the shrink threshold, in about one round of a thousand.)
                for (int j = 0; j < 12 && m.size() > n / 10 && victim[0] >= 0; ) {
                    int x = victim[0]--;
                    if (!produced.contains(x) && m.remove(x) != null) {
                        deleted.add(x);
                        j++;
                    }
                }
                if (k % 5 == 0) {
                    m.put(next[0]++, 0);
                }
            });
            assertTrue(m.stats().log2Buckets() < log2, "the map must have shrunk during the range");
            for (int i = 0; i < n; i++) {
                assertTrue(produced.contains(i) ^ deleted.contains(i), "key " + i);
                assertEquals(!deleted.contains(i), m.containsKey(i), "key " + i);
            }
        }
    }
}
