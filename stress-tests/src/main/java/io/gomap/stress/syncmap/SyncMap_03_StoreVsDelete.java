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
 * One thread stores 2 under two keys while another deletes them: each key ends either deleted or holding 2, never with
 * its old value 1 (a lost write), and {@code size()} agrees with what load and range find.
 *
 * <p>The two keys sit in SyncMap's two levels: key {@code READ} is in the read snapshot and key {@code RECENT} in the
 * recent level (Go's dirty map, where Go takes the lock for both); store and delete of either are lock-free
 * compare-and-sets on its value slot, found by one probe for {@code READ} and by a second, acquiring probe for
 * {@code RECENT}.
 *
 * <p>Result: r1 and r2 are the values keys {@code READ} and {@code RECENT} hold afterwards (0 absent); r3 is 1 when
 * {@code size()} agrees with the contents, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 0, 1  34,999,658   55.55%  Acceptable  both deletes came last
 *   0, 2, 1   1,476,964    2.34%  Acceptable  delete last on the snapshot key, store last on the recent key
 *   2, 0, 1   1,220,274    1.94%  Acceptable  store last on the snapshot key, delete last on the recent key
 *   2, 2, 1  25,312,972   40.17%  Acceptable  both stores came last
 * </pre>
 */
@JCStressTest
@Description("SyncMap.store vs delete of one key (read snapshot and recent level): final state either, never torn")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both deletes came last")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "both stores came last")
@Outcome(id = "0, 2, 1", expect = ACCEPTABLE, desc = "delete last on the snapshot key, store last on the recent key")
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "store last on the snapshot key, delete last on the recent key")
@Outcome(expect = FORBIDDEN, desc = "old value survived, or size disagrees with contents")
@State
public class SyncMap_03_StoreVsDelete {

    private static final int READ = 1;  // key in the read snapshot
    private static final int RECENT = 2; // key in the recent level

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_03_StoreVsDelete() {
        map.store(READ, 1);
        Shapes.promote(map);
        map.store(RECENT, 1);
    }

    @Actor
    public void store() {
        map.store(READ, 2);
        map.store(RECENT, 2);
    }

    @Actor
    public void delete() {
        map.delete(READ);
        map.delete(RECENT);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r1 = Shapes.valueOrZero(map, READ);
        r.r2 = Shapes.valueOrZero(map, RECENT);
        r.r3 = Shapes.agrees(map, READ, RECENT) ? 1 : 0;
    }
}
