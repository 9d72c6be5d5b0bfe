package io.gomap.stress.gomap;

import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Shared helpers of the GoMap stress tests: they turn what an actor saw and what the map holds afterwards into the
 * small ints that the tests' {@code @Outcome} tables name.
 *
 * <p>Every map in these tests maps key {@code k} to {@code k * 10}, so a value is checked without bookkeeping.
 */
final class Probes {

    /* ---- Actor status codes ---- */

    static final int RETURNED = 0;  // the operation returned normally (and, where checked, with the right answer)
    static final int DETECTED = 1;  // the operation threw ConcurrentMapAccessException of the expected kind
    static final int FAILED = 2;    // any other exception, or a wrong answer
    static final int NOTHING = 3;   // the operation returned false or null: it found nothing to act on

    /* ---- Iteration result codes (besides the entry counts the iterating tests report) ---- */

    static final int ITERATION_TORN = 5;     // the iteration produced a slot half-written by the racing write
    static final int ITERATION_MISSED = 6;   // the iteration skipped a key present throughout (see walkEachOnce)
    static final int ITERATION_DETECTED = 7; // the iteration threw ConcurrentMapAccessException ITERATION_DURING_WRITE
    static final int ITERATION_BROKE = 8;    // the iteration threw another exception (an index error, a null array)
    static final int ITERATION_FAILED = 9;   // the iteration saw a wrong entry, or threw another detector kind

    /* ---- Map state codes, computed by the arbiter ---- */

    static final int SOUND = 0;     // every write that returned normally is visible; size agrees with contents
    static final int LOST = 1;      // a write that returned normally is not visible: an update was lost
    static final int MISCOUNTED = 2; // size() disagrees with the entries that get() and iteration find
    static final int UNUSABLE = 3;  // single-threaded put/get/remove of a fresh key failed afterwards

    /* ---- Where one key is afterwards (see presence) ---- */

    static final int ABSENT = 0;    // neither get nor an iteration finds it
    static final int PRESENT = 1;   // get finds it with its value
    static final int STRANDED = 2;  // an iteration produces it, get misses it: its slot is not where its hash points

    /** A key no test puts, used to check that the map still works. */
    private static final Integer FRESH = 1_000_003;

    private Probes() {}

    /* ---- Actors ---- */

    /**
     * Runs an operation that answers whether it acted: {@link #RETURNED} for true, {@link #NOTHING} for false,
     * {@link #DETECTED} when it threw ConcurrentMapAccessException of any kind, {@link #FAILED} otherwise.
     */
    static int answer(BooleanSupplier op) {
        try {
            return op.getAsBoolean() ? RETURNED : NOTHING;
        } catch (ConcurrentMapAccessException e) {
            return DETECTED;
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    /**
     * Runs a write that returns the key's previous value: {@link #RETURNED} when it returned {@code expected},
     * {@link #NOTHING} for null, {@link #DETECTED} when it threw CONCURRENT_WRITES, {@link #FAILED} otherwise.
     */
    static int previous(Supplier<Integer> write, int expected) {
        try {
            Integer old = write.get();
            return old == null ? NOTHING : old == expected ? RETURNED : FAILED;
        } catch (ConcurrentMapAccessException e) {
            return e.kind() == ConcurrentMapAccessException.Kind.CONCURRENT_WRITES ? DETECTED : FAILED;
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    /** Runs one write and reports whether it returned, was detected as {@code expected}, or failed otherwise. */
    static int attempt(ConcurrentMapAccessException.Kind expected, Runnable write) {
        try {
            write.run();
            return RETURNED;
        } catch (ConcurrentMapAccessException e) {
            return e.kind() == expected ? DETECTED : FAILED;
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    /**
     * Walks the entries of {@code map}, whose keys lie in 0..{@code maxKey}, each mapped to {@link #valueOf}: the
     * number of entries seen when it is {@code fewest} or {@code fewest + 1}; {@link #ITERATION_TORN} when an entry
     * had a null key or value (a slot read half-written by the racing write); {@link #ITERATION_FAILED} for a wrong
     * entry or count. Detection and other exceptions are for the caller to map (see {@link #iteration}).
     */
    static int walkEntries(GoMap<Integer, Integer> map, int maxKey, int fewest) {
        int seen = 0;
        boolean torn = false;
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
            Integer k = e.getKey();
            Integer v = e.getValue();
            if (k == null || v == null) {
                torn = true;
            } else if (k >= 0 && k <= maxKey && v.equals(valueOf(k))) {
                seen++;
            } else {
                seen = 100;
            }
        }
        return torn ? ITERATION_TORN : seen == fewest || seen == fewest + 1 ? seen : ITERATION_FAILED;
    }

    /**
     * Walks {@code map} with {@code forEach}: each of the keys {@code 0..fewest-1} must come out once and key
     * {@code fewest} at most once, each with {@link #valueOf} (so {@code fewest} is at most 63). Returns the number of
     * entries seen ({@code fewest} or {@code fewest + 1}); {@link #ITERATION_FAILED} for a key out of range or produced
     * twice, or a wrong value; else {@link #ITERATION_TORN} when an entry had a null key or value (a slot read while a
     * racing write moved or filled it); else {@link #ITERATION_MISSED} when one of the first {@code fewest} keys did
     * not come out (a racing move hid it). Detection and other exceptions are for the caller to map (see
     * {@link #iteration}).
     */
    static int walkEachOnce(GoMap<Integer, Integer> map, int fewest) {
        long[] seen = {0};
        boolean[] torn = {false};
        boolean[] wrong = {false};
        map.forEach((k, v) -> {
            if (k == null) {
                torn[0] = true;
            } else if (k < 0 || k > fewest || (seen[0] & 1L << k) != 0 || (v != null && !v.equals(valueOf(k)))) {
                wrong[0] = true;
            } else {
                seen[0] |= 1L << k;
                torn[0] |= v == null;
            }
        });
        long all = (1L << fewest) - 1;
        return wrong[0] ? ITERATION_FAILED : torn[0] ? ITERATION_TORN
                : (seen[0] & all) != all ? ITERATION_MISSED : Long.bitCount(seen[0]);
    }

    /**
     * Runs an iteration that returns its own result code, and reports {@link #ITERATION_DETECTED} when it threw
     * ITERATION_DURING_WRITE instead, {@link #ITERATION_FAILED} when it threw anything else.
     */
    static int iteration(IntSupplier walk) {
        try {
            return walk.getAsInt();
        } catch (ConcurrentMapAccessException e) {
            return e.kind() == ConcurrentMapAccessException.Kind.ITERATION_DURING_WRITE
                    ? ITERATION_DETECTED : ITERATION_FAILED;
        } catch (RuntimeException e) {
            return ITERATION_BROKE;
        }
    }

    /** The value every test stores under {@code key}. */
    static Integer valueOf(int key) {
        return key * 10;
    }

    /** Puts {@code key -> key * 10}; any other previous value than null is a wrong answer. */
    static void putFresh(GoMap<Integer, Integer> map, int key) {
        if (map.put(key, valueOf(key)) != null) {
            throw new IllegalStateException("put of a fresh key returned a previous value");
        }
    }

    /** Removes {@code key}, which must have held {@code key * 10}. */
    static void removePresent(GoMap<Integer, Integer> map, int key) {
        if (!valueOf(key).equals(map.remove(key))) {
            throw new IllegalStateException("remove of a present key returned the wrong value");
        }
    }

    /** Entries that two buckets hold at load factor 6.5: one more new key starts a doubling. */
    static final int TWO_BUCKETS_FULL = 13;

    /**
     * A BEST_EFFORT map of the keys {@code [0, TWO_BUCKETS_FULL)} in two buckets, not growing, so that its next new
     * key starts (and, evacuating both old buckets, finishes) a doubling; checked, built by one thread.
     */
    static GoMap<Integer, Integer> fullTwoBuckets() {
        GoMap<Integer, Integer> map = prefilled(new GoMap<>(TWO_BUCKETS_FULL, DetectorMode.BEST_EFFORT),
                TWO_BUCKETS_FULL);
        if (map.stats().log2Buckets() != 1 || map.stats().growing()) {
            throw new IllegalStateException("expected two buckets, not growing: " + map.stats());
        }
        return map;
    }

    /** A map with {@code key -> key * 10} for every key in {@code [0, n)} plus {@code extra}, built by one thread. */
    static GoMap<Integer, Integer> prefilled(GoMap<Integer, Integer> map, int n, int... extra) {
        for (int k = 0; k < n; k++) {
            map.put(k, valueOf(k));
        }
        for (int k : extra) {
            map.put(k, valueOf(k));
        }
        return map;
    }

    /* ---- Arbiter ---- */

    /**
     * {@link #settle} after two actors that each put a fresh key (1 and 2) with statuses {@code r1} and {@code r2}: a
     * put that returned must be visible, a put that threw may or may not be.
     */
    static int settleTwoPuts(GoMap<Integer, Integer> map, int r1, int r2) {
        return settle(map, keysWhere(true, r1, 1, r2, 2), new int[0], keysWhere(false, r1, 1, r2, 2));
    }

    /**
     * The state of {@code map} after the actors: {@code mustHave} keys must hold their value, {@code mustLack} keys
     * must be absent, {@code mayHave} keys may be either. {@link #UNUSABLE} wins over every other code.
     */
    static int settle(GoMap<Integer, Integer> map, int[] mustHave, int[] mustLack, int[] mayHave) {
        int contents;
        try {
            contents = contents(map, mustHave, mustLack, mayHave);
        } catch (RuntimeException e) {
            return UNUSABLE;
        }
        return stillUsable(map) ? contents : UNUSABLE;
    }

    private static int contents(GoMap<Integer, Integer> map, int[] mustHave, int[] mustLack, int[] mayHave) {
        int found = 0;
        boolean lost = false;
        for (int k : mustHave) {
            if (valueOf(k).equals(map.get(k))) {
                found++;
            } else {
                lost = true;
            }
        }
        for (int k : mustLack) {
            if (map.containsKey(k)) {
                lost = true;
                found++;
            }
        }
        for (int k : mayHave) {
            if (map.containsKey(k)) {
                found++;
            }
        }
        int iterated = 0;
        for (Map.Entry<Integer, Integer> ignored : map.entrySet()) {
            iterated++;
        }
        if (lost) {
            return LOST;
        }
        return map.size() == found && iterated == found ? SOUND : MISCOUNTED;
    }

    /** Whether put, get and remove of a fresh key work single-threaded and leave the size as it was. */
    private static boolean stillUsable(GoMap<Integer, Integer> map) {
        try {
            int size = map.size();
            return map.put(FRESH, 7) == null
                    && Integer.valueOf(7).equals(map.get(FRESH))
                    && map.size() == size + 1
                    && Integer.valueOf(7).equals(map.remove(FRESH))
                    && !map.containsKey(FRESH)
                    && map.size() == size;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Where {@code key} is in {@code map}, single-threaded: {@link #PRESENT}, {@link #STRANDED} or {@link #ABSENT}.
     * Call before {@link #settle}, whose check of a fresh key may redraw the hash seed.
     */
    static int presence(GoMap<Integer, Integer> map, int key) {
        try {
            if (valueOf(key).equals(map.get(key))) {
                return PRESENT;
            }
            return iterates(map, key) ? STRANDED : ABSENT;
        } catch (RuntimeException e) {
            return ABSENT; // settle reports the map unusable
        }
    }

    /** Whether an iteration of {@code map} produces any of {@code keys}; false when it throws (settle reports that). */
    static boolean anyIterated(GoMap<Integer, Integer> map, int... keys) {
        try {
            for (int k : keys) {
                if (iterates(map, k)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether an iteration of {@code map} produces {@code key}, single-threaded. */
    static boolean iterates(GoMap<Integer, Integer> map, int key) {
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
            if (Integer.valueOf(key).equals(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Key {@code key}'s value afterwards, single-threaded: 0 when absent, the value when it is one of {@code allowed}
     * (so none of them may be 0 or 3), and 3 for any other value, a size that disagrees with contents, or a map left
     * unusable.
     */
    static int valueAfter(GoMap<Integer, Integer> map, int key, int... allowed) {
        try {
            Integer v = map.get(key);
            int iterated = 0;
            for (Map.Entry<Integer, Integer> ignored : map.entrySet()) {
                iterated++;
            }
            if (map.size() != iterated || !stillUsable(map)) {
                return 3;
            }
            if (v == null) {
                return map.containsKey(key) || iterates(map, key) ? 3 : 0;
            }
            for (int a : allowed) {
                if (v == a) {
                    return a;
                }
            }
            return 3;
        } catch (RuntimeException e) {
            return 3;
        }
    }

    /** The keys among {@code keyA} and {@code keyB} whose actor returned normally ({@code returned}) or not. */
    static int[] keysWhere(boolean returned, int statusA, int keyA, int statusB, int keyB) {
        boolean a = (statusA == RETURNED) == returned;
        boolean b = (statusB == RETURNED) == returned;
        if (a && b) {
            return new int[] {keyA, keyB};
        }
        return a ? new int[] {keyA} : b ? new int[] {keyB} : new int[0];
    }
}
