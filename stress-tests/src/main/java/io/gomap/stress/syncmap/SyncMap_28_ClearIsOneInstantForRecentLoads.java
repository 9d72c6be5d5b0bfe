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
 * {@code SyncMap_27} on keys in the recent level: one thread clears the map while another loads key {@link #FIRST},
 * the recent-level key clear's sweep reaches first, and then key {@link #LAST}, the one it reaches last. Both loads
 * miss the snapshot and follow its link to the recent level, lock-free. They may both run before the clear (both
 * present), both after it (both gone), or around it (the first present, the second gone); once the first load has
 * seen its key cleared, the second must not find its key still there. No other thread writes.
 *
 * <p>The path differs from {@code SyncMap_27}'s: with a recent level, clear links the recent level (not the snapshot)
 * to the new empty table and sweeps the recent level after the snapshot, and a load that finds a swept slot there
 * follows that link. Before d04854f clear swept both levels and only then published the empty table, so a load of a
 * key already swept saw MOVED (absent) while a load of a key not yet swept still reached it through the old snapshot:
 * clear half done.
 *
 * <p>Set-up, through the public API: filler keys are stored and promoted ({@code Shapes.RARELY_SAMPLED} of them, so
 * that a lookup reaching the recent level is counted one in 64 and one count does not promote it, where in a fresh
 * map's small level one lookup in 4 would, moving both keys into the snapshot); then {@link #FIRST} and {@link #LAST}
 * are stored, into a recent level of 512 pairs, where they hash to pairs 0 and 511, so clear's sweep of the recent
 * level, after the snapshot's, reaches them first and last.
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
 *    RESULT    SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   0, 0, 1    635,285   14.32%   Acceptable  both gone: the clear ran before the loads
 *   0, 1, 1          0    0.00%    Forbidden  clear half done
 *   1, 0, 1      4,090    0.09%   Acceptable  first present, second gone: the clear ran between the loads
 *   1, 1, 1  3,795,605   85.58%   Acceptable  both present: the loads ran before the clear
 * </pre>
 * The same run on the code before d04854f (clearLocked publishing the empty table after its sweep; this test copied
 * into it) exits 1: {@code 0, 1, 1} (clear half done) 26 times in 4.65M samples, in 14 of the 28 configurations (the
 * padded set-up takes fewer samples; the gap lies between the recent level's pairs 0 and 511).
 */
@JCStressTest
@Description("SyncMap.clear vs two loads of recent-level keys: a load after one that saw a key cleared sees all gone")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both present: the loads ran before the clear")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both gone: the clear ran before the loads")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "first present, second gone: the clear ran between the loads")
@Outcome(id = "0, 1, 1", expect = FORBIDDEN, desc = "clear half done")
@Outcome(expect = FORBIDDEN, desc = "a wrong value, or a key left after the clear")
@State
public class SyncMap_28_ClearIsOneInstantForRecentLoads {

    /** Hashes to pair 0 of the recent level: clear's sweep of that level forwards its slot first. */
    static final int FIRST = 563;

    /** Hashes to pair 511 of the recent level: clear's sweep forwards its slot last. */
    static final int LAST = 443;

    private final Shapes.ClearVsTwoLoads race = new Shapes.ClearVsTwoLoads(FIRST, LAST);

    public SyncMap_28_ClearIsOneInstantForRecentLoads() {
        Shapes.pad(race.map, i -> 1000 + i, 1, Shapes.RARELY_SAMPLED);
        Shapes.promote(race.map);
        race.storeBoth();
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
