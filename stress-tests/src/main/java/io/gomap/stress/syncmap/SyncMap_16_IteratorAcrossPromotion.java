package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import java.util.Iterator;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * An iterator walking a snapshot that a promotion forwards mid-walk, while a store updates a key in it: each
 * forwarded key is looked up in the current table, so the walk reports every key once, with a value it held (never
 * the value from before an update it has already observed, never a key twice, never a key missing).
 *
 * <p>Set-up, through the public API: keys 1 and 2 are stored and promoted, so the iterator, created first, walks that
 * table without promoting. Then keys 3..14 are stored, which fills the recent level (12 keys after a promotion of two
 * keys). The second actor stores key 1 (lock-free, in the walked table) and then the new key 15, which finds the
 * recent level full and promotes while the first actor walks.
 *
 * <p>Result: r1 is the value the walk reported for key 1 (10 or 11; 0 if not reported); r2 is the value it reported
 * for key 2 (20); r3 is 1 when no key was reported twice, no key beyond the walked table's was reported, and
 * afterwards key 1 holds 11, keys 2..15 ten times the key, and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   10, 20, 1  25,169,637   86.57%  Acceptable  key 1 reported before the store
 *   11, 20, 1   3,906,344   13.43%  Acceptable  key 1 reported after the store
 * </pre>
 */
@JCStressTest
@Description("SyncMap: an iterator over a snapshot forwarded mid-walk reports each key once, never a stale value")
@Outcome(id = "10, 20, 1", expect = ACCEPTABLE, desc = "key 1 reported before the store")
@Outcome(id = "11, 20, 1", expect = ACCEPTABLE, desc = "key 1 reported after the store")
@Outcome(expect = FORBIDDEN, desc = "a key missed or reported twice, a wrong value, or size disagrees")
@State
public class SyncMap_16_IteratorAcrossPromotion {

    private static final int KEY = 1;  // in the snapshot; updated during the walk
    private static final int KEPT = 2; // in the snapshot; untouched

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final Iterator<Map.Entry<Integer, Integer>> walk;
    private final int promotingKey;    // the new key that finds the recent level full
    private boolean unsound;           // a key reported twice, or one the walked table lacks

    public SyncMap_16_IteratorAcrossPromotion() {
        map.store(KEY, 10);
        map.store(KEPT, 20);
        Shapes.promote(map);
        walk = map.entrySet().iterator(); // over the promoted table; it reads values as it goes
        promotingKey = Shapes.fillRecentLevel(map, 2, KEPT + 1);
    }

    @Actor
    public void iterate(III_Result r) {
        int seen = 0;
        while (walk.hasNext()) {
            Map.Entry<Integer, Integer> e = walk.next();
            int k = e.getKey();
            unsound |= (seen & (1 << k)) != 0 || k > KEPT;
            seen |= 1 << k;
            if (k == KEY) {
                r.r1 = e.getValue();
            } else if (k == KEPT) {
                r.r2 = e.getValue();
            }
        }
    }

    @Actor
    public void storeAndPromote() {
        map.store(KEY, 11);
        map.store(promotingKey, promotingKey * 10);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean held = Shapes.valueOrZero(map, KEY) == 11 && Shapes.holdTenfold(map, KEPT, promotingKey);
        r.r3 = !unsound && held && Shapes.agrees(map, Shapes.keys(KEY, promotingKey)) ? 1 : 0;
    }
}
