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
import org.openjdk.jcstress.infra.results.IIII_Result;

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
 * afterwards key 1 holds 11, keys 2..15 ten times the key, and {@code size()} agrees, 0 otherwise; r4 is 1 when the
 * walking actor, before its walk, already saw key 15, stored after key 1's update: then the walk must report 11.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_1[0267]'}
 * <pre>
 *         RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   10, 20, 1, 0  15,474,849   64.75%  Acceptable  walk began before the stores, key 1 before its store
 *   11, 20, 1, 0     137,609    0.58%  Acceptable  walk began before the stores, key 1 after its store
 *   11, 20, 1, 1   8,287,715   34.68%  Acceptable  walk began after the stores, key 1 updated
 * </pre>
 */
@JCStressTest
@Description("SyncMap: an iterator over a snapshot forwarded mid-walk reports each key once, never a stale value")
@Outcome(id = "10, 20, 1, 0", expect = ACCEPTABLE, desc = "walk began before the stores, key 1 before its store")
@Outcome(id = "11, 20, 1, 0", expect = ACCEPTABLE, desc = "walk began before the stores, key 1 after its store")
@Outcome(id = "11, 20, 1, 1", expect = ACCEPTABLE, desc = "walk began after the stores, key 1 updated")
@Outcome(expect = FORBIDDEN, desc = "a stale value, a key missed or reported twice, or size disagrees")
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
    public void iterate(IIII_Result r) {
        r.r4 = map.load(promotingKey) != null ? 1 : 0;
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
    public void settle(IIII_Result r) {
        boolean held = Shapes.valueOrZero(map, KEY) == 11 && Shapes.holdTenfold(map, KEPT, promotingKey);
        r.r3 = !unsound && held && Shapes.agrees(map, Shapes.keys(KEY, promotingKey)) ? 1 : 0;
    }
}
