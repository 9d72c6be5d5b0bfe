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
 * A lock-free store to a key of the snapshot while another thread's miss promotes: the promotion copies the key's
 * value into the new table and forwards the old slot by a CAS from exactly that value, so a store that lands in the
 * old slot first is copied again, and one that meets the forwarded slot retries in the new table. No update is lost.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted (it sits in the snapshot); key 2 is stored (a new
 * key, in dirty). A promotion would copy two keys, so the one miss of the first actor's load of the absent key 99
 * promotes. The second actor stores 11 to key 1 without the lock and loads it back.
 *
 * <p>Result: r1 is what the storing thread then loads for key 1 (11 expected); r2 is key 1's value after both actors
 * (11); r3 is 1 when, after a further promotion, keys 1 and 2 hold 11 and 20 and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (-m quick -c 2 -sc false -iters 2 -time 200, 2 cores shared, JDK 17; also passed -m sanity):
 * <pre>
 *      RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   11, 11, 1  6,554,548  100.00%  Acceptable  store kept across the promotion
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a lock-free store racing the promotion of its key is never lost")
@Outcome(id = "11, 11, 1", expect = ACCEPTABLE, desc = "store kept across the promotion")
@Outcome(expect = FORBIDDEN, desc = "store lost, old value seen after the store, or size disagrees")
@State
public class SyncMap_13_StoreVsPromotion {

    private static final int KEY = 1;     // in the snapshot; stored to during the race
    private static final int OTHER = 2;   // only in dirty: makes the map amended
    private static final int ABSENT = 99; // never stored: its load is the promoting miss

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_13_StoreVsPromotion() {
        map.store(KEY, 10);
        Shapes.promote(map);
        map.store(OTHER, 20);
        map.load(ABSENT); // one miss: one short of the two keys a promotion copies
    }

    @Actor
    public void promotingLoad() {
        map.load(ABSENT);
    }

    @Actor
    public void storeAndLoad(III_Result r) {
        map.store(KEY, 11);
        r.r1 = Shapes.valueOrZero(map, KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r2 = Shapes.valueOrZero(map, KEY);
        boolean sound = Shapes.agrees(map, KEY, OTHER, ABSENT);
        Shapes.promote(map);
        r.r3 = sound && Shapes.valueOrZero(map, KEY) == 11 && Shapes.valueOrZero(map, OTHER) == 20
                && Shapes.agrees(map, KEY, OTHER, ABSENT) ? 1 : 0;
    }
}
