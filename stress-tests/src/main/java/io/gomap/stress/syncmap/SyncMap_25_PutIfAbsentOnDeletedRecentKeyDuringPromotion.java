package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code putIfAbsent} of a key deleted in the recent level (its slot empty, the key kept) races a range that promotes:
 * either the putIfAbsent fills the empty slot by CAS first (Go's tryLoadOrStore on a nil entry), and the promotion
 * copies the key, or the promotion drops the key first (a CAS from empty to forwarded), and the putIfAbsent, following
 * the marker and finding no slot in the new snapshot, inserts the key under the lock into a new recent level. Either
 * way the key was absent, so putIfAbsent returns null, and it ends present with the new value, once.
 * {@code SyncMap_21} is the same race for {@code store}.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted (it sits in the snapshot); keys 2 and 3 are stored
 * (in the recent level), and key 2 is deleted. The first actor's range therefore promotes before it walks.
 *
 * <p>Result: r1 is what putIfAbsent(2, 22) returned (0 for null; 20 would be the deleted value, 22 its own); r2 is
 * the putting thread's load of key 2 right after (22); r3 is the value the range saw for key 2 (0 not visited, or 22);
 * r4 is 1 when the range saw keys 1 and 3 once each with their values and, afterwards and after a further promotion,
 * keys 1, 2, 3 hold 10, 22, 30 and {@code size()} agrees, 0 otherwise.
 *
 * <p>FORBIDDEN, and the bug each would show: r1 other than 0 (putIfAbsent taking the empty or forwarded slot for a
 * present key, e.g. the forwarding marker mistaken for a value); r2 other than 22 or r4 = 0 with key 2 missing (the
 * value CASed into a slot the promotion had already dropped, i.e. a drop by plain write instead of a CAS from empty,
 * so the value lands in a dead table); r3 = 20 (the deleted value resurrected by the promotion); r4 = 0 otherwise (the
 * key kept twice, a key walked twice, or size disagreeing).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 05:29 UTC; FORBIDDEN 0 times;
 * summed over the configurations of the HTML report, as the console lists only interesting tests):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t SyncMap_25}
 * <pre>
 *         RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *    0, 22, 0, 1   15,164,786   23.56%   Acceptable  promotion dropped the key first; putIfAbsent re-added it
 *   0, 22, 22, 1   49,208,482   76.44%   Acceptable  putIfAbsent first; the range saw the key
 * </pre>
 */
@JCStressTest
@Description("SyncMap: putIfAbsent of a deleted recent-level key while a range promotes drops or copies it")
@Outcome(id = "0, 22, 0, 1", expect = ACCEPTABLE, desc = "promotion dropped the key first; putIfAbsent re-added it")
@Outcome(id = "0, 22, 22, 1", expect = ACCEPTABLE, desc = "putIfAbsent first; the range saw the key")
@Outcome(expect = FORBIDDEN, desc = "not absent, value lost, deleted value seen, walked twice, or size disagrees")
@State
public class SyncMap_25_PutIfAbsentOnDeletedRecentKeyDuringPromotion {

    private final Shapes.DeletedRecentKey race = new Shapes.DeletedRecentKey();

    @Actor
    public void promotingRange(IIII_Result r) {
        r.r3 = race.promotingRange();
    }

    @Actor
    public void putIfAbsent(IIII_Result r) {
        Integer previous = race.map.putIfAbsent(Shapes.DeletedRecentKey.KEY, Shapes.DeletedRecentKey.REVIVED);
        r.r1 = previous == null ? 0 : previous;
        r.r2 = Shapes.valueOrZero(race.map, Shapes.DeletedRecentKey.KEY);
    }

    @Arbiter
    public void settle(IIII_Result r) {
        r.r4 = race.settle();
    }
}
