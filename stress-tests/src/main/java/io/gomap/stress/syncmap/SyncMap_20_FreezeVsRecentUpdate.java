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
 * A new key finds the recent level full and promotes it (the freeze: the recent level's reserved element links to the
 * new snapshot, still being built, then every slot is copied and forwarded) while another thread updates and deletes
 * keys of that recent level lock-free and loads one of them. Each write lands in the old slot before it is forwarded
 * (and is copied) or follows the marker into the new snapshot; a load that meets the table under construction waits
 * for the lock. Nothing is lost, nothing deleted comes back, and the load always finds its key.
 *
 * <p>Set-up, through the public API: keys 1..12 are stored into a fresh map (k to 10k), which fills its first recent
 * level; the first actor's store of the new key 13 therefore promotes before it inserts. The second actor stores 11
 * to key 1, merges 1 into key 3 (30 + 1), deletes key 2 and loads key 4, all lock-free.
 *
 * <p>Result: r1 is what the promoting thread then loads for key 13 (130); r2 is what the second actor's load of
 * key 4 returned (40; 0 would be a present key taken for absent); r3 is 1 when merge returned 31 and afterwards, and
 * again after a promotion by range, key 1 holds 11, key 2 is absent, key 3 holds 31, keys 4..13 ten times the key, and
 * {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *       RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   130, 40, 1  29,077,553  100.00%  Acceptable  every write kept across the freeze, load found its key
 * </pre>
 */
@JCStressTest
@Description("SyncMap: lock-free updates and deletes of recent keys while a new key freezes and promotes them")
@Outcome(id = "130, 40, 1", expect = ACCEPTABLE, desc = "every write kept across the freeze, load found its key")
@Outcome(expect = FORBIDDEN, desc = "a write lost, a deleted key back, a key missed, or size disagrees")
@State
public class SyncMap_20_FreezeVsRecentUpdate {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final int promotingKey; // the new key that finds the recent level full
    private int merged;             // what merge returned

    public SyncMap_20_FreezeVsRecentUpdate() {
        promotingKey = Shapes.fillRecentLevel(map, 0, 1);
    }

    @Actor
    public void promotingStore(III_Result r) {
        map.store(promotingKey, promotingKey * 10);
        r.r1 = Shapes.valueOrZero(map, promotingKey);
    }

    @Actor
    public void updateRecentKeys(III_Result r) {
        map.store(1, 11);
        merged = map.merge(3, 1, Integer::sum);
        map.delete(2);
        r.r2 = Shapes.valueOrZero(map, 4);
    }

    @Arbiter
    public void settle(III_Result r) {
        int[] universe = Shapes.keys(1, promotingKey);
        boolean sound = merged == 31 && allHeld() && Shapes.agrees(map, universe);
        Shapes.promote(map);
        r.r3 = sound && allHeld() && Shapes.agrees(map, universe) ? 1 : 0;
    }

    private boolean allHeld() {
        return Shapes.valueOrZero(map, 1) == 11 && Shapes.valueOrZero(map, 2) == 0 && Shapes.valueOrZero(map, 3) == 31
                && Shapes.holdTenfold(map, 4, promotingKey);
    }
}
