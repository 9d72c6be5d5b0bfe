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
 * table without promoting. Then key 3 is stored (a new key, in dirty) and one miss counted: a promotion would copy
 * three keys, so the second actor's store of key 1 (lock-free, old table) and its two loads of the absent key 99
 * promote while the first actor walks.
 *
 * <p>Result: r1 is the value the walk reported for key 1 (10 or 11; 0 if not reported); r2 is the value it reported
 * for key 2 (20); r3 is 1 when no key was reported twice, key 3 was not invented with a wrong value, and afterwards
 * keys 1, 2, 3 hold 11, 20, 30 and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (-m quick -c 2 -sc false -iters 2 -time 200, 2 cores shared, JDK 17; also passed -m sanity):
 * <pre>
 *     RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   10, 20, 1  5,579,032   93.89%  Acceptable  key 1 reported before the store
 *   11, 20, 1    363,164    6.11%  Acceptable  key 1 reported after the store
 * </pre>
 */
@JCStressTest
@Description("SyncMap: an iterator over a snapshot forwarded mid-walk reports each key once, never a stale value")
@Outcome(id = "10, 20, 1", expect = ACCEPTABLE, desc = "key 1 reported before the store")
@Outcome(id = "11, 20, 1", expect = ACCEPTABLE, desc = "key 1 reported after the store")
@Outcome(expect = FORBIDDEN, desc = "a key missed or reported twice, a wrong value, or size disagrees")
@State
public class SyncMap_16_IteratorAcrossPromotion {

    private static final int KEY = 1;     // in the snapshot; updated during the walk
    private static final int KEPT = 2;    // in the snapshot; untouched
    private static final int NEW = 3;     // only in dirty: promoted during the walk
    private static final int ABSENT = 99; // never stored: its loads are misses

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final Iterator<Map.Entry<Integer, Integer>> walk;
    private boolean unsound;              // a key reported twice, or key 3 with a wrong value

    public SyncMap_16_IteratorAcrossPromotion() {
        map.store(KEY, 10);
        map.store(KEPT, 20);
        Shapes.promote(map);
        walk = map.entrySet().iterator(); // over the promoted table; it reads values as it goes
        map.store(NEW, 30);
        map.load(ABSENT); // one miss: two short of the three keys a promotion copies
    }

    @Actor
    public void iterate(III_Result r) {
        int seen = 0;
        while (walk.hasNext()) {
            Map.Entry<Integer, Integer> e = walk.next();
            int k = e.getKey();
            unsound |= (seen & (1 << k)) != 0 || (k == NEW && e.getValue() != 30);
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
        map.load(ABSENT);
        map.load(ABSENT);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean held = Shapes.valueOrZero(map, KEY) == 11 && Shapes.valueOrZero(map, KEPT) == 20
                && Shapes.valueOrZero(map, NEW) == 30;
        r.r3 = !unsound && held && Shapes.agrees(map, KEY, KEPT, NEW, ABSENT) ? 1 : 0;
    }
}
