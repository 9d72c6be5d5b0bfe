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
 * Two threads call {@code loadAndDelete} on one present key: exactly one gets the value, and the key is gone.
 *
 * <p>Result: r1 and r2 are what each actor got (1 the value, 0 null, 9 anything else); r3 is 0 when the map is empty
 * afterwards, 1 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 1, 0  55,875,453   48.36%  Acceptable  second actor deleted it
 *   1, 0, 0  59,674,000   51.64%  Acceptable  first actor deleted it
 * </pre>
 */
@JCStressTest
@Description("SyncMap.loadAndDelete of one key from two threads: exactly one gets the value")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "first actor deleted it")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "second actor deleted it")
@Outcome(expect = FORBIDDEN, desc = "deleted twice, never, or the key survived")
@State
public class SyncMap_02_LoadAndDeleteOnce {

    private static final String KEY = "k";

    private final SyncMap<String, Integer> map = new SyncMap<>();

    public SyncMap_02_LoadAndDeleteOnce() {
        map.store(KEY, 1);
    }

    @Actor
    public void deleteOne(III_Result r) {
        r.r1 = code(map.loadAndDelete(KEY));
    }

    @Actor
    public void deleteTwo(III_Result r) {
        r.r2 = code(map.loadAndDelete(KEY));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = map.load(KEY) == null && map.isEmpty() ? 0 : 1;
    }

    private static int code(Integer got) {
        return got == null ? 0 : got == 1 ? 1 : 9;
    }
}
