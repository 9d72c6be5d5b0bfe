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
 */
@JCStressTest
@Description("BEST_EFFORT: two threads remove distinct keys of one bucket")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both removes returned, map empty")
@Outcome(id = "0, 0, [12]", expect = ACCEPTABLE_INTERESTING, desc = "undetected, a remove undone or miscounted")
@Outcome(id = {"1, [01], [012]", "0, 1, [012]"}, expect = ACCEPTABLE_INTERESTING,
        desc = "detected: a remove threw CONCURRENT_WRITES, map usable afterwards")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "other exception or wrong answer")
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
