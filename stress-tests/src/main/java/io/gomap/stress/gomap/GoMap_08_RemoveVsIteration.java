package io.gomap.stress.gomap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * One thread removes a key while another iterates a BEST_EFFORT map holding three keys in one bucket.
 *
 * <p>Result: r1 is the remove's status code (0 returned the right value); r2 is how many entries the iteration saw
 * (2 or 3) when each was a key put with its value, 5 when an entry was not (a null key or value: the slot being
 * emptied, read half-way), 7 when it threw ITERATION_DURING_WRITE, 8 when it threw another exception, or 9 for
 * anything else; r3 is the map's state code
 * from the arbiter.
 *
 * <p>A delete clears the slot's key, then its value, then its tophash byte; the iteration checks the flag once per
 * bucket and reads the tophash word when it loads the bucket. So an iteration that reads the slot between those stores
 * and does not see the flag produces nulls that were never put, as Go's iteration can produce a key that
 * {@code mapdelete} has just zeroed. A cursor that checked each null against a fresh read of the slot's tophash byte
 * (and the flag) skipped such a slot once the byte showed it emptied, but C2 then stopped scalar-replacing the
 * entrySet iterator in 4 to 6 of 6 forks (1 of 6 before), so the cursor does not check.
 * Observed with {@code java -jar stress-tests/target/jcstress.jar -m quick -t GoMap_08} on 2 cores, JDK 17
 * (28 configurations summed):
 * <pre>
 *    RESULT     SAMPLES     FREQ       EXPECT  DESCRIPTION
 *     .*, 3           0    0.00%    Forbidden  map unusable after the race
 *   0, 2, 0  73,437,758   77.44%   Acceptable  iteration missed the removed key
 *   0, 3, 0  20,862,698   22.00%   Acceptable  iteration saw the removed key
 *   0, 5, 0      59,590    0.06%  Interesting  undetected: a half-emptied slot came out
 *   0, 7, 0     467,918    0.49%  Interesting  detected: ITERATION_DURING_WRITE
 * </pre>
 */
@JCStressTest
@Description("BEST_EFFORT: an iteration races with a remove")
@Outcome(id = "0, 2, 0", expect = ACCEPTABLE, desc = "iteration missed the removed key")
@Outcome(id = "0, 3, 0", expect = ACCEPTABLE, desc = "iteration saw the removed key")
@Outcome(id = "0, 7, 0", expect = ACCEPTABLE_INTERESTING, desc = "detected: ITERATION_DURING_WRITE")
@Outcome(id = "0, 5, 0", expect = ACCEPTABLE_INTERESTING, desc = "undetected: a half-emptied slot came out")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "map unusable after the race")
@Outcome(expect = FORBIDDEN, desc = "remove failed, iteration failed otherwise, or the map is wrong")
@State
public class GoMap_08_RemoveVsIteration {

    private final GoMap<Integer, Integer> map = Probes.prefilled(new GoMap<>(), 3);

    @Actor
    public void remove(III_Result r) {
        r.r1 = Probes.attempt(Kind.CONCURRENT_WRITES, () -> Probes.removePresent(map, 1));
    }

    @Actor
    public void iterate(III_Result r) {
        r.r2 = Probes.iteration(() -> Probes.walkEntries(map, 2, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Probes.settle(map, new int[] {0, 2}, r.r1 == Probes.RETURNED ? new int[] {1} : new int[0],
                r.r1 == Probes.RETURNED ? new int[0] : new int[] {1});
    }
}
