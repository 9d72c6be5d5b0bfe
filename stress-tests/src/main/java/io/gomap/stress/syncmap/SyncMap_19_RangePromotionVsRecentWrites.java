package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A range promotes the recent level while another thread writes three of its keys lock-free (store, compareAndSwap,
 * delete): the promotion freezes the recent level, copies each key with its value and forwards the old slot by a CAS
 * from exactly that value, so each write lands either in the old slot before it is forwarded (and is copied) or in the
 * new snapshot after following the forwarding marker. No write is lost, the CAS always succeeds, the deleted key does
 * not come back, and the range sees each key once, with a value it held.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted (it sits in the snapshot); keys 2, 3 and 4 are
 * stored (20, 30, 40), so they sit in the recent level and the first actor's range promotes before it walks.
 *
 * <p>Result: r1 is 1 when compareAndSwap(3, 30, 31) returned true; r2 is the value the range saw for key 2 (20 or
 * 21); r3 the value it saw for key 4 (0 not visited, or 40); r4 is 1 when the range saw keys 1..3 once each (key 3
 * with 30 or 31) and no other key twice, and afterwards keys 1..4 hold 10, 21, 31 and nothing, and
 * {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *         RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    1, 20, 0, 1       3,173    0.01%  Acceptable  range read key 2 before the store, key 4 after the delete
 *   1, 20, 40, 1   6,364,725   13.08%  Acceptable  range read keys 2 and 4 before the writes
 *    1, 21, 0, 1  41,792,268   85.87%  Acceptable  range read keys 2 and 4 after the writes
 *   1, 21, 40, 1     506,280    1.04%  Acceptable  range read key 2 after the store, key 4 before the delete
 * </pre>
 */
@JCStressTest
@Description("SyncMap: lock-free store, CAS and delete of recent keys while a range promotes them")
@Outcome(id = "1, 20, 40, 1", expect = ACCEPTABLE, desc = "range read keys 2 and 4 before the writes")
@Outcome(id = "1, 21, 40, 1", expect = ACCEPTABLE, desc = "range read key 2 after the store, key 4 before the delete")
@Outcome(id = "1, 21, 0, 1", expect = ACCEPTABLE, desc = "range read keys 2 and 4 after the writes")
@Outcome(id = "1, 20, 0, 1", expect = ACCEPTABLE, desc = "range read key 2 before the store, key 4 after the delete")
@Outcome(expect = FORBIDDEN, desc = "a write lost, CAS failed, deleted key back, a key walked twice, or size wrong")
@State
public class SyncMap_19_RangePromotionVsRecentWrites {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final Map<Integer, Integer> seen = new HashMap<>();
    private boolean twice;

    public SyncMap_19_RangePromotionVsRecentWrites() {
        map.store(1, 10);
        Shapes.promote(map);
        map.store(2, 20);
        map.store(3, 30);
        map.store(4, 40);
    }

    @Actor
    public void promotingRange(IIII_Result r) {
        map.range((k, v) -> {
            twice |= seen.put(k, v) != null;
            return true;
        });
        r.r2 = seen.getOrDefault(2, 0);
        r.r3 = seen.getOrDefault(4, 0);
    }

    @Actor
    public void writeRecentKeys(IIII_Result r) {
        map.store(2, 21);
        r.r1 = map.compareAndSwap(3, 30, 31) ? 1 : 0;
        map.delete(4);
    }

    @Arbiter
    public void settle(IIII_Result r) {
        int three = seen.getOrDefault(3, 0);
        boolean walked = !twice && seen.getOrDefault(1, 0) == 10 && (three == 30 || three == 31);
        r.r4 = walked && Shapes.valueOrZero(map, 1) == 10 && Shapes.valueOrZero(map, 2) == 21
                && Shapes.valueOrZero(map, 3) == 31 && Shapes.valueOrZero(map, 4) == 0
                && Shapes.agrees(map, 1, 2, 3, 4) ? 1 : 0;
    }
}
