package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A deleted key of the snapshot is stored again while a promotion decides whether to drop it (SyncMap's counterpart
 * of reviving Go's expunged entry): either the store fills the old slot first, and the promotion copies the key, or
 * the promotion drops the key first, and the store, finding no slot in the new table, adds it under the lock. The
 * key is never lost and never kept twice; a concurrent load sees nothing or the new value, never the deleted one.
 *
 * <p>Set-up, through the public API: keys 1 and 2 are stored and promoted; key 1 is deleted (its slot empties);
 * key 3 is stored (a new key, in dirty). A promotion would copy three keys, and two misses come first, so the first
 * actor's load of the absent key 99 promotes.
 *
 * <p>Result: r1 is the storing thread's load of key 1 after its store (11); r2 is the promoting thread's load of
 * key 1 after its promotion (0 or 11; 10 would be the deleted value); r3 is 1 when afterwards, and after a further
 * promotion, keys 1, 2 and 3 hold 11, 20 and 30 and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (-m quick -c 2 -sc false -iters 2 -time 200, 2 cores shared, JDK 17; also passed -m sanity):
 * <pre>
 *      RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    11, 0, 1  1,600,423   31.99%  Acceptable  load before the store; key present afterwards
 *   11, 11, 1  3,402,409   68.01%  Acceptable  load after the store; key present afterwards
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a deleted snapshot key stored again while a promotion drops or copies it")
@Outcome(id = "11, 0, 1", expect = ACCEPTABLE, desc = "load before the store; key present afterwards")
@Outcome(id = "11, 11, 1", expect = ACCEPTABLE, desc = "load after the store; key present afterwards")
@Outcome(expect = FORBIDDEN, desc = "deleted value seen, store lost, or size disagrees")
@State
public class SyncMap_15_DeletedKeyRevivedDuringPromotion {

    private static final int KEY = 1;     // deleted in the snapshot, stored again during the race
    private static final int KEPT = 2;    // in the snapshot throughout
    private static final int NEW = 3;     // only in dirty: makes the map amended
    private static final int ABSENT = 99; // never stored: its loads are misses

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_15_DeletedKeyRevivedDuringPromotion() {
        map.store(KEY, 10);
        map.store(KEPT, 20);
        Shapes.promote(map);
        map.delete(KEY);
        map.store(NEW, 30);
        map.load(ABSENT);
        map.load(ABSENT); // two misses: one short of the three keys a promotion copies
    }

    @Actor
    public void promotingLoadThenLoad(III_Result r) {
        map.load(ABSENT);
        r.r2 = Shapes.valueOrZero(map, KEY);
    }

    @Actor
    public void revive(III_Result r) {
        map.store(KEY, 11);
        r.r1 = Shapes.valueOrZero(map, KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean sound = allHeld() && Shapes.agrees(map, KEY, KEPT, NEW, ABSENT);
        Shapes.promote(map);
        r.r3 = sound && allHeld() && Shapes.agrees(map, KEY, KEPT, NEW, ABSENT) ? 1 : 0;
    }

    private boolean allHeld() {
        return Shapes.valueOrZero(map, KEY) == 11 && Shapes.valueOrZero(map, KEPT) == 20
                && Shapes.valueOrZero(map, NEW) == 30;
    }
}
