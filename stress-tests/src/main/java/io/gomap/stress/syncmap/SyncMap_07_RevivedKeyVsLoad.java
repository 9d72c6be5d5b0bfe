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
 * A key deleted from the snapshot while the map has a recent level (Go's expunged entry) is stored again while
 * another thread loads it twice: the loads see nothing or the new value, never the deleted one, never the new value
 * and then nothing; afterwards the key is present, also after the next promotion.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted into the snapshot, then deleted (its slot empties);
 * key 2, a new key, is stored into the recent level. In Go this expunges key 1's entry (dirty is rebuilt without it)
 * and its revival needs the lock; in SyncMap the recent level holds only new keys, so the store of key 1 in the first
 * actor fills its empty slot by CAS without the lock, and the loads read the slot lock-free all the while.
 *
 * <p>Result: r1 and r2 are the loader's two loads of key 1 (0 absent, 11 the new value, 10 the deleted one); r3 is 1
 * when afterwards, and again after a promotion, key 1 holds 11 and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     0, 0, 1  47,444,043   60.68%  Acceptable  both loads before the store
 *    0, 11, 1     375,141    0.48%  Acceptable  store between the loads
 *   11, 11, 1  30,362,720   38.84%  Acceptable  both loads after the store
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a deleted key revived by store while loads race; never the deleted value")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both loads before the store")
@Outcome(id = "0, 11, 1", expect = ACCEPTABLE, desc = "store between the loads")
@Outcome(id = "11, 11, 1", expect = ACCEPTABLE, desc = "both loads after the store")
@Outcome(expect = FORBIDDEN, desc = "deleted value seen, value seen then gone, or key lost afterwards")
@State
public class SyncMap_07_RevivedKeyVsLoad {

    private static final int KEY = 1;   // the key deleted and revived
    private static final int OTHER = 2; // the new key: the map has a recent level

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_07_RevivedKeyVsLoad() {
        map.store(KEY, 10);
        Shapes.promote(map);
        map.delete(KEY);
        map.store(OTHER, 20);
    }

    @Actor
    public void revive() {
        map.store(KEY, 11);
    }

    @Actor
    public void loadTwice(III_Result r) {
        r.r1 = Shapes.valueOrZero(map, KEY);
        r.r2 = Shapes.valueOrZero(map, KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean sound = Shapes.valueOrZero(map, KEY) == 11 && Shapes.agrees(map, KEY, OTHER);
        Shapes.promote(map);
        r.r3 = sound && Shapes.valueOrZero(map, KEY) == 11 && map.size() == 2 ? 1 : 0;
    }
}
