package io.gomap.stress.syncmap;

import io.gomap.concurrent.SyncMap;
import java.util.HashSet;
import java.util.Set;

/**
 * Shared set-up and checks of the SyncMap stress tests. They reach SyncMap's internal states through its public API
 * only: {@link SyncMap#range} promotes the dirty map into the read snapshot first (merging the two and dropping the
 * keys deleted meanwhile), the first new key stored after a promotion makes the map amended, and a load that misses an
 * amended map counts a miss (as many misses as a promotion would copy keys promote).
 */
final class Shapes {

    private Shapes() {}

    /* ---- Set-up, single-threaded in the state's constructor ---- */

    /** Moves every key into the read snapshot, where loads and updates of it need no lock. */
    static void promote(SyncMap<?, ?> map) {
        map.range((k, v) -> true);
    }

    /* ---- Checks, for arbiters ---- */

    /**
     * Whether {@code size()} agrees with the contents: range visits each key at most once, with the value load
     * returns for it, and the keys it visits are exactly those of {@code universe} that load finds, as many as
     * {@code size()} says. Every key a test writes must be in {@code universe}.
     */
    static boolean agrees(SyncMap<Integer, Integer> map, int... universe) {
        Set<Integer> walked = new HashSet<>();
        boolean[] sound = {true};
        map.range((k, v) -> {
            sound[0] &= walked.add(k) && v.equals(map.load(k));
            return true;
        });
        int found = 0;
        for (int k : universe) {
            if (map.load(k) != null) {
                found++;
                sound[0] &= walked.contains(k);
            }
        }
        return sound[0] && walked.size() == found && map.size() == found && map.isEmpty() == (found == 0);
    }

    /** The value {@code key} holds, or 0 when absent. */
    static int valueOrZero(SyncMap<Integer, Integer> map, int key) {
        Integer v = map.load(key);
        return v == null ? 0 : v;
    }
}
