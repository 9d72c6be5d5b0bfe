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
 * A new key stored while another thread's load is the miss that promotes dirty to the read snapshot: the new key is
 * never lost, whichever of the two takes the lock first.
 *
 * <p>Set-up, through the public API: keys 1..4 are stored into a fresh map, so they all sit in dirty and the snapshot
 * is empty; then three loads of an absent key each miss, which leaves misses one short of dirty's size. The load of
 * key 1 in the first actor is therefore the fourth miss, which promotes dirty; the second actor's store of key 5 either
 * goes into dirty before the promotion (then the load's miss no longer reaches dirty's size), or finds the snapshot
 * just replaced and dirty gone, and must create dirty anew (marking the new snapshot amended) before adding its key.
 *
 * <p>Result: r1 is what the load of key 1 returned (10 expected); r2 is what the storing thread then loads for key 5
 * (50 expected); r3 is 1 when, afterwards and again after a further promotion, keys 1..5 all hold their values and
 * {@code size()} agrees, 0 otherwise.
 */
@JCStressTest
@Description("SyncMap: a new key stored while a load's miss promotes dirty is never lost")
@Outcome(id = "10, 50, 1", expect = ACCEPTABLE, desc = "load saw its key, store kept its key, all five keys present")
@Outcome(expect = FORBIDDEN, desc = "a key lost or a wrong value across the promotion")
@State
public class SyncMap_06_StoreDuringPromotion {

    private static final int KEYS = 4;           // keys stored before the race; all in dirty
    private static final int ABSENT = 99;        // a key never stored: each load of it is a miss
    private static final int NEW_KEY = KEYS + 1; // the key stored during the race

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_06_StoreDuringPromotion() {
        for (int k = 1; k <= KEYS; k++) {
            map.store(k, k * 10);
        }
        for (int i = 0; i < KEYS - 1; i++) {
            map.load(ABSENT);
        }
    }

    @Actor
    public void promotingLoad(III_Result r) {
        r.r1 = Shapes.valueOrZero(map, 1);
    }

    @Actor
    public void storeNewKey(III_Result r) {
        map.store(NEW_KEY, NEW_KEY * 10);
        r.r2 = Shapes.valueOrZero(map, NEW_KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean sound = allPresent() && Shapes.agrees(map, 1, 2, 3, 4, NEW_KEY, ABSENT);
        Shapes.promote(map);
        r.r3 = sound && allPresent() ? 1 : 0;
    }

    private boolean allPresent() {
        for (int k = 1; k <= NEW_KEY; k++) {
            if (Shapes.valueOrZero(map, k) != k * 10) {
                return false;
            }
        }
        return true;
    }
}
