package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException;
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
 * STRICT: two threads {@code merge(1, 1, Integer::sum)} into a map holding key 1 with value 10 (SyncMap_23's race on
 * an unsynchronized map, where STRICT promises detection instead of atomicity).
 *
 * <p>Result: r1 and r2 are what the two merges returned (11 or 12; 1 when it threw ConcurrentMapAccessException of
 * any kind: its get may see the other's flag as READ_DURING_WRITE, its put as CONCURRENT_WRITES; 2 anything else);
 * r3 is key 1's value afterwards (10, 11 or 12; 0 absent; 3 anything else, or the map unusable).
 *
 * <p>Interesting {@code 11, 11, 11}: both merges returned normally, both computed 10 + 1, and one sum is lost.
 * {@code merge} is Map's default, a lookup and then a put, as {@code m[k] = f(m[k])} is in Go, so that the function
 * may use the map; STRICT reports writes that overlap, and here the other merge's lookup and put fell between this
 * one's, or both lookups came before both puts. GoMap's class documentation says so; this test shows it happen.
 * FORBIDDEN: anything but one order of the two, a detected merge, or that lost sum (a sum counted twice, a value
 * other than 10 + 1 or 10 + 2, an exception other than the detector's).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:26 UTC; FORBIDDEN 0
 * times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_16}
 * <pre>
 *     RESULT      SAMPLES    FREQ       EXPECT  DESCRIPTION
 *  1, 11, 11    2,604,576   0.58%  Interesting  detected: a merge threw
 *  11, 1, 11    2,259,646   0.50%  Interesting  detected: a merge threw
 * 11, 11, 11      480,898   0.11%  Interesting  both returned 11: one sum lost, unreported
 * 11, 12, 12  228,168,970  50.59%   Acceptable  one merge after the other
 * 12, 11, 12  217,526,206  48.23%   Acceptable  one merge after the other
 * </pre>
 */
@JCStressTest
@Description("STRICT: two merges of one key; a lookup then a put each, so a sum may be lost unreported")
@Outcome(id = {"11, 12, 12", "12, 11, 12"}, expect = ACCEPTABLE, desc = "one merge after the other")
@Outcome(id = {"1, 11, 11", "11, 1, 11"}, expect = ACCEPTABLE_INTERESTING, desc = "detected: a merge threw")
@Outcome(id = "11, 11, 11", expect = ACCEPTABLE_INTERESTING, desc = "both returned 11: one sum lost, unreported")
@Outcome(expect = FORBIDDEN, desc = "another outcome: a write lost, both threw, or another exception")
@State
public class GoMap_16_MergeVsMergeStrict {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 0, 1);

    @Actor
    public void mergeOne(III_Result r) {
        r.r1 = merge();
    }

    @Actor
    public void mergeTwo(III_Result r) {
        r.r2 = merge();
    }

    private int merge() {
        try {
            return map.merge(1, 1, Integer::sum);
        } catch (ConcurrentMapAccessException e) {
            return Probes.DETECTED;
        } catch (RuntimeException e) {
            return Probes.FAILED;
        }
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.valueAfter(map, 1, 10, 11, 12);
    }
}
