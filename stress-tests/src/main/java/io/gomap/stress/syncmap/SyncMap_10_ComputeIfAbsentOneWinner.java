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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads {@code computeIfAbsent} one absent key, each with a function that returns its own value: exactly one
 * value is installed, both threads return it, and each function runs at most once.
 *
 * <p>The key is in neither level, so each thread either takes the lock or finds the key the other inserted: the
 * first to hold the lock runs its function and adds the key; the second finds the key, under the lock or lock-free in
 * the recent level, and returns its value without running its function. SyncMap's contract lets a function run again
 * only when it raced lock-free on a slot the key already had, which this key has not: both functions running is a
 * bug here.
 *
 * <p>Result: r1 and r2 are the values the two actors' computeIfAbsent returned (their functions return 1 and 2); r3 is
 * the value the key holds afterwards, or -1 when {@code size()} disagrees; r4 is 10 times the number of runs of the
 * first actor's function plus the number of runs of the second's.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_1[0267]'}
 * <pre>
 *        RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   1, 1, 1, 10  34,234,707   54.74%  Acceptable  first actor's function ran once and won
 *    2, 2, 2, 1  28,311,002   45.26%  Acceptable  second actor's function ran once and won
 * </pre>
 */
@JCStressTest
@Description("SyncMap.computeIfAbsent of one key from two threads: one winner, both see its value, no rerun")
@Outcome(id = "1, 1, 1, 10", expect = ACCEPTABLE, desc = "first actor's function ran once and won")
@Outcome(id = "2, 2, 2, 1", expect = ACCEPTABLE, desc = "second actor's function ran once and won")
@Outcome(expect = FORBIDDEN, desc = "two winners, a loser's value installed, or both functions ran")
@State
public class SyncMap_10_ComputeIfAbsentOneWinner {

    private static final int KEY = 1; // the one key both actors race on

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    /** Runs of the first actor's function; written only by the first actor, read by the arbiter. */
    private int runsOne;

    /** Runs of the second actor's function; written only by the second actor, read by the arbiter. */
    private int runsTwo;

    @Actor
    public void computeOne(IIII_Result r) {
        r.r1 = map.computeIfAbsent(KEY, k -> {
            runsOne++;
            return 1;
        });
    }

    @Actor
    public void computeTwo(IIII_Result r) {
        r.r2 = map.computeIfAbsent(KEY, k -> {
            runsTwo++;
            return 2;
        });
    }

    @Arbiter
    public void settle(IIII_Result r) {
        r.r3 = Shapes.agrees(map, KEY) ? Shapes.valueOrZero(map, KEY) : -1;
        r.r4 = runsOne * 10 + runsTwo;
    }
}
