package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * STRICT: an iterator entry's {@code setValue(11)} (which is {@code replace(1, 11)}: it writes through while the key is
 * there, and "an entry whose key was removed changes only itself") races {@code remove(1)}. The map holds key 1 with
 * value 10; the entry was taken from an iterator before the race.
 *
 * <p>Result: r1 is setValue's code (0 returned, 1 threw ConcurrentMapAccessException of any kind: its lookup may see
 * the remove's flag as READ_DURING_WRITE, its put as CONCURRENT_WRITES; 2 anything else); r2 is the remove's (0
 * returned 10, 3 returned 11, 1 detected, 2 anything else); r3 is key 1's value afterwards (0 absent, 10 or 11; 3
 * anything else, or the map unusable).
 *
 * <p>Either order is allowed: setValue then remove ({@code 0, 3, 0}), remove then setValue, which then changes only
 * the entry ({@code 0, 0, 0}). FORBIDDEN {@code 0, 0, 11}: the remove took 10 and returned normally, and key 1 is back
 * with 11. No order gives that: setValue found the key before the remove and put it after, so the returned remove
 * is undone, and STRICT saw nothing: Map.replace's default, which GoMap used, is a get and a put, two brackets, and
 * the remove's bracket fell between them. GoMap's replace is now one write. {@code Map.replace(k, v)} and
 * {@code replaceAll} take the same path.
 *
 * <p>Before that, on 3dc82ee (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:11 UTC;
 * exits 1, FORBIDDEN in all 28 configurations): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_15}
 * <pre>
 *   RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *  0, 0, 0  73,985,228   49.73%   Acceptable  remove, then setValue changes only the entry: absent
 * 0, 0, 11      82,272    0.06%    Forbidden  remove returned 10, key back with 11: remove undone
 * 0, 1, 11     418,792    0.28%  Interesting  detected: the remove threw, new value
 *  0, 3, 0  73,417,271   49.35%   Acceptable  setValue, then remove: absent
 *  1, 0, 0     874,483    0.59%  Interesting  detected: setValue threw, key removed
 * </pre>
 * <p>Since the conditional writes (remove(key, value), both replace methods, the removes of the entry and key
 * views) became one write each, as in HashMap, the same run (quick preset, 28 configurations, 2 cores shared, JDK
 * 17.0.15, 2026-11-30 06:25 UTC; FORBIDDEN 0 times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t
 * GoMap_15}
 * <pre>
 *   RESULT      SAMPLES    FREQ       EXPECT  DESCRIPTION
 *  0, 0, 0  161,409,776  46.16%   Acceptable  remove, then setValue changes only the entry: absent
 * 0, 0, 11            0   0.00%    Forbidden  remove returned 10, key back with 11: remove undone
 * 0, 1, 11      889,010   0.25%  Interesting  detected: the remove threw, new value
 *  0, 3, 0  185,276,220  52.99%   Acceptable  setValue, then remove: absent
 *  1, 0, 0    2,066,582   0.59%  Interesting  detected: setValue threw, key removed
 * </pre>
 */
@JCStressTest
@Description("STRICT: Entry.setValue races remove of its key; never the removed key back")
@Outcome(id = "0, 3, 0", expect = ACCEPTABLE, desc = "setValue, then remove: absent")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "remove, then setValue changes only the entry: absent")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: setValue threw, key removed")
@Outcome(id = "0, 1, 11", expect = ACCEPTABLE_INTERESTING, desc = "detected: the remove threw, new value")
@Outcome(id = "0, 0, 11", expect = FORBIDDEN, desc = "remove returned 10, key back with 11: remove undone")
@Outcome(expect = FORBIDDEN, desc = "another outcome: a write lost, both threw, or another exception")
@State
public class GoMap_15_SetValueVsRemoveStrict {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 0, 1);
    private final Map.Entry<Integer, Integer> entry = map.entrySet().iterator().next();

    @Actor
    public void setValue(III_Result r) {
        try {
            entry.setValue(11);
            r.r1 = Probes.RETURNED;
        } catch (ConcurrentMapAccessException e) {
            r.r1 = Probes.DETECTED;
        } catch (RuntimeException e) {
            r.r1 = Probes.FAILED;
        }
    }

    @Actor
    public void remove(III_Result r) {
        try {
            Integer old = map.remove(1);
            r.r2 = old == null ? Probes.FAILED : old == 10 ? 0 : old == 11 ? 3 : Probes.FAILED;
        } catch (ConcurrentMapAccessException e) {
            r.r2 = e.kind() == ConcurrentMapAccessException.Kind.CONCURRENT_WRITES ? Probes.DETECTED : Probes.FAILED;
        } catch (RuntimeException e) {
            r.r2 = Probes.FAILED;
        }
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.valueAfter(map, 1, 10, 11);
    }
}
