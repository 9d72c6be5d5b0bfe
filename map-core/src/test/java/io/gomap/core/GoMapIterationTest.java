package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's iteration guarantees under every kind of move (Go's {@code mapiternext}): a range whose body adds entries ends;
 * an entry present throughout is produced exactly once; a deleted entry never; the value produced is the current one.
 */
class GoMapIterationTest {

    /** A key whose hash code is chosen, to build long chains (and with them same-size growth). */
    private record Colliding(int hash, int id) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The ways to walk a map whole: {@code range}, {@code forEach}, a stream of the entry view (its spliterator hands
     * the walk to the iterator's {@code forEachRemaining}), and an iterator whose first entry comes from {@code next()}
     * and the rest from {@code forEachRemaining}.
     */
    enum Walk {
        RANGE, FOR_EACH, ENTRY_STREAM, NEXT_THEN_REST
    }

    /** Thrown by a forEach body to end the walk early, as a range body returns false. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Walks {@code m} with {@code walk}, calling {@code body} for each entry and checking each entry as it is produced:
     * never twice, still in the map, with the map's current value. Returns the keys produced. Fails if the walk
     * produces {@code maxSteps} entries, which a walk that never ends would.
     */
    private static <K> Set<K> checkedRange(Walk walk, GoMap<K, Integer> m, int maxSteps, Body<K> body) {
        Set<K> produced = new HashSet<>();
        int[] steps = {0};
        BiPredicate<K, Integer> step = (k, v) -> {
            assertTrue(produced.add(k), () -> "produced twice: " + k);
            assertTrue(m.containsKey(k), () -> "produced after its delete: " + k);
            assertEquals(m.get(k), v, () -> "stale value for " + k);
            body.step(k, steps[0]);
            return ++steps[0] < maxSteps;
        };
        if (walk == Walk.RANGE) {
            m.range(step);
        } else {
            BiConsumer<K, Integer> stopping = (k, v) -> {
                if (!step.test(k, v)) {
                    throw new Stop();
                }
            };
            try {
                switch (walk) {
                    case FOR_EACH -> m.forEach(stopping);
                    case ENTRY_STREAM -> m.entrySet().stream().forEach(e -> stopping.accept(e.getKey(), e.getValue()));
                    default -> {
                        Iterator<Map.Entry<K, Integer>> it = m.entrySet().iterator();
                        if (it.hasNext()) {
                            Map.Entry<K, Integer> first = it.next();
                            stopping.accept(first.getKey(), first.getValue());
                        }
                        it.forEachRemaining(e -> stopping.accept(e.getKey(), e.getValue()));
                    }
                }
            } catch (Stop stopped) {
                // the walk produced maxSteps entries; the assertion below reports it
            }
        }
        assertTrue(steps[0] < maxSteps, "the walk did not end within " + maxSteps + " entries");
        return produced;
    }

    private interface Body<K> {
        void step(K key, int step);
    }

    /** The keys of {@code m} present at the start and never removed by the body (tracked by the caller). */
    private static <K> void assertProducedAll(Set<K> originals, Set<K> removed, Set<K> produced) {
        for (K k : originals) {
            if (!removed.contains(k)) {
                assertTrue(produced.contains(k), () -> "entry present throughout was not produced: " + k);
            }
        }
    }

    private static GoMap<Integer, Integer> filled(int n, ShrinkPolicy policy) {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT, policy);
        for (int i = 0; i < n; i++) {
            m.put(i, i);
        }
        return m;
    }

    /**
     * replaceAll whose function writes the map, against a HashMap kept in step: each key present throughout is handed
     * over exactly once, with its current value; a key removed before it is reached never is; and every value the
     * function returns is what the map then holds (written in place while nothing has moved, by key once puts, deletes,
     * growth, shrinking or compact() have moved entries), also when replaceAll starts during a growth.
     */
    @Test
    void replaceAllWhoseFunctionWritesTheMapKeepsGosGuarantees() {
        Random random = new Random(0x5EED_0A11L);
        for (int round = 0; round < 80; round++) {
            String where = "round " + round;
            ShrinkPolicy policy = round % 3 == 0 ? ShrinkPolicy.whenSparse(4) : ShrinkPolicy.NEVER;
            GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.STRICT, policy);
            Map<Integer, Integer> shadow = new HashMap<>();
            int n = random.nextInt(3000);
            for (int i = 0; i < n; i++) {
                m.put(i, i);
                shadow.put(i, i);
            }
            List<Integer> originals = new ArrayList<>(shadow.keySet());
            Set<Integer> removed = new HashSet<>();
            Set<Integer> handed = new HashSet<>();
            int[] fresh = {1_000_000};
            m.replaceAll((k, v) -> {
                assertTrue(handed.add(k), () -> where + ": handed over twice: " + k);
                assertFalse(removed.contains(k), () -> where + ": handed over after its delete: " + k);
                assertEquals(shadow.get(k), v, () -> where + ": stale value for " + k);
                int op = random.nextInt(24);
                if (op == 0) {
                    for (int j = 0; j < 5; j++) {
                        m.put(fresh[0], fresh[0]);
                        shadow.put(fresh[0], fresh[0]);
                        fresh[0]++;
                    }
                } else if (op < 3 && !originals.isEmpty()) {
                    Integer other = originals.get(random.nextInt(originals.size()));
                    if (!other.equals(k) && shadow.containsKey(other)) {
                        m.remove(other);
                        shadow.remove(other);
                        removed.add(other);
                    }
                } else if (op < 5 && !originals.isEmpty()) {
                    Integer other = originals.get(random.nextInt(originals.size()));
                    if (shadow.containsKey(other) && !other.equals(k)) {
                        m.put(other, -other);
                        shadow.put(other, -other);
                    }
                } else if (op == 5 && random.nextInt(8) == 0) {
                    m.compact();
                }
                int result = 3 * v + 1;
                shadow.put(k, result);
                return result;
            });
            for (Integer k : originals) {
                if (!removed.contains(k)) {
                    assertTrue(handed.contains(k), () -> where + ": entry present throughout not handed over: " + k);
                }
            }
            assertEquals(shadow.size(), m.size(), where);
            for (Map.Entry<Integer, Integer> e : shadow.entrySet()) {
                assertEquals(e.getValue(), m.get(e.getKey()), () -> where + ": value of " + e.getKey());
            }
        }
    }

    /** The defect of issue 12: 64 entries, each step putting 50 new keys, ran until memory was exhausted. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void rangeThatAddsEntriesEnds(Walk walk) {
        GoMap<Integer, Integer> m = filled(64, ShrinkPolicy.NEVER);
        int log2 = m.stats().log2Buckets();
        int[] next = {1000};
        Set<Integer> produced = checkedRange(walk, m, 100_000, (k, step) -> {
            for (int j = 0; j < 50; j++) {
                m.put(next[0]++, 0);
            }
        });
        assertProducedAll(Set.copyOf(filled(64, ShrinkPolicy.NEVER).keySet()), Set.of(), produced);
        // Only the home array (2^B buckets when the range began, at most 6.5 entries a bucket before it grew) is walked.
        assertTrue(produced.size() <= 13 * (1 << log2) / 2 + 50, "produced " + produced.size());
    }

    /** The same with an iterator, whose hasNext/next walk the same cursor. */
    @Test
    void iteratorThatAddsEntriesEnds() {
        GoMap<Integer, Integer> m = filled(1000, ShrinkPolicy.NEVER);
        int next = 1_000_000;
        int steps = 0;
        for (Iterator<Integer> it = m.keySet().iterator(); it.hasNext() && steps < 1_000_000; steps++) {
            it.next();
            for (int j = 0; j < 10; j++) {
                m.put(next++, 0);
            }
        }
        assertTrue(steps < 1_000_000, "the iteration did not end");
    }

    /** Doubling during the range, while the body deletes keys ahead and updates values ahead. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void doublingDuringRangeKeepsGosGuarantees(Walk walk) {
        for (int round = 0; round < 10; round++) {
            int n = 500 + 97 * round;
            GoMap<Integer, Integer> m = filled(n, ShrinkPolicy.NEVER);
            Set<Integer> originals = Set.copyOf(m.keySet());
            Set<Integer> removed = new HashSet<>();
            int[] next = {n};
            int log2 = m.stats().log2Buckets();
            Set<Integer> produced = checkedRange(walk, m, 10 * n, (k, step) -> {
                for (int j = 0; j < 4; j++) {
                    m.put(next[0]++, step);
                }
                int ahead = (k * 31 + 7) % n;
                if (step % 3 == 0 && m.remove(ahead) != null) {
                    removed.add(ahead);
                } else if (m.containsKey(ahead)) {
                    m.put(ahead, -step);
                }
            });
            assertTrue(m.stats().log2Buckets() > log2 + 1, "the map must have doubled more than once");
            assertProducedAll(originals, removed, produced);
        }
    }

    /**
     * A body that only replaces values (a write that changes no tophash word, so the cursor keeps the word it loaded)
     * still sees every new value: those of the entries it has yet to produce, including the rest of the bucket it is in.
     */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void valuesReplacedDuringRangeAreProducedNew(Walk walk) {
        GoMap<Integer, Integer> m = filled(300, ShrinkPolicy.NEVER);
        Set<Integer> produced = checkedRange(walk, m, 1_000, (k, step) -> {
            for (int j = 0; j < 300; j++) {
                m.put(j, -step - 1);
            }
        });
        assertEquals(m.keySet(), produced);
        assertEquals(Set.of(-300), Set.copyOf(m.values()));
    }

    /** Growth to the same size (overflow chains packed) during the range. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void sameSizeGrowthDuringRangeKeepsGosGuarantees(Walk walk) {
        GoMap<Object, Integer> m = new GoMap<>(50, DetectorMode.BEST_EFFORT);
        for (int i = 0; i < 20; i++) {
            m.put(i, i);
        }
        Set<Object> originals = Set.copyOf(m.keySet());
        boolean[] sawSameSize = {false};
        int[] cls = {1000};
        Set<Object> produced = checkedRange(walk, m, 100_000, (k, step) -> {
            // Fill one chain past a bucket with colliding keys and delete them again: overflow buckets pile up at a
            // low load until a same-size growth starts; later writes drive its evacuation.
            for (int round = 0; round < 4; round++) {
                int c = cls[0]++;
                for (int j = 0; j < 9; j++) {
                    m.put(new Colliding(c, j), j);
                }
                MapStats s = m.stats();
                sawSameSize[0] |= s.growing() && s.sameSizeGrow();
                for (int j = 0; j < 9; j++) {
                    m.remove(new Colliding(c, j));
                }
            }
            if (m.get(k) != null) {
                m.put(k, step);
            }
        });
        assertTrue(sawSameSize[0], "a same-size growth must have happened during the range");
        assertProducedAll(originals, Set.of(), produced);
    }

    /** A map that starts a range while growing, and keeps growing. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void rangeStartedDuringGrowth(Walk walk) {
        for (int round = 0; round < 20; round++) {
            GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT);
            int n = 0;
            while (!m.stats().growing() || n < 200 + 13 * round) {
                m.put(n, n);
                n++;
            }
            assertTrue(m.stats().growing());
            Set<Integer> originals = Set.copyOf(m.keySet());
            int[] next = {n};
            Set<Integer> produced = checkedRange(walk, m, 100_000, (k, step) -> m.put(next[0]++, 0));
            assertProducedAll(originals, Set.of(), produced);
        }
    }

    /**
     * A range that starts while a same-size growth is under way walks each position whose old bucket has not moved in
     * that one old bucket: the old array has as many main buckets as home, so there is no second old bucket, and the
     * indices past home's main buckets are the old array's overflow buckets, whose entries belong to other chains.
     * Colliding keys left in overflow buckets (8 of them, as many as main buckets, start the growth) would be produced
     * twice by a walk that took one of them for a position's second old bucket.
     */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void rangeStartedDuringSameSizeGrowth(Walk walk) {
        for (int round = 0; round < 20; round++) {
            GoMap<Object, Integer> m = new GoMap<>(50, DetectorMode.BEST_EFFORT); // 8 buckets
            for (int i = 0; i < 20; i++) {
                m.put(i, i);
            }
            // Overflow each of the 8 chains with 9 colliding keys and keep only the last, which sits in an overflow
            // bucket: then the overflow buckets are as many as the main ones, and the next new key starts a
            // same-size growth (28 entries are far from the 52 that would double).
            Set<Integer> chains = new HashSet<>();
            for (int c = 1000; chains.size() < 8 && !m.stats().growing(); c++) {
                if (!chains.add(m.hash(new Colliding(c, 0)) & 7)) {
                    continue; // a chain already overflowed
                }
                for (int j = 0; j < 9; j++) {
                    m.put(new Colliding(c, j), j);
                }
                for (int j = 0; j < 8 && !m.stats().growing(); j++) {
                    m.remove(new Colliding(c, j));
                }
            }
            if (!m.stats().growing()) {
                m.put(-1, -1);
            }
            MapStats s = m.stats();
            assertTrue(s.sameSizeGrow(), "the growth is a same-size one");
            assertTrue(s.evacuatedBuckets() < s.oldBuckets(), "old buckets are left to walk");
            Set<Object> originals = Set.copyOf(m.keySet());
            Set<Object> produced = checkedRange(walk, m, 1_000, (k, step) -> { });
            assertEquals(originals, produced, "round " + round);
        }
    }

    /** A range that starts while a shrink is under way walks both old buckets of a position until both have moved. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void rangeStartedDuringShrink(Walk walk) {
        for (int round = 0; round < 10; round++) {
            GoMap<Integer, Integer> m = filled(20_000, ShrinkPolicy.whenSparse(4));
            m.compact();
            int k = 0;
            while (!m.stats().shrinking() || m.stats().evacuatedBuckets() < 50 * round) {
                m.remove(k++);
                assertTrue(k < 20_000, "no shrink started");
            }
            Set<Integer> originals = Set.copyOf(m.keySet());
            Set<Integer> removed = new HashSet<>();
            int[] next = {k};
            Set<Integer> produced = checkedRange(walk, m, 100_000, (key, step) -> {
                // Keep the shrink moving: delete ahead (recorded), and rewrite values ahead.
                if (next[0] < 20_000 && m.remove(next[0]) != null) {
                    removed.add(next[0]);
                }
                next[0]++;
                int ahead = (key * 7 + 3) % 20_000;
                if (m.containsKey(ahead)) {
                    m.put(ahead, -step);
                }
            });
            assertProducedAll(originals, removed, produced);
        }
    }

    @ParameterizedTest
    @EnumSource(Walk.class)
    void compactDuringRangeKeepsGosGuarantees(Walk walk) {
        GoMap<Integer, Integer> m = filled(3000, ShrinkPolicy.NEVER);
        for (int i = 0; i < 3000; i += 2) {
            m.remove(i);
        }
        Set<Integer> originals = Set.copyOf(m.keySet());
        Set<Integer> removed = new HashSet<>();
        int[] next = {10_000};
        Set<Integer> produced = checkedRange(walk, m, 100_000, (k, step) -> {
            m.put(next[0]++, 0);
            if (step % 50 == 0) {
                m.compact();
            }
            int ahead = (k * 17 + 1) % 3000;
            if (step % 5 == 0 && m.remove(ahead) != null) {
                removed.add(ahead);
            } else if (m.containsKey(ahead)) {
                m.put(ahead, step);
            }
        });
        assertProducedAll(originals, removed, produced);
    }

    /**
     * A body that writes only now and then (a compaction, a burst of inserts that starts or advances a growth, a
     * delete): between its writes forEach reads entries straight from the array again, and must do so from the state
     * the last write left, not from the bucket as it was first read.
     */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void occasionalWritesDuringRangeKeepGosGuarantees(Walk walk) {
        for (int round = 0; round < 12; round++) {
            int n = 1500 + 97 * round;
            int period = 3 + round;
            GoMap<Integer, Integer> m = filled(n, ShrinkPolicy.NEVER);
            Set<Integer> originals = Set.copyOf(m.keySet());
            Set<Integer> removed = new HashSet<>();
            int[] next = {100_000};
            Set<Integer> produced = checkedRange(walk, m, 1_000_000, (k, step) -> {
                if (step % period != 0) {
                    return;
                }
                switch (step / period % 3) {
                    case 0 -> m.compact();
                    case 1 -> {
                        for (int j = 0; j < 40; j++) {
                            m.put(next[0]++, j);
                        }
                    }
                    default -> {
                        int victim = (k * 31 + step) % n;
                        if (m.remove(victim) != null) {
                            removed.add(victim);
                        }
                    }
                }
            });
            assertProducedAll(originals, removed, produced);
        }
    }

    /** An entry whose key was removed changes only itself, as HashMap's does; it never puts the key back. */
    @Test
    void setValueOfAnEntryWhoseKeyWasRemovedLeavesTheMapAlone() {
        GoMap<String, Integer> m = new GoMap<>();
        m.put("k", 1);
        Iterator<Map.Entry<String, Integer>> it = m.entrySet().iterator();
        Map.Entry<String, Integer> e = it.next();
        it.remove();
        assertEquals(1, e.setValue(2));
        assertEquals(2, e.getValue());
        assertTrue(m.isEmpty());
        m.put("j", 1);
        Map.Entry<String, Integer> f = m.entrySet().iterator().next();
        assertEquals(1, f.setValue(5));
        assertEquals(Map.of("j", 5), Map.copyOf(m), "a present key is written through");
        m.clear();
        f.setValue(6);
        assertTrue(m.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Walk.class)
    void shrinkDuringRangeKeepsGosGuarantees(Walk walk) {
        GoMap<Integer, Integer> m = filled(20_000, ShrinkPolicy.whenSparse(4));
        m.compact();
        int log2 = m.stats().log2Buckets();
        Set<Integer> originals = Set.copyOf(m.keySet());
        Set<Integer> removed = new HashSet<>();
        int[] next = {100_000};
        Set<Integer> produced = checkedRange(walk, m, 1_000_000, (k, step) -> {
            for (int j = 0; j < 12 && m.size() > 1000; j++) {
                int victim = (k * 31 + j * 7919) % 20_000;
                if (m.remove(victim) != null) {
                    removed.add(victim);
                }
            }
            if (step % 5 == 0) {
                m.put(next[0]++, step);
            }
            int ahead = (k * 13 + 5) % 20_000;
            if (m.containsKey(ahead)) {
                m.put(ahead, -step);
            }
        });
        assertTrue(m.stats().log2Buckets() < log2, "the map must have shrunk during the range");
        assertProducedAll(originals, removed, produced);
    }

    /** clear() ends the range: every entry it could still produce is gone; entries added after may not show. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void clearDuringRangeProducesNothingDeleted(Walk walk) {
        for (boolean growing : new boolean[] {false, true}) {
            GoMap<Integer, Integer> m = filled(growing ? 833 : 1000, ShrinkPolicy.NEVER);
            assertEquals(growing, m.stats().growing());
            Set<Integer> cleared = new HashSet<>();
            int[] next = {5000};
            checkedRange(walk, m, 100_000, (k, step) -> {
                if (step == 10) {
                    cleared.addAll(m.keySet());
                    m.clear();
                }
                if (step >= 10) {
                    m.put(next[0]++, 0);
                }
            });
            for (int k : cleared) {
                assertFalse(m.containsKey(k));
            }
        }
    }

    /** clear() ends the iterations in progress even when the map was already empty. */
    @ParameterizedTest
    @EnumSource(Walk.class)
    void clearOfAnEmptiedMapEndsTheRange(Walk walk) {
        GoMap<Integer, Integer> m = filled(64, ShrinkPolicy.NEVER);
        int[] next = {5000};
        boolean[] cleared = {false};
        checkedRange(walk, m, 100_000, (k, step) -> {
            if (cleared[0]) {
                fail("produced " + k + " after clear()");
            }
            if (step == 10) {
                m.keySet().removeIf(x -> true);
                m.clear();
                cleared[0] = true;
                for (int i = 0; i < 40; i++) {
                    m.put(next[0]++, 0);
                }
            }
        });
        assertTrue(cleared[0]);
    }

    /**
     * An iterator starts when it is made: a clear() before its first step ends it too, so it produces none of the
     * entries put after the clear, also when a growth left its array behind first.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 500})
    void clearBeforeTheFirstStepEndsTheIterator(int grownTo) {
        GoMap<Integer, Integer> m = filled(10, ShrinkPolicy.NEVER);
        Iterator<Map.Entry<Integer, Integer>> it = m.entrySet().iterator();
        for (int i = 10; i < grownTo; i++) {
            m.put(i, i);
        }
        m.clear();
        for (int i = 0; i < 10; i++) {
            m.put(i, -i);
        }
        assertFalse(it.hasNext(), "an iterator made before clear() produced an entry put after it");
    }

    /** An iterator keeps nothing it removed, as HashMap's drops its current node; here it removes every entry. */
    @Test
    void iteratorKeepsNothingItRemoved() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
        List<WeakReference<Object>> refs = Reachability.putWatched(m, 20);
        Iterator<Map.Entry<Object, Object>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            it.next();
            it.remove();
        }
        assertTrue(m.isEmpty());
        assertEquals(0, Reachability.stillReachable(refs),
                "removed keys or values reachable from the iterator that removed them");
        assertFalse(it.hasNext()); // the iterator is reachable up to here
    }

    /**
     * An iterator's forEachRemaining hands over what its next() calls would have, from wherever the iterator stands:
     * the entry a hasNext() produced ahead, then the rest, each once; after it the iterator is exhausted and has
     * nothing to remove.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 37, 199, 200})
    void forEachRemainingHandsOverWhatNextWouldHave(int taken) {
        GoMap<Integer, Integer> m = filled(200, ShrinkPolicy.NEVER);
        Iterator<Integer> it = m.keySet().iterator();
        List<Integer> produced = new ArrayList<>();
        for (int i = 0; i < taken; i++) {
            produced.add(it.next());
        }
        assertEquals(taken < 200, it.hasNext()); // the iterator now holds the next key, produced ahead
        it.forEachRemaining(produced::add);
        assertEquals(200, produced.size(), "keys handed over, counting those taken by next()");
        assertEquals(m.keySet(), Set.copyOf(produced));
        assertFalse(it.hasNext());
        it.forEachRemaining(k -> fail("an exhausted iterator handed over " + k));
        assertThrows(IllegalStateException.class, it::remove, "remove() after forEachRemaining");
        assertEquals(200, m.size());
        NullPointerException e = assertThrows(NullPointerException.class, () -> it.forEachRemaining(null));
        assertEquals("action", e.getMessage());
    }

    /**
     * An action that throws ends forEachRemaining at the entry it threw on; the iterator then goes on from the next
     * entry, so that the entries handed over before the throw and those next() gives afterwards are every key once.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 100, 200})
    void forEachRemainingStoppedByTheActionResumesAfterTheEntryItStoppedOn(int handed) {
        GoMap<Integer, Integer> m = filled(200, ShrinkPolicy.NEVER);
        Iterator<Integer> it = m.keySet().iterator();
        List<Integer> produced = new ArrayList<>();
        assertThrows(Stop.class, () -> it.forEachRemaining(k -> {
            produced.add(k);
            if (produced.size() == handed) {
                throw new Stop();
            }
        }));
        it.forEachRemaining(produced::add);
        assertEquals(200, produced.size(), "keys handed over, " + handed + " before the throw");
        assertEquals(m.keySet(), Set.copyOf(produced));
    }

    /** The views' forEach walks as the map's does: every key, value and entry once, entries writing through. */
    @Test
    void viewsForEachVisitsEveryEntryOnce() {
        GoMap<Integer, Integer> m = filled(300, ShrinkPolicy.NEVER);
        List<Integer> keys = new ArrayList<>();
        m.keySet().forEach(keys::add);
        assertEquals(m.keySet(), Set.copyOf(keys));
        assertEquals(300, keys.size());
        long[] sum = {0};
        m.values().forEach(v -> sum[0] += v);
        assertEquals(299 * 300 / 2, sum[0]); // values 0..299
        m.entrySet().forEach(e -> e.setValue(e.getKey() + 1));
        m.forEach((k, v) -> assertEquals(k + 1, v));
    }

    /** A finished iterator keeps nothing of the arrays it walked, so a key deleted afterwards can be collected. */
    @Test
    void finishedIteratorKeepsNoDeletedKeyReachable() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(new Object());
            m.put(keys.get(i), i);
        }
        Iterator<Object> it = m.keySet().iterator();
        Object last = null;
        while (it.hasNext()) {
            last = it.next();
        }
        // The iterator keeps the last key it produced, as HashMap's keeps its last node: the victim is another one.
        Object victim = keys.get(0) == last ? keys.get(1) : keys.get(0);
        keys.clear();
        last = null;
        for (int i = 8; i < 200; i++) {
            m.put(i, i); // grows past the iterator's array, which keeps its evacuated keys
        }
        assertFalse(m.stats().growing());
        WeakReference<Object> ref = new WeakReference<>(victim);
        m.remove(victim);
        victim = null;
        Reachability.stillReachable(List.of(ref));
        assertNull(ref.get(), "a removed key is reachable from a finished iterator");
        assertFalse(it.hasNext());
    }

    /** An iteration walks nothing newer than its start array, so after a grow it produces none of the new keys. */
    @Test
    void keysAddedAfterGrowthAreNeverProduced() {
        GoMap<Integer, Integer> m = filled(52, ShrinkPolicy.NEVER); // 8 buckets, full: the next new key doubles
        assertFalse(m.stats().growing());
        Iterator<Integer> it = m.keySet().iterator();
        for (int i = 1000; i < 2000; i++) {
            m.put(i, i);
        }
        Set<Integer> produced = new HashSet<>();
        it.forEachRemaining(produced::add);
        assertEquals(Set.copyOf(filled(52, ShrinkPolicy.NEVER).keySet()), produced);
    }

    /** Evacuated keys live on only while an iteration may need them. */
    @Test
    void evacuatedKeysBecomeUnreachableWhenTheIterationIsDropped() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
        List<WeakReference<Object>> refs = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Object k = new Object();
            keys.add(k);
            refs.add(new WeakReference<>(k));
            m.put(k, i);
        }
        Iterator<Object> it = m.keySet().iterator();
        it.next();
        for (int i = 0; i < 2000; i++) {
            m.put(i, i); // grows past the iterator's array, several times
        }
        keys.forEach(m::remove);
        keys.clear();
        for (int i = 0; i < 10 && it.hasNext(); i++) {
            it.next(); // walks evacuated slots of its array, looking their keys up
        }
        it = null;
        assertEquals(0, Reachability.stillReachable(refs), "a removed key is still reachable");
    }

    /** A key deleted while its evacuated copy sits in the old array of a growth is cleared there at once. */
    @Test
    void keyDeletedDuringGrowthIsUnreachableBeforeTheGrowthEnds() {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
        Object key = new Object();
        m.put(key, "v");
        int n = 1;
        while (!m.stats().growing() || n < 1000) {
            m.put(n, n);
            n++;
        }
        assertTrue(m.stats().growing());
        WeakReference<Object> ref = new WeakReference<>(key);
        m.remove(key);
        key = null;
        assertTrue(m.stats().growing(), "the growth must still be under way");
        Reachability.stillReachable(List.of(ref));
        assertNull(ref.get(), "a removed key is reachable from the old array");
    }

    /** Values produced are current after a grow even for keys the body rewrote before the cursor reached them. */
    @Test
    void valuesAreCurrentAcrossGrowth() {
        GoMap<Integer, Integer> m = filled(400, ShrinkPolicy.NEVER);
        Map<Integer, Integer> latest = new HashMap<>(m);
        int[] next = {10_000};
        m.forEach((k, v) -> {
            assertEquals(latest.get(k), v, "key " + k);
            for (int j = 0; j < 3; j++) {
                m.put(next[0], 0);
                latest.put(next[0]++, 0);
            }
            int ahead = (k + 101) % 400;
            m.put(ahead, k);
            latest.put(ahead, k);
        });
    }
}
