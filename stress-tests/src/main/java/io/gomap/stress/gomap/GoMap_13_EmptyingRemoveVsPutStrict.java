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
 * GoMap_12's other reseeding write: a remove that empties the map (it redraws the seed, as a clear does) races a put
 * of a fresh key, in STRICT mode. The map holds only key 0; one thread removes it, the other puts key 1. STRICT
 * catches every pair of writes that overlap, so the map always ends as one order of the two, or one threw before it
 * changed anything.
 *
 * <p>Result: r1 and r2 are the remove's and the put's {@link Probes} status codes (0 returned, 1 detected, 2 failed);
 * r3 is the map's state code from the arbiter (0 sound, 1 a returned write lost or a detected one applied, 2 size
 * disagrees with contents, 3 unusable afterwards); r4 is where the put's key 1 is afterwards (0 absent, 1 found by
 * get, 2 produced by an iteration but missed by get).
 *
 * <p>The gap this test watches: a put hashes its key before it takes the flag. A whole remove of the last key that
 * runs in that gap redraws the seed, and a put that inserted under the hash it took first would strand key 1 where no
 * lookup looks (both returned, size 1, get misses it). Since a68ec34 a write hashes again, with the flag held, when
 * the seed changed since it hashed; GoMapReentryTest.putAfterAnEmptyingRemoveIsFound is the single-threaded form.
 *
 * <p>FORBIDDEN, and the bug each would show: key 1 stranded (r4 = 2: the gap above; r3 is then 1, get missing a put
 * that returned) or the size wrong (r3 = 2); key 0 back or a returned put missing (r3 = 1); both threw, or a throwing
 * write that changed the map (STRICT throws before it writes); any other exception; and the map unusable.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 06:16 UTC; FORBIDDEN 0
 * times): {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_13}
 * <pre>
 *     RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   .*, 2, .            0    0.00%    Forbidden  key 1 where get does not look, or size wrong
 *   .*, 3, .            0    0.00%    Forbidden  map unusable after the race
 * ., ., ., 2            0    0.00%    Forbidden  key 1 where get does not look, or size wrong
 * 0, 0, 0, 1  176,977,134   99.19%   Acceptable  either order: only the new key
 * 0, 1, 0, 0      656,794    0.37%  Interesting  detected: the put threw, map empty
 * 1, 0, 0, 1      792,460    0.44%  Interesting  detected: the remove threw, both keys
 * </pre>
 * The same run on the code before a68ec34 (this test and Probes copied into it) exits 1: {@code 0, 0, 1, 2} (both
 * returned, key 1 only found by iteration) 426,016 times in 205.7M samples, in all 28 configurations.
 */
@JCStressTest
@Description("STRICT: a remove of the last key races a put of a fresh key; one order of the two, or one threw")
@Outcome(id = "0, 0, 0, 1", expect = ACCEPTABLE, desc = "either order: only the new key")
@Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: the put threw, map empty")
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "detected: the remove threw, both keys")
@Outcome(id = {".*, 2, .", "., ., ., 2"}, expect = FORBIDDEN, desc = "key 1 where get does not look, or size wrong")
@Outcome(id = ".*, 3, .", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "key 0 back, a write lost, both threw, or another exception")
@State
public class GoMap_13_EmptyingRemoveVsPutStrict {

    private static final int OLD = 0;
    private static final int NEW = 1;

    /** One bucket holding key 0 only: its remove empties the map. */
    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(0, DetectorMode.STRICT), 1);

    @Actor
    public void remove(IIII_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.removePresent(map, OLD));
    }

    @Actor
    public void put(IIII_Result r) {
        r.r2 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.putFresh(map, NEW));
    }

    @Arbiter
    public void settle(IIII_Result r) {
        r.r4 = Probes.presence(map, NEW);
        boolean removed = r.r1 == Probes.RETURNED;
        boolean put = r.r2 == Probes.RETURNED;
        // A STRICT write that threw lost the flag's compare-and-set before it changed anything.
        r.r3 = Probes.settle(map, Probes.keysWhere(true, r.r1 == Probes.DETECTED ? 0 : 1, OLD, r.r2, NEW),
                Probes.keysWhere(true, removed ? 0 : 1, OLD, put ? 1 : 0, NEW), new int[0]);
    }
}
