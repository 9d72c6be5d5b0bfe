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
 * A key deleted in the recent level (its slot empty, the key kept) is stored again while a range promotes: either
 * the store fills the empty slot first, and the promotion copies the key, or the promotion drops the key first (a CAS
 * from empty to forwarded), and the store, following the marker and finding no slot in the new snapshot, adds the key
 * under the lock to a new recent level. The key is never lost and never kept twice; the range sees it with the new
 * value or not at all, never with the deleted one.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted (it sits in the snapshot); keys 2 and 3 are stored
 * (in the recent level), and key 2 is deleted. The first actor's range therefore promotes before it walks.
 *
 * <p>Result: r1 is the storing thread's load of key 2 after its store (22); r2 is the value the range saw for key 2
 * (0 not visited, or 22; 20 would be the deleted value); r3 is 1 when the range saw keys 1 and 3 once each and,
 * afterwards and after a further promotion, keys 1, 2, 3 hold 10, 22, 30 and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    22, 0, 1  10,647,585   23.42%  Acceptable  promotion dropped the key first; store re-added it
 *   22, 22, 1  34,821,066   76.58%  Acceptable  store first; the range saw the revived key
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a deleted recent-level key stored again while a range promotes drops or copies it")
@Outcome(id = "22, 0, 1", expect = ACCEPTABLE, desc = "promotion dropped the key first; store re-added it")
@Outcome(id = "22, 22, 1", expect = ACCEPTABLE, desc = "store first; the range saw the revived key")
@Outcome(expect = FORBIDDEN, desc = "deleted value seen, store lost, a key walked twice, or size disagrees")
@State
public class SyncMap_21_DeletedRecentKeyRevivedDuringPromotion {

    private final Shapes.DeletedRecentKey race = new Shapes.DeletedRecentKey();

    @Actor
    public void promotingRange(III_Result r) {
        r.r2 = race.promotingRange();
    }

    @Actor
    public void revive(III_Result r) {
        race.map.store(Shapes.DeletedRecentKey.KEY, Shapes.DeletedRecentKey.REVIVED);
        r.r1 = Shapes.valueOrZero(race.map, Shapes.DeletedRecentKey.KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = race.settle();
    }
}
