package io.gomap.stress.syncmap;

import io.gomap.concurrent.SyncMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Shared set-up and checks of the SyncMap stress tests. They reach SyncMap's internal states through its public API
 * only, and trigger every promotion deterministically:
 * <ul>
 *   <li>a key stored into a map that lacks it goes into the recent level (Go's dirty), under the lock; the recent
 *       level's keys are then loaded, updated and deleted lock-free, and a deleted one keeps its (empty) slot;</li>
 *   <li>{@link SyncMap#range}, {@code forEach}, an iterator or {@code containsValue} started while there is a recent
 *       level first promotes it: snapshot and recent level are copied into a new snapshot (each old slot forwarded by
 *       CAS, deleted keys dropped), and the map has no recent level until the next new key;</li>
 *   <li>a recent level takes a fixed number of keys ({@link #recentLevelKeys}); the next new key finds it full,
 *       freezes it and promotes before it is inserted into a fresh recent level.</li>
 * </ul>
 * Lookups that reach the recent level also promote, by sampling (one lookup in n counts n misses), so they are no
 * deterministic trigger: a test that needs a promotion has one actor call range or store the promoting new key.
 */
final class Shapes {

    /** Fewest keys a recent level is sized for (SyncMap's RECENT_MIN_KEYS). */
    private static final int RECENT_MIN_KEYS = 8;

    private Shapes() {}

    /* ---- Set-up, single-threaded in the state's constructor ---- */

    /**
     * Snapshot keys from which the next recent level has 512 pairs or more (sized for half of them), so that lookups
     * reaching it are counted one in 64, SyncMap's MISS_SAMPLE, and one counted lookup cannot promote. A smaller level
     * counts one lookup in an eighth of its pairs (1 in 4 for a fresh map's), each as that many misses, and one count
     * then promotes: the counting takes the lock, which would order a racing writer's release before the reader.
     */
    static final int RARELY_SAMPLED = 206;

    /** Stores {@code n} filler keys, {@code key.apply(0..n-1)}, each with {@code value}; a promotion moves them on. */
    static <K, V> void pad(SyncMap<K, V> map, IntFunction<K> key, V value, int n) {
        for (int i = 0; i < n; i++) {
            map.store(key.apply(i), value);
        }
    }

    /** Moves every key into the read snapshot (a promotion by range when there is a recent level). */
    static void promote(SyncMap<?, ?> map) {
        map.range((k, v) -> true);
    }

    /**
     * The keys a recent level takes when it is created after a promotion of {@code promotedKeys} keys (0 for a fresh
     * map): it is sized for {@code max(8, promotedKeys / 2)} keys, in the smallest power of two of pairs at least 2.5
     * times that, and holds at most 40% of its pairs (SyncMap's insertLocked, ReadTable.capacityFor and maxKeys).
     * A fresh map's first recent level takes 12 keys: the 13th new key promotes.
     */
    static int recentLevelKeys(int promotedKeys) {
        int keys = Math.max(RECENT_MIN_KEYS, promotedKeys / 2);
        int capacity = 2;
        while (capacity < (5 * keys + 1) / 2) {
            capacity <<= 1;
        }
        return capacity * 2 / 5;
    }

    /**
     * Stores keys {@code first}, {@code first + 1}, ... with values ten times the key until the recent level is full,
     * when the map's last promotion copied {@code promotedKeys} keys and it has no recent level yet; returns the next
     * key, whose store promotes.
     */
    static int fillRecentLevel(SyncMap<Integer, Integer> map, int promotedKeys, int first) {
        int end = first + recentLevelKeys(promotedKeys);
        for (int k = first; k < end; k++) {
            map.store(k, k * 10);
        }
        return end;
    }

    /** Keys {@code from} to {@code to}, both included, then {@code more}: a universe for {@link #agrees}. */
    static int[] keys(int from, int to, int... more) {
        int[] keys = new int[to - from + 1 + more.length];
        for (int k = from; k <= to; k++) {
            keys[k - from] = k;
        }
        System.arraycopy(more, 0, keys, to - from + 1, more.length);
        return keys;
    }

    /* ---- Checks, for arbiters ---- */

    /**
     * Whether {@code size()} agrees with the contents: range visits each key at most once, with the value load
     * returns for it, and the keys it visits are exactly those of {@code universe} that load finds, as many as
     * {@code size()} says. Every key a test writes must be in {@code universe}. Promotes the recent level, if any.
     */
    static boolean agrees(SyncMap<Integer, Integer> map, int... universe) {
        List<Integer> keys = new ArrayList<>();
        for (int k : universe) {
            keys.add(k);
        }
        return agrees(map, keys);
    }

    /** {@link #agrees(SyncMap, int...)} for any key type. */
    static <K> boolean agrees(SyncMap<K, ?> map, Collection<K> universe) {
        Set<K> walked = new HashSet<>();
        boolean[] sound = {true};
        map.range((k, v) -> {
            sound[0] &= walked.add(k) && v.equals(map.load(k));
            return true;
        });
        int found = 0;
        for (K k : universe) {
            if (map.load(k) != null) {
                found++;
                sound[0] &= walked.contains(k);
            }
        }
        return sound[0] && walked.size() == found && map.size() == found && map.isEmpty() == (found == 0);
    }

    /** Whether keys {@code from} to {@code to} each hold ten times the key. */
    static boolean holdTenfold(SyncMap<Integer, Integer> map, int from, int to) {
        for (int k = from; k <= to; k++) {
            if (valueOrZero(map, k) != k * 10) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code bit} when {@code key} holds {@code value}, 0 when absent, 8 when it holds anything else: one key's part
     * of a bit set of the keys present with their expected values.
     */
    static int bit(SyncMap<Integer, Integer> map, int key, int value, int bit) {
        int v = valueOrZero(map, key);
        return v == 0 ? 0 : v == value ? bit : 8;
    }

    /** The value {@code key} holds, or 0 when absent. */
    static int valueOrZero(SyncMap<Integer, Integer> map, int key) {
        Integer v = map.load(key);
        return v == null ? 0 : v;
    }

    /* ---- A deleted recent-level key written again while a range promotes (SyncMap_21, SyncMap_25) ---- */

    /**
     * A map whose key 1 sits in the snapshot and whose keys {@link #KEY} and 3 sit in the recent level, {@link #KEY}
     * deleted there (its slot empty, the key kept), each stored with ten times the key; one actor ranges over it,
     * which promotes first, while the other writes {@link #KEY} again with {@link #REVIVED}. One per JCStress state.
     */
    static final class DeletedRecentKey {

        static final int KEY = 2;        // deleted in the recent level, written again during the race
        static final int REVIVED = 22;   // the value it is written with

        final SyncMap<Integer, Integer> map = new SyncMap<>();
        private int walked;              // keys the range visited, as a bit set
        private boolean unsound;         // a key visited twice, or keys 1 and 3 with a wrong value

        DeletedRecentKey() {
            map.store(1, 10);
            promote(map);
            map.store(KEY, 20);
            map.store(3, 30);
            map.delete(KEY);
        }

        /** Ranges over the map, promoting it first; returns the value the range saw for {@link #KEY}, 0 if none. */
        int promotingRange() {
            int[] seen = {0};
            map.range((k, v) -> {
                unsound |= (walked & (1 << k)) != 0 || (k != KEY && v != k * 10);
                walked |= 1 << k;
                if (k == KEY) {
                    seen[0] = v;
                }
                return true;
            });
            return seen[0];
        }

        /**
         * 1 when the range saw keys 1 and 3 once each with their values and, now and after a further promotion, keys 1,
         * {@link #KEY} and 3 hold 10, {@link #REVIVED} and 30 and {@code size()} agrees; 0 otherwise.
         */
        int settle() {
            boolean walkedOthers = (walked & 0b1010) == 0b1010 && !unsound;
            boolean sound = allHeld() && agrees(map, 1, KEY, 3);
            promote(map);
            return walkedOthers && sound && allHeld() && agrees(map, 1, KEY, 3) ? 1 : 0;
        }

        private boolean allHeld() {
            return valueOrZero(map, 1) == 10 && valueOrZero(map, KEY) == REVIVED && valueOrZero(map, 3) == 30;
        }
    }

    /* ---- A clear racing two loads, of the first and the last key its sweep reaches (SyncMap_27, SyncMap_28) ---- */

    /**
     * A map, a key {@code first} that clear's sweep reaches first and a key {@code last} that it reaches last, each
     * stored with ten times the key; one actor clears while the other loads {@code first} and then {@code last}. One
     * per JCStress state; the test sets the map up around {@link #storeBoth}, so that the keys land where it needs.
     */
    static final class ClearVsTwoLoads {

        final SyncMap<Integer, Integer> map = new SyncMap<>();
        private final int first;
        private final int last;

        ClearVsTwoLoads(int first, int last) {
            this.first = first;
            this.last = last;
        }

        /** Stores both keys, each with ten times the key. */
        void storeBoth() {
            map.store(first, first * 10);
            map.store(last, last * 10);
        }

        /** r1 and r2: what the loads of first and then last found: 1 its value, 0 absent, 2 anything else. */
        void loadFirstThenLast(III_Result r) {
            r.r1 = found(first);
            r.r2 = found(last);
        }

        /** 1 when the map is empty after the race, no key found by load or range and size() 0; 0 otherwise. */
        int settle() {
            return map.isEmpty() && agrees(map, first, last) ? 1 : 0;
        }

        private int found(int key) {
            int v = valueOrZero(map, key);
            return v == 0 ? 0 : v == key * 10 ? 1 : 2;
        }
    }
}
