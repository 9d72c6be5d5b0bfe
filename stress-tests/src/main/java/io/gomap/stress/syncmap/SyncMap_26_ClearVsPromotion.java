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
 * {@code clear} races a thread whose new key finds the recent level full and promotes it, and which then ranges over
 * the map (promoting the new key's recent level, then walking the new snapshot lock-free). Clear and the promotions
 * take the lock, so clear lands before the new key (which then finds an empty map and promotes nothing), between the
 * new key and the range, during the range's walk (the walked snapshot forwarded to the empty table under it), or after
 * the walk. Afterwards the map holds exactly the keys stored after the clear: key 15 or nothing, never a key from
 * before it; the range sees each key at most once with its value, and every key present throughout its walk; and
 * {@code size()} agrees.
 *
 * <p>Set-up, through the public API: keys 1 and 2 are stored and promoted; keys 3..14 are stored, which fills the
 * recent level (12 keys after a promotion of two keys), so the store of key 15 promotes before it inserts.
 *
 * <p>Result: r1 is what the map holds afterwards (0 nothing, 1 key 15 with 150 only, 2 anything else: a key from
 * before the clear, or a wrong value); r2 is what the range saw (0 nothing, 1 key 15 only, 2 some of keys 1..15
 * but not all, 3 all of keys 1..15, 9 a key twice, a wrong value or a key never stored); r3 is 1 when {@code size()}
 * agrees with the contents, before and after a further promotion.
 *
 * <p>FORBIDDEN, and the bug each would show: r1 = 2 (a cleared key back: a promotion copying tables captured before
 * the clear, or a clear that forwards only one level); r1 = 1 with r2 other than 1 (key 15 survived although the range
 * saw cleared keys, so the clear came after the store and missed the recent level holding key 15; or the range, which
 * ran after both, missed key 15 or resurrected a cleared key); r2 = 9 (a forwarded slot's marker taken for a value, or
 * a key walked twice); r3 = 0 (count off by what clear or the promotion moved).
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30 05:30 UTC; FORBIDDEN 0 times;
 * summed over the configurations of the HTML report, as the console lists only interesting tests):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t SyncMap_26}
 * <pre>
 *    RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *   0, 0, 1       35,474    0.09%   Acceptable  clear between the store and the walk: empty
 *   0, 1, 1          451   <0.01%   Acceptable  clear during the walk, after key 15 only
 *   0, 2, 1       42,560    0.10%   Acceptable  clear during the walk
 *   0, 3, 1    4,172,174   10.05%   Acceptable  clear after the walk: empty
 *   1, 1, 1   37,246,449   89.76%   Acceptable  clear first: key 15 alone, the range saw it
 * </pre>
 */
@JCStressTest
@Description("SyncMap.clear vs promotion by a new key and by a range: only keys stored after the clear survive")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "clear first: key 15 alone, the range saw it")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "clear between the store and the walk: empty")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "clear during the walk, after key 15 only")
@Outcome(id = "0, 2, 1", expect = ACCEPTABLE, desc = "clear during the walk")
@Outcome(id = "0, 3, 1", expect = ACCEPTABLE, desc = "clear after the walk: empty")
@Outcome(expect = FORBIDDEN, desc = "a cleared key survived, key 15 missed, a key walked twice, or size disagrees")
@State
public class SyncMap_26_ClearVsPromotion {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private final int promotingKey;    // the new key that finds the recent level full

    public SyncMap_26_ClearVsPromotion() {
        map.store(1, 10);
        map.store(2, 20);
        Shapes.promote(map);
        promotingKey = Shapes.fillRecentLevel(map, 2, 3);
    }

    @Actor
    public void clear() {
        map.clear();
    }

    @Actor
    public void storeThenRange(III_Result r) {
        map.store(promotingKey, promotingKey * 10);
        long[] seen = {0};
        boolean[] unsound = {false};
        map.range((k, v) -> {
            unsound[0] |= k < 1 || k > promotingKey || (seen[0] & 1L << k) != 0 || v != k * 10;
            seen[0] |= 1L << k;
            return true;
        });
        long all = (1L << (promotingKey + 1)) - 2; // keys 1..15
        long newKey = 1L << promotingKey;
        r.r2 = unsound[0] ? 9 : seen[0] == 0 ? 0 : seen[0] == newKey ? 1 : seen[0] == all ? 3 : 2;
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean old = false;
        for (int k = 1; k < promotingKey; k++) {
            old |= map.load(k) != null;
        }
        int last = Shapes.valueOrZero(map, promotingKey);
        r.r1 = old || (last != 0 && last != promotingKey * 10) ? 2 : last == 0 ? 0 : 1;
        int[] universe = Shapes.keys(1, promotingKey);
        boolean sound = Shapes.agrees(map, universe);
        Shapes.promote(map);
        r.r3 = sound && Shapes.agrees(map, universe) ? 1 : 0;
    }
}
