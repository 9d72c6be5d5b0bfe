package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.ConcurrentMapAccessException.Kind;
import io.gomap.core.GoMap;
import java.util.stream.IntStream;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A put that starts growth races with a get of a key already present in a BEST_EFFORT map.
 *
 * <p>The map has two buckets (B=1) and exactly 13 entries, the most load factor 6.5 allows, so the 14th put doubles
 * the bucket array while the get reads.
 *
 * <p>Result: r1 is the put's status code (0 returned); r2 is what the get saw (0 the right value, 1 absent, 2 threw
 * READ_DURING_WRITE, 3 another exception, 4 another key's value); r3 is the map's state code from the arbiter.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'GoMap_0[12567]'}
 * <pre>
 *  RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   .*, 3           0    0.00%    Forbidden  map unusable after the race
 * 0, 0, 0  44,730,442   94.93%   Acceptable  get saw the old key's value
 * 0, 1, 0       2,083   <0.01%  Interesting  undetected, get missed a present key
 * 0, 2, 0   2,386,339    5.06%  Interesting  detected: get threw READ_DURING_WRITE
 * 0, 3, 0           0    0.00%  Interesting  undetected, get broke on a half-grown map
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: a put that grows the map races with a get of an old key")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "get saw the old key's value")
@Outcome(id = "0, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: get threw READ_DURING_WRITE")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected, get missed a present key")
@Outcome(id = "0, 3, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected, get broke on a half-grown map")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "put failed, get saw a wrong value, or a key lost after growth")
@State
public class GoMap_07_GrowingPutVsGet {

    private static final int FULL = Probes.TWO_BUCKETS_FULL;  // one more new key starts growth

    private final GoMap<Integer, Integer> map = Probes.fullTwoBuckets();

    @Actor
    public void growingPut(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, FULL));
    }

    @Actor
    public void get(III_Result r) {
        try {
            Integer v = map.get(5);
            r.r2 = v == null ? 1 : v.equals(Probes.valueOf(5)) ? 0 : 4;
        } catch (ConcurrentMapAccessException e) {
            r.r2 = e.kind() == Kind.READ_DURING_WRITE ? 2 : 3;
        } catch (RuntimeException e) {
            r.r2 = 3;
        }
    }

    @Arbiter
    public void settle(III_Result r) {
        int[] all = IntStream.rangeClosed(0, FULL).toArray();
        r.r3 = map.stats().log2Buckets() == 2 ? Probes.settle(map, all, new int[0], new int[0]) : Probes.LOST;
    }
}
