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
 * {@code clear} races a thread that stores key 1 (in the read snapshot: a lock-free store into a slot that clear
 * forwards to an empty table) and then key 3 (new: stored under the lock). Afterwards the map holds exactly the
 * stores that followed the clear: nothing, key 3 only, or keys 1 and 3; key 2, present before and never stored
 * again, is always gone; and {@code size()} agrees. {@code SyncMap_22} is the same race on a recent-level key.
 *
 * <p>Set-up: key 1 is in the read snapshot and key 2 in the recent level, so clear forwards the slots of both levels.
 *
 * <p>Result: r1 is a bit set of the keys present afterwards with their new values (1 for key 1 = 11, 2 for key 2, 4
 * for key 3 = 30; 8 when a key holds any other value); r2 is 1 when {@code size()} agrees with the contents.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *   RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     0, 1  13,331,834   23.99%  Acceptable  clear after both stores: empty
 *     4, 1     255,539    0.46%  Acceptable  clear between the stores: only key 3
 *     5, 1  41,982,863   75.55%  Acceptable  clear before both stores: keys 1 and 3
 * </pre>
 */
@JCStressTest
@Description("SyncMap.clear vs store: afterwards exactly the stores that followed the clear, size agrees")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "clear after both stores: empty")
@Outcome(id = "4, 1", expect = ACCEPTABLE, desc = "clear between the stores: only key 3")
@Outcome(id = "5, 1", expect = ACCEPTABLE, desc = "clear before both stores: keys 1 and 3")
@Outcome(expect = FORBIDDEN, desc = "a cleared key survived, a store lost, or size disagrees")
@State
public class SyncMap_11_ClearVsStore {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_11_ClearVsStore() {
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
        map.store(1, 11);
        map.store(3, 30);
    }

    @Arbiter
    public void settle(II_Result r) {
        r.r1 = Shapes.bit(map, 1, 11, 1) | Shapes.bit(map, 2, 20, 2) | Shapes.bit(map, 3, 30, 4);
        r.r2 = Shapes.agrees(map, 1, 2, 3) ? 1 : 0;
    }
}
