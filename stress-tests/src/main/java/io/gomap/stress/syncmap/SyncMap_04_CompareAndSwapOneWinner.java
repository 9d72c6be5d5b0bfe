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
 * Two threads call {@code compareAndSwap} on one key from the same old value 0: exactly one succeeds, and the key
 * holds the winner's new value. The key is in the read snapshot, so both attempts race lock-free on its cell.
 *
 * <p>Result: r1 and r2 are 1 when that actor's compareAndSwap returned true, 0 otherwise; r3 is the value the key
 * holds afterwards, or -1 when {@code size()} disagrees with the contents.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 1, 2  49,304,418   47.37%  Acceptable  second actor won, its value stays
 *   1, 0, 1  54,776,632   52.63%  Acceptable  first actor won, its value stays
 * </pre>
 */
@JCStressTest
@Description("SyncMap.compareAndSwap from the same old value in two threads: exactly one wins")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "first actor won, its value stays")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "second actor won, its value stays")
@Outcome(expect = FORBIDDEN, desc = "two winners, no winner, or the loser's value")
@State
public class SyncMap_04_CompareAndSwapOneWinner {

    private static final int KEY = 1; // the one key both actors race on

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_04_CompareAndSwapOneWinner() {
        map.store(KEY, 0);
        Shapes.promote(map);
    }

    @Actor
    public void swapToOne(III_Result r) {
        r.r1 = map.compareAndSwap(KEY, 0, 1) ? 1 : 0;
    }

    @Actor
    public void swapToTwo(III_Result r) {
        r.r2 = map.compareAndSwap(KEY, 0, 2) ? 1 : 0;
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Shapes.agrees(map, KEY) ? Shapes.valueOrZero(map, KEY) : -1;
    }
}
