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
 * <p>Observed with {@code java -jar stress-tests/target/jcstress.jar -m sanity -t GoMap_01} on 2 cores, JDK 17:
 * <pre>
 *          RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
 *           .*, 3        0    0.00%    Forbidden  map unusable after the race
 *         0, 0, 0       95   84.82%   Acceptable  both puts returned, both keys present
 *      0, 0, [12]        0    0.00%  Interesting  undetected, an update lost
 *         0, 1, 0        2    1.79%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 *         0, 1, 1        1    0.89%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 *         0, 1, 2        3    2.68%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 *         1, 0, 0        9    8.04%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 *         1, 0, 1        2    1.79%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 * </pre>
 * Sanity mode takes few samples; run {@code -m default} for real frequencies.
 */
@JCStressTest
@Description("BEST_EFFORT: two threads put distinct keys; detection is best effort, the map stays usable")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both puts returned, both keys present")
@Outcome(id = "0, 0, [12]", expect = ACCEPTABLE_INTERESTING, desc = "undetected, an update lost")
@Outcome(id = {"1, [01], [012]", "0, 1, [012]"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a put threw CONCURRENT_WRITES, map usable afterwards")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "other exception or wrong answer")
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
