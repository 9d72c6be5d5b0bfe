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
 * Two threads put distinct keys into one STRICT map: a put that returns normally is never lost.
 *
 * <p>Result: r1 and r2 are the two puts' {@link Probes} status codes (0 returned, 1 detected, 2 failed); r3 is the
 * map's state code from the arbiter (0 sound, 1 a put that returned is missing or one that threw left its key, 2 size
 * disagrees with contents, 3 unusable afterwards).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'GoMap_0[12567]'}
 * <pre>
 *     RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *      .*, 3            0    0.00%    Forbidden  map unusable after the race
 *    0, 0, 0  113,406,140   98.62%   Acceptable  both puts returned, both keys present
 * 0, 0, [12]            0    0.00%    Forbidden  both writes returned normally but one is lost
 *    0, 1, 0      754,497    0.66%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 *    1, 0, 0      831,632    0.72%  Interesting  detected: a put threw CONCURRENT_WRITES, map usable after...
 * </pre>
 */
@JCStressTest
@Description("STRICT: two threads put distinct keys; every put that returned normally is in the map")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both puts returned, both keys present")
@Outcome(id = "0, 0, [12]", expect = FORBIDDEN, desc = "both writes returned normally but one is lost")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a put threw CONCURRENT_WRITES, map usable afterwards")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "both threw, other exception or wrong answer")
@State
public class GoMap_02_ConcurrentPutsStrict {

    /** One bucket, so both keys land in the same bucket and race for its slots. */
    private final GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.STRICT);

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
        // A STRICT put that threw lost the flag's compare-and-set before it changed anything: its key must be absent.
        r.r3 = Probes.settle(map, Probes.keysWhere(true, r.r1, 1, r.r2, 2), Probes.keysWhere(false, r.r1, 1, r.r2, 2),
                new int[0]);
    }
}
