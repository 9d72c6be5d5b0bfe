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
 * A {@code compute} and a {@code merge} of one present key race lock-free on its value slot in the read snapshot: the
 * loser of the slot's compare-and-set applies its function again to the winner's value, so neither update is lost.
 * This is the path on which SyncMap's contract lets a function run more than once.
 *
 * <p>Result: r1 is what {@code compute(key, v -> v + 1)} returned, r2 what {@code merge(key, 10, Integer::sum)}
 * returned; r3 is the value the key holds afterwards, or -1 when {@code size()} disagrees. The key starts at 0.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_2[34]'}
 * <pre>
 *       RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    1, 11, 11  38,384,693   44.98%  Acceptable  compute first, then merge
 *   11, 10, 11  46,951,819   55.02%  Acceptable  merge first, then compute
 * </pre>
 */
@JCStressTest
@Description("SyncMap: compute and merge of one snapshot key from two threads lose no update")
@Outcome(id = "1, 11, 11", expect = ACCEPTABLE, desc = "compute first, then merge")
@Outcome(id = "11, 10, 11", expect = ACCEPTABLE, desc = "merge first, then compute")
@Outcome(expect = FORBIDDEN, desc = "an update lost or a result not installed")
@State
public class SyncMap_23_ComputeVsMergeOnSnapshotKey {

    private static final int KEY = 1; // in the read snapshot, holding 0

    private final SyncMap<Integer, Integer> map = new SyncMap<>();

    public SyncMap_23_ComputeVsMergeOnSnapshotKey() {
        map.store(KEY, 0);
        Shapes.promote(map);
    }

    @Actor
    public void compute(III_Result r) {
        r.r1 = map.compute(KEY, (k, v) -> v + 1);
    }

    @Actor
    public void merge(III_Result r) {
        r.r2 = map.merge(KEY, 10, Integer::sum);
    }

    @Arbiter
    public void settle(III_Result r) {
        r.r3 = Shapes.agrees(map, KEY) ? Shapes.valueOrZero(map, KEY) : -1;
    }
}
