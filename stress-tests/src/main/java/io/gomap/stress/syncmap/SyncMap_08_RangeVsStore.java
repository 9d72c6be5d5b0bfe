package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code range} runs while another thread updates key 2 (20 to 21) and then adds key 4: range visits each key at most
 * once, with a value that key held; keys 1 and 3, untouched and present throughout, are always visited.
 *
 * <p>Seeing key 4 (added after the update of key 2) with key 2's old value is allowed by range's contract (a key added
 * after the walk began may be seen; each value is read when its key is reached) but not expected from this
 * implementation, which walks a snapshot taken when range starts and reads values afterwards.
 *
 * <p>Result: r1 is 1 when range visited no key twice, visited keys 1 and 3 with their values, and nothing else than
 * keys 1..4; r2 is the value range saw for key 2 (20 or 21); r3 the value it saw for key 4 (0 not visited, or 40); r4
 * is 1 when the map afterwards holds 2 = 21 and 4 = 40 and {@code size()} agrees.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *         RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    1, 20, 0, 1   7,563,619   14.92%  Acceptable  range before both writes
 *    1, 21, 0, 1     361,891    0.71%  Acceptable  range saw the update, not the new key
 *   1, 21, 40, 1  42,777,078   84.37%  Acceptable  range after both writes
 * </pre>
 */
@JCStressTest
@Description("SyncMap.range vs store: each key at most once, with a value it held; stable keys always seen")
@Outcome(id = "1, 20, 0, 1", expect = ACCEPTABLE, desc = "range before both writes")
@Outcome(id = "1, 21, 0, 1", expect = ACCEPTABLE, desc = "range saw the update, not the new key")
@Outcome(id = "1, 21, 40, 1", expect = ACCEPTABLE, desc = "range after both writes")
@Outcome(id = "1, 20, 40, 1", expect = ACCEPTABLE_INTERESTING, desc = "new key seen but old value of key 2")
@Outcome(expect = FORBIDDEN, desc = "a key twice, a stable key missed, or a value never held")
@State
public class SyncMap_08_RangeVsStore {

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_08_RangeVsStore() {
        map.store(1, 10);
        map.store(2, 20);
        map.store(3, 30);
        Shapes.promote(map);
    }

    @Actor
    public void store() {
        map.store(2, 21);
        map.store(4, 40);
    }

    @Actor
    public void walk(IIII_Result r) {
        Map<Integer, Integer> seen = new HashMap<>();
        boolean[] once = {true};
        map.range((k, v) -> {
            once[0] &= seen.put(k, v) == null;
            return true;
        });
        boolean sound = once[0]
                && Integer.valueOf(10).equals(seen.remove(1))
                && Integer.valueOf(30).equals(seen.remove(3));
        Integer two = seen.remove(2);
        Integer four = seen.remove(4);
        r.r1 = sound && seen.isEmpty() ? 1 : 0;
        r.r2 = two == null ? 0 : two;
        r.r3 = four == null ? 0 : four;
    }

    @Arbiter
    public void settle(IIII_Result r) {
        r.r4 = Shapes.valueOrZero(map, 2) == 21 && Shapes.valueOrZero(map, 4) == 40 && Shapes.agrees(map, 1, 2, 3, 4)
                ? 1 : 0;
    }
}
