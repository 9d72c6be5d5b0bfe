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
 * Two threads {@code swap} one key that holds 0: each gets a distinct previous value, and they chain: one gets 0 (it
 * went first), the other gets the first one's value, and the key keeps the second one's value. Two swaps that both
 * return 0 would be a lost update. The key is in the read snapshot, so both swaps race lock-free on its cell.
 *
 * <p>Result: r1 and r2 are the previous values the two actors got (swapping in 1 and 2); r3 is the value the key
 * holds afterwards, or -1 when {@code size()} disagrees with the contents.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 1, 2  57,584,865   53.19%  Acceptable  first actor swapped first, second got its value
 *   2, 0, 1  50,672,863   46.81%  Acceptable  second actor swapped first, first got its value
 * </pre>
 */
@JCStressTest
@Description("SyncMap.swap vs swap of one key: distinct previous values that chain, final value the later one")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "first actor swapped first, second got its value")
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "second actor swapped first, first got its value")
@Outcome(expect = FORBIDDEN, desc = "both saw 0 (lost update), or a chain that does not match the final value")
@State
public class SyncMap_05_SwapChain {

    private static final int KEY = 1; // the one key both actors race on

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_05_SwapChain() {
        map.store(KEY, 0);
        Shapes.promote(map);
    }

    @Actor
    public void swapInOne(III_Result r) {
        r.r1 = orMinusOne(map.swap(KEY, 1));
    }

    @Actor
    public void swapInTwo(III_Result r) {
        r.r2 = orMinusOne(map.swap(KEY, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Shapes.agrees(map, KEY) ? Shapes.valueOrZero(map, KEY) : -1;
    }

    private static int orMinusOne(Integer previous) {
        return previous == null ? -1 : previous;
    }
}
