package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads put distinct keys into one BEST_EFFORT map: the race may be detected or go unseen, as in Go.
 *
 * <p>Result: r1 and r2 are the two puts' {@link Probes} status codes (0 returned, 1 detected, 2 failed); r3 is the
 * map's state code from the arbiter (0 sound, 1 update lost, 2 size disagrees with contents, 3 unusable afterwards).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'GoMap_0[12567]'}
 * <pre>
 *     RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *      .*, 3            0    0.00%    Forbidden  map unusable after the race
 *    0, 0, 0  105,228,628   97.74%   Acceptable  both puts returned, both keys present
 *    0, 0, 1    1,036,366    0.96%  Interesting  undetected, an update lost
 *    0, 0, 2           95   <0.01%  Interesting  undetected, size disagrees
 *    0, 1, 0      663,957    0.62%  Interesting  detected: a put threw, map sound
 *    0, 1, 1       32,492    0.03%  Interesting  detected: a put threw, the other's key lost
 *    0, 1, 2          180   <0.01%  Interesting  detected: a put threw, size disagrees
 *    1, 0, 0      672,213    0.62%  Interesting  detected: a put threw, map sound
 *    1, 0, 1       32,811    0.03%  Interesting  detected: a put threw, the other's key lost
 *    1, 0, 2          129   <0.01%  Interesting  detected: a put threw, size disagrees
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: two threads put distinct keys; detection is best effort, the map stays usable")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both puts returned, both keys present")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "undetected, an update lost")
@Outcome(id = "0, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "undetected, size disagrees")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE_INTERESTING, desc = "detected: a put threw, map sound")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a put threw, the other's key lost")
@Outcome(id = {"1, 0, 2", "0, 1, 2"}, expect = ACCEPTABLE_INTERESTING, desc = "detected: a put threw, size disagrees")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "both threw, other exception or wrong answer")
@State
public class GoMap_01_ConcurrentPuts {

    /** One bucket, so both keys land in the same bucket and race for its slots. */
    private final GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.BEST_EFFORT);

    @Actor
    public void putOne(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, 1));
    }

    @Actor
    public void putTwo(III_Result r) {
        r.r2 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.settleTwoPuts(map, r.r1, r.r2);
    }
}
