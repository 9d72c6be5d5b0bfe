package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.ConcurrentMapAccessException.Kind;
import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.core.MapStats;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code compact()} rebuilds a BEST_EFFORT map full of tombstones while another thread gets one of its surviving keys.
 *
 * <p>Set-up: keys 0..25 are put (the map grows to four buckets, B=2) and all but 3, 11 and 19 removed, leaving
 * tombstones; compact copies the three entries into a one-bucket array, then marks every slot of the old array
 * evacuated and clears its value, then installs the new array. The get reads the array installed when it starts: the
 * old one, whose slot may be marked or its value cleared by then, or the new one.
 *
 * <p>Result: r1 is the compact's status code (0 returned); r2 is what the get of key 11 saw (0 its value, 1 absent, 2
 * threw READ_DURING_WRITE, 3 another exception, 4 another value); r3 is the map's state code from the arbiter (1 also
 * when the map is not compacted: B=0, no tombstones, no move under way).
 *
 * <p>A get that misses the key (the old slot already marked or emptied, the flag not seen) or breaks on the new array
 * (seen through a racy read before its contents) is an undetected race, as a get racing growth in GoMap_07:
 * interesting. FORBIDDEN, and the bug each would show: a wrong value (a slot read across two entries: compact moves
 * keys and values together and only ever clears values), the compact throwing (a get that takes the writing flag), a
 * surviving key lost or a removed key back after the compact, the map not compacted, or the map unusable.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 05:23 UTC; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_10}
 * <pre>
 *  RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   .*, 3           0    0.00%    Forbidden  map unusable after the race
 * 0, 0, 0  36,644,905   97.18%   Acceptable  get saw the key's value
 * 0, 1, 0      42,056    0.11%  Interesting  undetected, get missed a present key
 * 0, 2, 0   1,021,347    2.71%  Interesting  detected: get threw READ_DURING_WRITE
 * 0, 3, 0           0    0.00%  Interesting  undetected, get broke on a half-built array
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: compact of a map with tombstones races with a get of a surviving key")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "get saw the key's value")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected, get missed a present key")
@Outcome(id = "0, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: get threw READ_DURING_WRITE")
@Outcome(id = "0, 3, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected, get broke on a half-built array")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "compact failed, get saw a wrong value, or the map is wrong after compact")
@State
public class GoMap_10_CompactVsGet {

    private static final int FILLED = 26;             // four buckets at load factor 6.5
    private static final int[] KEPT = {3, 11, 19};
    private static final int READ = 11;

    private final GoMap<Integer, Integer> map = withTombstones();

    /** Fills and empties maps until one has tombstones (whether a removed key leaves one depends on the hash seed). */
    private static GoMap<Integer, Integer> withTombstones() {
        for (;;) {
            GoMap<Integer, Integer> m = Probes.prefilled(new GoMap<>(0, DetectorMode.BEST_EFFORT), FILLED);
            for (int k = 0; k < FILLED; k++) {
                if (k != 3 && k != 11 && k != 19) {
                    Probes.removePresent(m, k);
                }
            }
            MapStats s = m.stats();
            if (s.log2Buckets() != 2 || s.growing() || s.count() != KEPT.length) {
                throw new IllegalStateException("expected four buckets, not growing, three keys: " + s);
            }
            if (s.tombstones() > 0) {
                return m;
            }
        }
    }

    @Actor
    public void compact(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, map::compact);
    }

    @Actor
    public void get(III_Result r) {
        try {
            Integer v = map.get(READ);
            r.r2 = v == null ? 1 : v.equals(Probes.valueOf(READ)) ? 0 : 4;
        } catch (ConcurrentMapAccessException e) {
            r.r2 = e.kind() == Kind.READ_DURING_WRITE ? 2 : 3;
        } catch (RuntimeException e) {
            r.r2 = 3;
        }
    }

    @Arbiter
    public void settle(III_Result r) {
        int[] removed = new int[FILLED - KEPT.length];
        for (int k = 0, n = 0; k < FILLED; k++) {
            if (k != 3 && k != 11 && k != 19) {
                removed[n++] = k;
            }
        }
        boolean compacted;
        try {
            MapStats s = map.stats();
            compacted = s.log2Buckets() == 0 && s.tombstones() == 0 && !s.growing();
        } catch (RuntimeException e) {
            compacted = false;
        }
        int state = Probes.settle(map, KEPT, removed, new int[0]);
        r.r3 = compacted || state == Probes.UNUSABLE ? state : Probes.LOST;
    }
}
