package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads each insert a different new key into one recent level, then load the other's key lock-free: the
 * inserts take the lock one after the other, so the second inserter sees the first key (never both loads empty), and
 * afterwards both keys are found with their values and {@code size()} counts both.
 *
 * <p>All keys share one {@code hashCode}, so both new keys land in the same probe run of the recent level as the key
 * already there: the second insert places its key past the first's, and a reader probing past a slot that is filled
 * meanwhile must still find its key.
 *
 * <p>Set-up, through the public API: key 0 is stored and promoted (it sits in the snapshot); key 1 is stored, so the
 * map has a recent level holding key 1 before the race.
 *
 * <p>Result: r1 is what the first actor loads for key 3 after inserting key 2 (0 or 30), r2 what the second loads for
 * key 2 after inserting key 3 (0 or 20); r3 is 1 when afterwards keys 0..3 hold 0, 10, 20, 30 and {@code size()}
 * agrees, also after a promotion, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *      RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    0, 20, 1  23,014,153   57.71%  Acceptable  key 2 inserted first; both kept
 *    30, 0, 1  16,692,579   41.86%  Acceptable  key 3 inserted first; both kept
 *   30, 20, 1     172,787    0.43%  Acceptable  both inserts before both loads; both kept
 * </pre>
 */
@JCStressTest
@Description("SyncMap: two new keys inserted into one recent level are both kept, the later inserter sees the first")
@Outcome(id = "0, 20, 1", expect = ACCEPTABLE, desc = "key 2 inserted first; both kept")
@Outcome(id = "30, 0, 1", expect = ACCEPTABLE, desc = "key 3 inserted first; both kept")
@Outcome(id = "30, 20, 1", expect = ACCEPTABLE, desc = "both inserts before both loads; both kept")
@Outcome(expect = FORBIDDEN, desc = "neither thread saw the other's key, a key lost, or size disagrees")
@State
public class SyncMap_18_InsertVsInsert {

    /** A key whose hashCode is one constant: every key probes the same run. */
    record Same(int id) {
        @Override
        public int hashCode() {
            return 7;
        }
    }

    private static final List<Same> UNIVERSE = List.of(new Same(0), new Same(1), new Same(2), new Same(3));

    private final SyncMap<Same, Integer> map = new SyncMap<>();

    public SyncMap_18_InsertVsInsert() {
        map.store(new Same(0), 0);
        Shapes.promote(map);
        map.store(new Same(1), 10);
    }

    @Actor
    public void insertTwo(III_Result r) {
        map.store(new Same(2), 20);
        r.r1 = valueOrZero(3);
    }

    @Actor
    public void insertThree(III_Result r) {
        map.store(new Same(3), 30);
        r.r2 = valueOrZero(2);
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean sound = allHeld() && Shapes.agrees(map, UNIVERSE);
        Shapes.promote(map);
        r.r3 = sound && allHeld() && Shapes.agrees(map, UNIVERSE) ? 1 : 0;
    }

    private boolean allHeld() {
        for (int k = 1; k <= 3; k++) {
            if (valueOrZero(k) != k * 10) {
                return false;
            }
        }
        return map.load(new Same(0)) != null;
    }

    private int valueOrZero(int id) {
        Integer v = map.load(new Same(id));
        return v == null ? 0 : v;
    }
}
