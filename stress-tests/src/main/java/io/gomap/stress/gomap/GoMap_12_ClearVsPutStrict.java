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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * GoMap_09 in STRICT mode: {@code clear()} races a put of a fresh key into a map holding three keys (0, 1, 2; one
 * bucket). STRICT catches every pair of writes that overlap, so the map always ends sound: either both writes ran,
 * one after the other, or one threw before it changed anything.
 *
 * <p>Result: r1 and r2 are the clear's and the put's {@link Probes} status codes (0 returned, 1 detected, 2 failed);
 * r3 is the map's state code from the arbiter (0 sound, 1 a cleared key survived or a write lost, 2 size disagrees
 * with contents, 3 unusable afterwards); r4 is where the put's key 3 is afterwards (0 absent, 1 found by get, 2
 * produced by an iteration but missed by get).
 *
 * <p>The bug this test was written for: a put hashes its key before it takes the flag, as Go's {@code mapassign} does,
 * and a clear redraws the seed. A whole clear that ran in that gap saw no flag, and the put then inserted key 3 under
 * the old seed, where no lookup looks: both writes returned, the size said 1, get missed key 3 and iteration produced
 * it. A write now hashes again, with the flag held, when the seed changed since it hashed.
 *
 * <p>FORBIDDEN, and the bug each would show: key 3 stranded or the size wrong (r3 = 2: the gap above); a cleared key
 * found afterwards or a returned put lost (r3 = 1); both threw, or a throwing write that changed the map (STRICT
 * throws before it writes); any other exception; and the map unusable.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 05:50 UTC; FORBIDDEN 0
 * times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_12}
 * <pre>
 *     RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   .*, 2, .            0    0.00%    Forbidden  size disagrees, or key 3 where get does not look
 *   .*, 3, .            0    0.00%    Forbidden  map unusable after the race
 * 0, 0, 0, 0   85,863,346   41.04%   Acceptable  put, then clear: empty
 * 0, 0, 0, 1  120,321,004   57.51%   Acceptable  clear, then put: only the new key
 * 0, 1, 0, 0    1,797,208    0.86%  Interesting  detected: the put threw, map empty
 * 1, 0, 0, 1    1,251,378    0.60%  Interesting  detected: the clear threw, all four keys
 * </pre>
 * The same run on the code before the fix exits 1: {@code 0, 0, 2, 2} (both returned, key 3 only found by
 * iteration) 435,129 times in 390.9M samples.
 */
@JCStressTest
@Description("STRICT: clear races a put of a fresh key; the map always ends as one order of the two, or one threw")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "put, then clear: empty")
@Outcome(id = "0, 0, 0, 1", expect = ACCEPTABLE, desc = "clear, then put: only the new key")
@Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: the put threw, map empty")
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "detected: the clear threw, all four keys")
@Outcome(id = ".*, 2, .", expect = FORBIDDEN, desc = "size disagrees, or key 3 where get does not look")
@Outcome(id = ".*, 3, .", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "a cleared key survived, a write lost, both threw, or another exception")
@State
public class GoMap_12_ClearVsPutStrict {

    private static final int[] OLD = {0, 1, 2};
    private static final int NEW = 3;

    /** One bucket of eight slots: the put neither grows the map nor links an overflow bucket. */
    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 3);

    @Actor
    public void clear(IIII_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, map::clear);
    }

    @Actor
    public void put(IIII_Result r) {
        r.r2 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, NEW));
    }

    @Arbiter
    public void settle(IIII_Result r) {
        r.r4 = Probes.presence(map, NEW);
        boolean clearSkipped = r.r1 == Probes.DETECTED;
        boolean putReturned = r.r2 == Probes.RETURNED;
        int[] none = new int[0];
        int[] onlyNew = {NEW};
        int state = clearSkipped
                ? Probes.settle(map, putReturned ? new int[] {0, 1, 2, NEW} : OLD, putReturned ? none : onlyNew, none)
                : Probes.settle(map, none, putReturned ? OLD : new int[] {0, 1, 2, NEW}, putReturned ? onlyNew : none);
        r.r3 = !clearSkipped && Probes.anyIterated(map, OLD) && state != Probes.UNUSABLE ? Probes.LOST : state;
    }
}
