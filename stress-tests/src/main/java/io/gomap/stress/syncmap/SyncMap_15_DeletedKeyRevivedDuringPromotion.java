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
 * the promotion drops the key first (CAS from empty to forwarded), and the store, finding no slot in the new table,
 * adds it under the lock. The key is never lost and never kept twice; a load sees nothing or the new value, never the
 * deleted one.
 *
 * <p>Set-up, through the public API: keys 1 and 2 are stored and promoted; key 1 is deleted (its slot empties);
 * keys 3..14 are stored, which fills the recent level (12 keys after a promotion of two keys). The first actor's store
 * of the new key 15 therefore finds the recent level full and promotes before it inserts; the second actor stores
 * key 1 lock-free meanwhile.
 *
 * <p>Result: r1 is the storing thread's load of key 1 after its store (11); r2 is the promoting thread's load of
 * key 1 after its promotion (0 or 11; 10 would be the deleted value); r3 is 1 when afterwards, and after a further
 * promotion, key 1 holds 11, keys 2..15 ten times the key, and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    11, 0, 1   7,149,740   28.91%  Acceptable  load before the store; key present afterwards
 *   11, 11, 1  17,578,468   71.09%  Acceptable  load after the store; key present afterwards
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a deleted snapshot key stored again while a new key's promotion drops or copies it")
@Outcome(id = "11, 0, 1", expect = ACCEPTABLE, desc = "load before the store; key present afterwards")
@Outcome(id = "11, 11, 1", expect = ACCEPTABLE, desc = "load after the store; key present afterwards")
@Outcome(expect = FORBIDDEN, desc = "deleted value seen, store lost, or size disagrees")
@State
public class SyncMap_15_DeletedKeyRevivedDuringPromotion {

    private static final int KEY = 1;  // deleted in the snapshot, stored again during the race
    private static final int KEPT = 2; // in the snapshot throughout

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final int promotingKey;    // the new key that finds the recent level full

    public SyncMap_15_DeletedKeyRevivedDuringPromotion() {
        map.store(KEY, 10);
        map.store(KEPT, 20);
        Shapes.promote(map);
        map.delete(KEY);
        promotingKey = Shapes.fillRecentLevel(map, 2, KEPT + 1);
    }

    @Actor
    public void promotingStoreThenLoad(III_Result r) {
        map.store(promotingKey, promotingKey * 10);
        r.r2 = Shapes.valueOrZero(map, KEY);
    }

    @Actor
    public void revive(III_Result r) {
        map.store(KEY, 11);
        r.r1 = Shapes.valueOrZero(map, KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        int[] universe = Shapes.keys(KEY, promotingKey);
        boolean sound = allHeld() && Shapes.agrees(map, universe);
        Shapes.promote(map);
        r.r3 = sound && allHeld() && Shapes.agrees(map, universe) ? 1 : 0;
    }

    private boolean allHeld() {
        return Shapes.valueOrZero(map, KEY) == 11 && Shapes.holdTenfold(map, KEPT, promotingKey);
    }
}
