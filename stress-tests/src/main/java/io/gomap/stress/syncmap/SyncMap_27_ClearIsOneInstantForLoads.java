package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code clear} takes effect at one instant for lookups, as Go's Clear, which swaps in an empty read map in one step:
 * one thread clears a map whose keys all sit in the read snapshot, while another loads key {@link #FIRST}, the key
 * clear's sweep of the old slots reaches first, and then key {@link #LAST}, the one it reaches last. The loads may
 * both run before the clear (both present), both after it (both gone), or around it (the first present, the second
 * gone); once the first load has seen its key cleared, the second must not find its key still there. No other
 * thread writes. {@code SyncMap_28} is the same race on keys in the recent level.
 *
 * <p>The gap this test watches: clear forwards every old slot to MOVED, one by one in slot order, and publishes the
 * new empty table. Before d04854f it swept first and published after, so a load of a key already swept saw MOVED
 * (absent) while a load of a key not yet swept still found its value in the old snapshot: clear half done, seen by
 * two ordered loads of one thread. Since d04854f the empty table is published before the sweep, so a load that sees a
 * swept slot follows it to the new table, and every later load reads the new table. SyncMapConcurrencyTest's
 * aLoadAfterALoadThatSawClearSeesEveryKeyCleared is the same check with a reader that waits for the first key to go.
 *
 * <p>Set-up, through the public API: keys {@link #FIRST} and {@link #LAST} are stored and promoted, so they sit in a
 * snapshot of 8 pairs and there is no recent level; {@link #FIRST} hashes to pair 0 and {@link #LAST} to pair 7, so
 * the sweep, which walks the pairs in index order, reaches them first and last.
 *
 * <p>Result: r1 and r2 are what the loads of {@link #FIRST} and then {@link #LAST} found (1 its value, ten times the
 * key; 0 absent; 2 anything else); r3 is 1 when the map is empty afterwards (no key found by load or range, size 0).
 *
 * <p>FORBIDDEN, and the bug each would show: r1 = 0 with r2 = 1 (clear half done, above); r1 or r2 = 2 (the forwarding
 * marker taken for a value); r3 = 0 (a key left after the clear, or the count off by what clear forwarded).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 11:11-11:13 UTC; FORBIDDEN 0
 * times; summed over the configurations of the HTML report, as the console lists only interesting tests):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_2[78]'}
 * <pre>
 *    RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   0, 0, 1   35,460,554   30.61%   Acceptable  both gone: the clear ran before the loads
 *   0, 1, 1            0    0.00%    Forbidden  clear half done
 *   1, 0, 1      807,768    0.70%   Acceptable  first present, second gone: the clear ran between the loads
 *   1, 1, 1   79,582,366   68.69%   Acceptable  both present: the loads ran before the clear
 * </pre>
 * The same run on the code before d04854f (clearLocked publishing the empty table after its sweep; this test copied
 * into it) exits 1: {@code 0, 1, 1} (clear half done) 5,285 times in 139.0M samples, in 27 of the 28 configurations.
 */
@JCStressTest
@Description("SyncMap.clear vs two loads of snapshot keys: a load after one that saw a key cleared sees all gone")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both present: the loads ran before the clear")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both gone: the clear ran before the loads")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "first present, second gone: the clear ran between the loads")
@Outcome(id = "0, 1, 1", expect = FORBIDDEN, desc = "clear half done")
@Outcome(expect = FORBIDDEN, desc = "a wrong value, or a key left after the clear")
@State
public class SyncMap_27_ClearIsOneInstantForLoads {

    /** Hashes to pair 0 of the snapshot: clear's sweep forwards its slot first. */
    static final int FIRST = 14;

    /** Hashes to pair 7, the last, of the snapshot: clear's sweep forwards its slot last. */
    static final int LAST = 1;

    private final Shapes.ClearVsTwoLoads race = new Shapes.ClearVsTwoLoads(FIRST, LAST);

    public SyncMap_27_ClearIsOneInstantForLoads() {
        race.storeBoth();
        Shapes.promote(race.map);
    }

    @Actor
    public void clear() {
        race.map.clear();
    }

    @Actor
    public void loadFirstThenLast(III_Result r) {
        race.loadFirstThenLast(r);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = race.settle();
    }
}
