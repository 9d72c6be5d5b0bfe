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
 * A lock-free store to a key of the snapshot while another thread's new key promotes: the promotion copies the key's
 * value into the new table and forwards the old slot by a CAS from exactly that value, so a store that lands in the
 * old slot first is copied again, and one that meets the forwarded slot retries in the new table. No update is lost.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted (it sits in the snapshot); keys 2..13 are stored,
 * which fills the recent level (12 keys after a promotion of one key). The first actor's store of the new key 14
 * therefore finds the recent level full and promotes (copying the snapshot first, key 1 among it) before it inserts.
 * The second actor stores 11 to key 1 without the lock and loads it back.
 *
 * <p>Result: r1 is what the storing thread then loads for key 1 (11 expected); r2 is key 1's value after both actors
 * (11); r3 is 1 when, afterwards and after a further promotion, keys 2..14 hold ten times the key and
 * {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   11, 11, 1  28,062,228  100.00%  Acceptable  store kept across the promotion
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a lock-free store racing the promotion of its key by a new key is never lost")
@Outcome(id = "11, 11, 1", expect = ACCEPTABLE, desc = "store kept across the promotion")
@Outcome(expect = FORBIDDEN, desc = "store lost, old value seen after the store, or size disagrees")
@State
public class SyncMap_13_StoreVsPromotion {

    private static final int KEY = 1; // in the snapshot; stored to during the race

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final int promotingKey;   // the new key that finds the recent level full

    public SyncMap_13_StoreVsPromotion() {
        map.store(KEY, 10);
        Shapes.promote(map);
        promotingKey = Shapes.fillRecentLevel(map, 1, KEY + 1);
    }

    @Actor
    public void promotingStore() {
        map.store(promotingKey, promotingKey * 10);
    }

    @Actor
    public void storeAndLoad(III_Result r) {
        map.store(KEY, 11);
        r.r1 = Shapes.valueOrZero(map, KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r2 = Shapes.valueOrZero(map, KEY);
        int[] universe = Shapes.keys(KEY, promotingKey);
        boolean sound = Shapes.holdTenfold(map, KEY + 1, promotingKey) && Shapes.agrees(map, universe);
        Shapes.promote(map);
        r.r3 = sound && Shapes.valueOrZero(map, KEY) == 11 && Shapes.holdTenfold(map, KEY + 1, promotingKey)
                && Shapes.agrees(map, universe) ? 1 : 0;
    }
}
