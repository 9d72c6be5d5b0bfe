package io.gomap.stress.snapshot;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.snapshot.Snapshot;
import io.gomap.snapshot.SnapshotMap;
import io.gomap.snapshot.SnapshotRejectedException;
import io.gomap.snapshot.SnapshotValidator;
import java.util.List;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A rollback races an update whose result passes validation or not depending on which snapshot it starts from: the map
 * ends on a validated snapshot, with a history that matches one serial order of the two calls.
 *
 * <p>Start: version 0 {@code {n=0}}, version 1 {@code {n=1}} current. The update adds 10 to n; a validator rejects
 * {@code n == 10}. Update first: version 2 {@code {n=11}} is published, then the rollback returns to version 1.
 * Rollback first: version 0 is current, and the update's {@code {n=10}} is rejected.
 *
 * <p>Result: r1 is the version the update published, or -1 if rejected; r2 is the version the rollback returned to;
 * r3 is {@code version * 100 + n} of the final snapshot, or -1 when the history is inconsistent (not versions 0 to the
 * current one in order, the current one not last, a kept snapshot that fails the validator, or contents that are not
 * the ones published under that version).
 */
@JCStressTest
@Description("SnapshotMap rollback racing update ends on a validated version with a consistent history")
@Outcome(id = "2, 1, 101", expect = ACCEPTABLE, desc = "update published v2, rollback returned to v1")
@Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "rollback returned to v0, update from it rejected")
@Outcome(expect = FORBIDDEN, desc = "unvalidated, lost or torn state, or an inconsistent history")
@State
public class SnapshotMap_02_RollbackVsUpdate {

    private static final int REJECTED = 10;      // the value of n the validator refuses
    private static final int[] N_OF_VERSION = {0, 1, 11}; // the only contents each version may hold

    private final SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("n", 0), 8);

    public SnapshotMap_02_RollbackVsUpdate() {
        map.addValidator(SnapshotValidator.of(m -> m.get("n") != REJECTED, "n must not be " + REJECTED));
        map.replaceWith(Map.of("n", 1));
    }

    @Actor
    public void update(III_Result r) {
        try {
            r.r1 = (int) map.update(m -> {
                m.merge("n", 10, Integer::sum);
                return m;
            }).version();
        } catch (SnapshotRejectedException e) {
            r.r1 = -1;
        }
    }

    @Actor
    public void rollback(III_Result r) {
        r.r2 = (int) map.rollback().version();
    }

    @Arbiter
    public void settle(III_Result r) {
        Snapshot<String, Integer> current = map.snapshot();
        List<Snapshot<String, Integer>> history = map.history();
        boolean consistent = history.get(history.size() - 1) == current;
        for (int i = 0; i < history.size() && consistent; i++) {
            Snapshot<String, Integer> s = history.get(i);
            int n = s.map().get("n");
            consistent = s.version() <= 2 && n == N_OF_VERSION[(int) s.version()] && n != REJECTED
                    && (i == 0 ? s.version() == 0 : s.version() > history.get(i - 1).version());
        }
        r.r3 = consistent ? (int) current.version() * 100 + current.map().get("n") : -1;
    }
}
