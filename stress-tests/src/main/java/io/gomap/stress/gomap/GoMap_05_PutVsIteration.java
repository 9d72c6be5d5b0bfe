package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import io.gomap.core.GoMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One thread inserts a key while another iterates a BEST_EFFORT map holding three keys.
 *
 * <p>Result: r1 is the put's status code (0 returned); r2 is how many entries the iteration saw (3 or 4) when each
 * was a key put with its value, 5 when an entry was not (a null key or value: the new slot read half-written, its
 * tophash byte seen before its key or value, which plain stores to two arrays allow), 7 when it threw
 * ITERATION_DURING_WRITE, 8 when it threw another exception, 9 for anything else; r3 is the map's state code from the
 * arbiter.
 *
 * <p>The iteration checks the flag once per bucket, so here (three keys, one bucket) when it starts and when it
 * ends.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'GoMap_0[12567]'}
 * <pre>
 *  RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   .*, 3           0    0.00%    Forbidden  map unusable after the race
 * 0, 3, 0  22,353,308   23.55%   Acceptable  iteration saw the three old keys
 * 0, 4, 0  72,037,429   75.91%   Acceptable  iteration saw the new key too
 * 0, 5, 0           0    0.00%  Interesting  undetected: a half-filled slot came out
 * 0, 7, 0     509,176    0.54%  Interesting  detected: ITERATION_DURING_WRITE
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: an iteration races with a put of a new key")
@Outcome(id = "0, 3, 0", expect = ACCEPTABLE, desc = "iteration saw the three old keys")
@Outcome(id = "0, 4, 0", expect = ACCEPTABLE, desc = "iteration saw the new key too")
@Outcome(id = "0, 7, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: ITERATION_DURING_WRITE")
@Outcome(id = "0, 5, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected: a half-filled slot came out")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "put failed, iteration saw a wrong entry or count, or the put was lost")
@State
public class GoMap_05_PutVsIteration {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(), 3);

    @Actor
    public void put(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, 3));
    }

    @Actor
    public void iterate(III_Result r) {
        r.r2 = Probes.iteration(() -> Probes.walkEntries(map, 3, 3));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.settle(map, new int[] {0, 1, 2, 3}, new int[0], new int[0]);
    }
}
