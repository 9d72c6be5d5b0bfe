package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A new key stored while another thread's range promotes the recent level: the new key is never lost, whichever of
 * the two takes the lock first.
 *
 * <p>Set-up, through the public API: keys 1..4 are stored into a fresh map, so they all sit in the recent level and
 * the snapshot is empty. The first actor's range therefore promotes before it walks. The second actor's store of key 5
 * either goes into the recent level before the promotion (and is copied with keys 1..4), or finds the recent level
 * frozen or the snapshot just replaced, and inserts its key into a new recent level of the new snapshot.
 *
 * <p>Result: r1 is the value the range saw for key 5 (0 not visited, or 50); r2 is what the storing thread then loads
 * for key 5 (50 expected); r3 is 1 when the range saw keys 1..4 once each with their values and, afterwards and again
 * after a further promotion, keys 1..5 all hold their values and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    0, 50, 1  27,640,033   53.00%  Acceptable  promotion first: key 5 added after it, not walked
 *   50, 50, 1  24,509,431   47.00%  Acceptable  store first: key 5 promoted and walked
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a new key stored while a range promotes the recent level is never lost")
@Outcome(id = "0, 50, 1", expect = ACCEPTABLE, desc = "promotion first: key 5 added after it, not walked")
@Outcome(id = "50, 50, 1", expect = ACCEPTABLE, desc = "store first: key 5 promoted and walked")
@Outcome(expect = FORBIDDEN, desc = "a key lost, walked twice, or a wrong value across the promotion")
@State
public class SyncMap_06_StoreDuringPromotion {

    private static final int KEYS = 4;           // keys stored before the race; all in the recent level
    private static final int NEW_KEY = KEYS + 1; // the key stored during the race

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private int walked;                          // keys 1..4 the range visited with their values, as a bit set
    private boolean twice;                       // a key visited more than once, or with a wrong value

    public SyncMap_06_StoreDuringPromotion() {
        for (int k = 1; k <= KEYS; k++) {
            map.store(k, k * 10);
        }
    }

    @Actor
    public void promotingRange(III_Result r) {
        map.range((k, v) -> {
            twice |= (walked & (1 << k)) != 0 || v != k * 10;
            walked |= 1 << k;
            if (k == NEW_KEY) {
                r.r1 = v;
            }
            return true;
        });
    }

    @Actor
    public void storeNewKey(III_Result r) {
        map.store(NEW_KEY, NEW_KEY * 10);
        r.r2 = Shapes.valueOrZero(map, NEW_KEY);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean walkedOld = (walked & 0b11110) == 0b11110 && !twice;
        boolean sound = Shapes.holdTenfold(map, 1, NEW_KEY) && Shapes.agrees(map, Shapes.keys(1, NEW_KEY));
        Shapes.promote(map);
        r.r3 = walkedOld && sound && Shapes.holdTenfold(map, 1, NEW_KEY) ? 1 : 0;
    }
}
