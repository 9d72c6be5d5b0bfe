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
 * Two threads remove distinct keys of one bucket from a BEST_EFFORT map.
 *
 * <p>Result: r1 and r2 are the two removes' status codes (0 returned the right value, 1 detected, 2 failed); r3 is
 * the map's state code from the arbiter (1 here means a remove that returned normally left its key in the map).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'GoMap_0[12567]'}
 * <pre>
 *     RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *      .*, 3           0    0.00%    Forbidden  map unusable after the race
 *    0, 0, 0  83,344,976   97.71%   Acceptable  both removes returned, map empty
 *    0, 0, 2   1,027,869    1.21%  Interesting  undetected, a remove undone or miscounted
 *    0, 1, 0     439,306    0.52%  Interesting  detected: a remove threw, map sound
 *    0, 1, 1           0    0.00%  Interesting  detected: a remove threw, a remove undone
 *    0, 1, 2      10,385    0.01%  Interesting  detected: a remove threw, size disagrees
 *    1, 0, 0     461,194    0.54%  Interesting  detected: a remove threw, map sound
 *    1, 0, 1           0    0.00%  Interesting  detected: a remove threw, a remove undone
 *    1, 0, 2      12,520    0.01%  Interesting  detected: a remove threw, size disagrees
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: two threads remove distinct keys of one bucket")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both removes returned, map empty")
@Outcome(id = "0, 0, [12]", expect = ACCEPTABLE_INTERESTING, desc = "undetected, a remove undone or miscounted")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE_INTERESTING, desc = "detected: a remove threw, map sound")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a remove threw, a remove undone")
@Outcome(id = {"1, 0, 2", "0, 1, 2"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a remove threw, size disagrees")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "both threw, other exception or wrong answer")
@State
public class GoMap_06_RemoveVsRemove {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(), 0, 1, 2);

    @Actor
    public void removeOne(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.removePresent(map, 1));
    }

    @Actor
    public void removeTwo(III_Result r) {
        r.r2 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.removePresent(map, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.settle(map, new int[0], Probes.keysWhere(true, r.r1, 1, r.r2, 2),
                Probes.keysWhere(false, r.r1, 1, r.r2, 2));
    }
}
