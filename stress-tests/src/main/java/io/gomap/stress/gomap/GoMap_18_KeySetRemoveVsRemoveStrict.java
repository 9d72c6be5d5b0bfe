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
 * STRICT: {@code keySet().remove(1)} races {@code remove(1)}. The map holds key 1 with value 10.
 *
 * <p>Result: r1 is the keySet remove's code (0 returned true, 3 returned false, 1 threw ConcurrentMapAccessException
 * of any kind, 2 anything else); r2 is the remove's (0 returned 10, 3 returned null, 1 detected, 2 anything else);
 * r3 is key 1's value afterwards (0 absent, 10; 3 anything else, or the map unusable).
 *
 * <p>FORBIDDEN {@code 0, 0, 0}: both removes returned that they removed the one key (KeySet.remove was containsKey,
 * then remove, two brackets, and returned true whatever the remove found; it is now one write that reports what it
 * removed). No write is lost; the answer is wrong.
 *
 * <p>Before that, on 3dc82ee (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:19 UTC;
 * exits 1, FORBIDDEN in all 28 configurations): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_18}
 * <pre>
 *  RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 * 0, 0, 0      247,800    0.11%    Forbidden  both returned that they removed the key
 * 0, 1, 0    1,753,478    0.81%  Interesting  detected: one threw
 * 0, 3, 0   92,291,106   42.43%   Acceptable  one removed it, the other found none
 * 1, 0, 0    2,913,267    1.34%  Interesting  detected: one threw
 * 3, 0, 0  120,327,297   55.31%   Acceptable  one removed it, the other found none
 * </pre>
 * <p>Since the conditional writes (remove(key, value), both replace methods, the removes of the entry and key
 * views) became one write each, as in HashMap, the same run (quick preset, 28 configurations, 2 cores shared, JDK
 * 17.0.15, 2026-11-30 06:28 UTC; FORBIDDEN 0 times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t
 * GoMap_18}
 * <pre>
 *  RESULT      SAMPLES    FREQ       EXPECT  DESCRIPTION
 * 0, 0, 0            0   0.00%    Forbidden  both returned that they removed the key
 * 0, 1, 0    4,270,882   0.78%  Interesting  detected: one threw
 * 0, 3, 0  270,072,736  49.55%   Acceptable  one removed it, the other found none
 * 1, 0, 0    4,565,464   0.84%  Interesting  detected: one threw
 * 3, 0, 0  266,149,954  48.83%   Acceptable  one removed it, the other found none
 * </pre>
 */
@JCStressTest
@Description("STRICT: keySet().remove(1) races remove(1); never both removed it")
@Outcome(id = {"0, 3, 0", "3, 0, 0"}, expect = ACCEPTABLE, desc = "one removed it, the other found none")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE_INTERESTING, desc = "detected: one threw")
@Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "both returned that they removed the key")
@Outcome(expect = FORBIDDEN, desc = "another outcome: both threw, or another exception")
@State
public class GoMap_18_KeySetRemoveVsRemoveStrict {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 0, 1);

    @Actor
    public void keySetRemove(III_Result r) {
        r.r1 = Probes.answer(() -> map.keySet().remove(1));
    }

    @Actor
    public void remove(III_Result r) {
        r.r2 = Probes.previous(() -> map.remove(1), 10);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.valueAfter(map, 1, 10);
    }
}
