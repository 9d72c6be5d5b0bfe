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
 * Two threads put distinct keys into one map with the detector OFF: nothing is detected, updates may be lost.
 *
 * <p>Result: r1 and r2 are the two puts' {@link Probes} status codes (0 returned, 1 detected, 2 failed); r3 is the
 * map's state code from the arbiter (0 sound, 1 update lost, 2 size disagrees with contents, 3 unusable afterwards).
 */
@JCStressTest
@Description("OFF: two threads put distinct keys; lost updates and a wrong count go unseen")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both puts returned, both keys present")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "undetected, an update lost")
@Outcome(id = "0, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "undetected, count disagrees with contents")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "an exception, though the detector is off")
@State
public class GoMap_03_ConcurrentPutsOff {

    /** One bucket, so both keys land in the same bucket and race for its slots. */
    private final GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.OFF);

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
