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
 * Two threads {@code putIfAbsent} one absent key: exactly one stores (and gets null), the other gets the winner's
 * value, and the key keeps it. The key was deleted while in the read snapshot, so its cell is there but empty, and
 * both threads race lock-free to fill it (SyncMap_01 covers a key that neither map holds, decided under the lock).
 *
 * <p>Result: r1 and r2 are what each actor's putIfAbsent returned (0 for null); r3 is the value the key holds
 * afterwards, or -1 when {@code size()} disagrees with the contents.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(0[1-5]|0[7-9]|1[0-2])'}
 * <pre>
 *    RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 1, 1  48,871,744   53.74%  Acceptable  first actor stored, second got its value
 *   2, 0, 2  42,066,545   46.26%  Acceptable  second actor stored, first got its value
 * </pre>
 */
@JCStressTest
@Description("SyncMap.putIfAbsent of one key (empty cell in the snapshot) from two threads: one winner")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "first actor stored, second got its value")
@Outcome(id = "2, 0, 2", expect = ACCEPTABLE, desc = "second actor stored, first got its value")
@Outcome(expect = FORBIDDEN, desc = "two winners, no winner, or a value not the winner's")
@State
public class SyncMap_09_PutIfAbsentOneWinner {

    private static final int KEY = 1; // the one key both actors race on

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_09_PutIfAbsentOneWinner() {
        map.store(KEY, 9);
        Shapes.promote(map);
        map.delete(KEY);
    }

    @Actor
    public void putOne(III_Result r) {
        r.r1 = orZero(map.putIfAbsent(KEY, 1));
    }

    @Actor
    public void putTwo(III_Result r) {
        r.r2 = orZero(map.putIfAbsent(KEY, 2));
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Shapes.agrees(map, KEY) ? Shapes.valueOrZero(map, KEY) : -1;
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
