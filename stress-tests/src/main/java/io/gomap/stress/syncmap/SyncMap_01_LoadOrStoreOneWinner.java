package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.LoadResult;
import io.gomap.concurrent.SyncMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads call {@code loadOrStore} on one absent key with different values: exactly one stores, and both see the
 * winner's value.
 *
 * <p>Result: r1 and r2 encode each actor's {@link LoadResult} as {@code value * 10 + (loaded ? 1 : 0)}; r3 is the value
 * the map holds afterwards, or -1 when it holds anything but exactly that one key.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   10, 11, 1  53,589,423   54.23%  Acceptable  first actor stored, second loaded its value
 *   21, 20, 2  45,233,666   45.77%  Acceptable  second actor stored, first loaded its value
 * </pre>
 */
@JCStressTest
@Description("SyncMap.loadOrStore of one key from two threads: one winner, both see its value")
@Outcome(id = "10, 11, 1", expect = ACCEPTABLE, desc = "first actor stored, second loaded its value")
@Outcome(id = "21, 20, 2", expect = ACCEPTABLE, desc = "second actor stored, first loaded its value")
@Outcome(expect = FORBIDDEN, desc = "two winners, no winner, or a value not the winner's")
@State
public class SyncMap_01_LoadOrStoreOneWinner {

    private static final String KEY = "k";

    private final SyncMap<String, Integer> map = new SyncMap<>();

    @Actor
    public void storeOne(III_Result r) {
        r.r1 = encode(map.loadOrStore(KEY, 1));
    }

    @Actor
    public void storeTwo(III_Result r) {
        r.r2 = encode(map.loadOrStore(KEY, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        Integer v = map.load(KEY);
        r.r3 = v != null && map.size() == 1 ? v : -1;
    }

    private static int encode(LoadResult<Integer> result) {
        Integer v = result.value();
        return (v == null ? 0 : v * 10) + (result.loaded() ? 1 : 0);
    }
}
