package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * STRICT: {@code values().removeIf(v -> v == 10)} (an iteration, then Iterator.remove of the key it produced) races
 * {@code put(1, 11)}. The map holds key 1 with value 10.
 *
 * <p>Result: r1 is removeIf's code (0 returned true, 3 returned false, 1 threw ConcurrentMapAccessException of any
 * kind, 2 anything else); r2 is the put's (0 returned 10, 3 returned null, 1 detected, 2 anything else); r3 is key
 * 1's value afterwards (0 absent, 10 or 11; 3 anything else, or the map unusable).
 *
 * <p>Interesting {@code 0, 0, 0}: the put replaced 10 and returned normally, removeIf removed a value 10, and key 1
 * is gone: the put's 11 removed by a filter it does not pass, unreported. An iterator's remove removes the key it
 * produced, whatever its value has become, as HashMap's does; the iteration's check and Iterator.remove's bracket do
 * not overlap the put's, so STRICT, which reports overlapping writes, sees nothing (GoMap's class documentation says
 * so). The same path serves values().remove, retainAll, removeAll and the entrySet's and keySet's removeIf.
 *
 * <p>{@code 1, 3, 11} is allowed: removeIf's Iterator.remove took key 1 out, then its next hasNext() found the put's
 * flag and threw ITERATION_DURING_WRITE, after its change, as a fail-fast HashMap iterator throws after the removals
 * before it; the put inserted key 1 after the remove.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:27 UTC; FORBIDDEN 0
 * times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_17}
 * <pre>
 *   RESULT      SAMPLES    FREQ       EXPECT  DESCRIPTION
 *  0, 0, 0      498,578   0.13%  Interesting  put returned, then removed as a 10: lost
 *  0, 1, 0    2,320,940   0.60%  Interesting  detected: the put threw, key removed
 * 0, 3, 11  170,512,636  43.96%   Acceptable  removeIf, then put: the new value
 * 1, 0, 11    1,799,268   0.46%  Interesting  detected: removeIf threw, new value
 * 1, 3, 11       20,820   0.01%  Interesting  removeIf removed, then threw; put inserted
 * 3, 0, 11  212,732,254  54.84%   Acceptable  put, then removeIf sees 11: the new value
 * </pre>
 */
@JCStressTest
@Description("STRICT: values().removeIf(10) races put(1, 11); the put may be lost unreported")
@Outcome(id = "0, 3, 11", expect = ACCEPTABLE, desc = "removeIf, then put: the new value")
@Outcome(id = "3, 0, 11", expect = ACCEPTABLE, desc = "put, then removeIf sees 11: the new value")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: the put threw, key removed")
@Outcome(id = "1, 0, 11", expect = ACCEPTABLE_INTERESTING, desc = "detected: removeIf threw, new value")
@Outcome(id = "1, 3, 11", expect = ACCEPTABLE_INTERESTING, desc = "removeIf removed, then threw; put inserted")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "put returned, then removed as a 10: lost")
@Outcome(expect = FORBIDDEN, desc = "another outcome: a write lost, both threw, or another exception")
@State
public class GoMap_17_ValuesRemoveIfVsPutStrict {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 0, 1);

    @Actor
    public void removeIf(III_Result r) {
        r.r1 = Probes.answer(() -> map.values().removeIf(v -> v == 10));
    }

    @Actor
    public void put(III_Result r) {
        r.r2 = Probes.previous(() -> map.put(1, 11), 10);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.valueAfter(map, 1, 10, 11);
    }
}
