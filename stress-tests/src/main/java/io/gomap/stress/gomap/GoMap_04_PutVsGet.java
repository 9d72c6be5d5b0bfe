package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException;
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
 * One thread inserts a key while another reads it from a BEST_EFFORT map.
 *
 * <p>Result: r1 is the put's status code (0 returned); r2 is what the get saw (0 absent, 1 the new value, 2 threw
 * READ_DURING_WRITE, 3 anything else); r3 is the map's state code from the arbiter.
 */
@JCStressTest
@Description("BEST_EFFORT: a get of one key races with the put inserting it")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "get ran first: key absent")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "get ran after: new value")
@Outcome(id = "0, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: get threw READ_DURING_WRITE")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "put failed, get saw a wrong value, or the put was lost")
@State
public class GoMap_04_PutVsGet {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(), 0, 2, 3);

    @Actor
    public void put(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, 1));
    }

    @Actor
    public void get(III_Result r) {
        try {
            Integer v = map.get(1);
            r.r2 = v == null ? 0 : v.equals(Probes.valueOf(1)) ? 1 : 3;
        } catch (ConcurrentMapAccessException e) {
            r.r2 = e.kind() == Kind.READ_DURING_WRITE ? 2 : 3;
        } catch (RuntimeException e) {
            r.r2 = 3;
        }
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.settle(map, new int[] {1, 2, 3}, new int[0], new int[0]);
    }
}
