package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * STRICT: {@code entrySet().remove(entry(1, 10))} races {@code put(1, 11)}. The map holds key 1 with value 10.
 *
 * <p>Result: r1 is the entry remove's code (0 returned true, 3 returned false, 1 threw ConcurrentMapAccessException
 * of any kind: its lookup may see the put's flag as READ_DURING_WRITE, its remove as CONCURRENT_WRITES; 2 anything
 * else); r2 is the put's (0 returned 10, 3 returned null, 1 detected, 2 anything else); r3 is key 1's value
 * afterwards (0 absent, 10 or 11; 3 anything else, or the map unusable).
 *
 * <p>Either order is allowed: remove then put ({@code 0, 3, 11}), put then remove, which then finds 11 and removes
 * nothing ({@code 3, 0, 11}). FORBIDDEN {@code 0, 0, 0}: the put replaced 10 and returned normally, the remove
 * returned true (it matched 10), and key 1 is gone. No order of the two gives that: the remove matched the value
 * before the put and removed the key after it, so the put's 11 was removed by an entry remove of 10 and lost, and
 * STRICT saw nothing: the remove's check (EntrySet.contains, a read) and its act (GoMap.remove(key)) were two
 * brackets, and the put's bracket fell between them. EntrySet.remove is now remove(key, value), one write.
 *
 * <p>Before that, on 3dc82ee (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:10 UTC;
 * exits 1, FORBIDDEN in all 28 configurations): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_14}
 * <pre>
 *   RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *  0, 0, 0       67,052    0.03%    Forbidden  put returned, then removed by a remove of 10: lost
 *  0, 1, 0      918,416    0.37%  Interesting  detected: the put threw, key removed
 * 0, 3, 11  120,444,026   49.00%   Acceptable  remove, then put: the new value
 * 1, 0, 11    1,246,211    0.51%  Interesting  detected: the remove threw, new value
 * 3, 0, 11  123,119,643   50.09%   Acceptable  put, then remove finds 11: the new value
 * </pre>
 * <p>Since the conditional writes (remove(key, value), both replace methods, the removes of the entry and key
 * views) became one write each, as in HashMap, the same run (quick preset, 28 configurations, 2 cores shared, JDK
 * 17.0.15, 2026-11-30 06:24 UTC; FORBIDDEN 0 times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t
 * GoMap_14}
 * <pre>
 *   RESULT      SAMPLES    FREQ       EXPECT  DESCRIPTION
 *  0, 0, 0            0   0.00%    Forbidden  put returned, then removed by a remove of 10: lost
 *  0, 1, 0    1,666,370   0.33%  Interesting  detected: the put threw, key removed
 * 0, 3, 11  254,324,470  51.08%   Acceptable  remove, then put: the new value
 * 1, 0, 11    1,448,368   0.29%  Interesting  detected: the remove threw, new value
 * 3, 0, 11  240,429,784  48.29%   Acceptable  put, then remove finds 11: the new value
 * </pre>
 */
@JCStressTest
@Description("STRICT: entrySet().remove(1=10) races put(1, 11); never the put lost to a remove of the old value")
@Outcome(id = "0, 3, 11", expect = ACCEPTABLE, desc = "remove, then put: the new value")
@Outcome(id = "3, 0, 11", expect = ACCEPTABLE, desc = "put, then remove finds 11: the new value")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: the put threw, key removed")
@Outcome(id = "1, 0, 11", expect = ACCEPTABLE_INTERESTING, desc = "detected: the remove threw, new value")
@Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "put returned, then removed by a remove of 10: lost")
@Outcome(expect = FORBIDDEN, desc = "another outcome: a write lost, both threw, or another exception")
@State
public class GoMap_14_EntrySetRemoveVsPutStrict {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 0, 1);

    @Actor
    public void removeEntry(III_Result r) {
        r.r1 = Probes.answer(() -> map.entrySet().remove(Map.entry(1, 10)));
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
