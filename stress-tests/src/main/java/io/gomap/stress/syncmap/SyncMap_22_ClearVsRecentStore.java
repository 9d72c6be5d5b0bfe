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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code clear} races a thread that stores key 2 (in the recent level: a lock-free store into a slot that clear
 * forwards to the empty table replacing both levels) and then key 3 (new: stored under the lock). Afterwards the map
 * holds exactly the stores that followed the clear: nothing, key 3 only, or keys 2 and 3; key 1, in the snapshot and
 * never stored again, is always gone; and {@code size()} agrees. {@code SyncMap_11} is the same race on a snapshot key.
 *
 * <p>Set-up: key 1 is stored and promoted (it sits in the snapshot); key 2 is stored (in the recent level).
 *
 * <p>Result: r1 is a bit set of the keys present afterwards with their values (1 for key 1 = 10, 2 for key 2 = 21,
 * 4 for key 3 = 30; 8 when a key holds any other value, such as key 2's old 20); r2 is 1 when {@code size()} agrees
 * with the contents.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *   RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     0, 1  13,908,308   25.25%  Acceptable  clear after both stores: empty
 *     4, 1     312,409    0.57%  Acceptable  clear between the stores: only key 3
 *     6, 1  40,866,247   74.18%  Acceptable  clear before both stores: keys 2 and 3
 * </pre>
 */
@JCStressTest
@Description("SyncMap.clear vs store to a recent-level key: exactly the stores that followed the clear survive")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "clear after both stores: empty")
@Outcome(id = "4, 1", expect = ACCEPTABLE, desc = "clear between the stores: only key 3")
@Outcome(id = "6, 1", expect = ACCEPTABLE, desc = "clear before both stores: keys 2 and 3")
@Outcome(expect = FORBIDDEN, desc = "a cleared key survived, a store lost, or size disagrees")
@State
public class SyncMap_22_ClearVsRecentStore {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_22_ClearVsRecentStore() {
        map.store(1, 10);
        Shapes.promote(map);
        map.store(2, 20);
    }

    @Actor
    public void clear() {
        map.clear();
    }

    @Actor
    public void store() {
        map.store(2, 21);
        map.store(3, 30);
    }

    @Arbiter
    public void settle(II_Result r) {
        r.r1 = Shapes.bit(map, 1, 10, 1) | Shapes.bit(map, 2, 21, 2) | Shapes.bit(map, 3, 30, 4);
        r.r2 = Shapes.agrees(map, 1, 2, 3) ? 1 : 0;
    }
}
