package io.gomap.stress.snapshot;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.snapshot.Snapshot;
import io.gomap.snapshot.SnapshotMap;
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
 * One thread publishes a snapshot that changes two values together and adds a key while another thread reads: the
 * reader sees the old snapshot or the new one, whole, and never goes back to the old one after seeing the new.
 *
 * <p>Old snapshot (version 0): {@code {a=0, b=0}}. New snapshot (version 1): {@code {a=1, b=1, c=1}}.
 *
 * <p>Result: r1 is what one {@code snapshot()} held, r2 what a later iteration of {@code entrySet()} walked: 0 the old
 * snapshot, 1 the new one, 2 anything else (a mix, a wrong size, or a version that does not match the contents);
 * r3 is 0 when the map ends on version 1 holding the new contents with history [0, 1], 1 otherwise.
 */
@JCStressTest
@Description("SnapshotMap publication: a reader sees a whole snapshot, old or new, never part of one")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both reads before the publication: old snapshot")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "publication between the reads")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "both reads after the publication: new snapshot")
@Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "reader went back to the old snapshot")
@Outcome(expect = FORBIDDEN, desc = "half-built snapshot seen, or the publication was lost")
@State
public class SnapshotMap_01_NoHalfBuiltSnapshot {

    private final SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 0, "b", 0), 8);

    @Actor
    public void publish() {
        map.update(m -> {
            m.put("a", 1);
            m.put("b", 1);
            m.put("c", 1);
            return m;
        });
    }

    @Actor
    public void read(III_Result r) {
        Snapshot<String, Integer> s = map.snapshot();
        r.r1 = code(s.version(), s.map().get("a"), s.map().get("b"), s.map().size());
        int sum = 0;
        int count = 0;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            sum += e.getValue();
            count++;
        }
        r.r2 = count == 2 && sum == 0 ? 0 : count == 3 && sum == 3 ? 1 : 2;
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean sound = map.version() == 1
                && map.equals(Map.of("a", 1, "b", 1, "c", 1))
                && map.history().stream().map(Snapshot::version).toList().equals(List.of(0L, 1L));
        r.r3 = sound ? 0 : 1;
    }

    /** 0 for the whole old snapshot, 1 for the whole new one, 2 for anything else. */
    private static int code(long version, Integer a, Integer b, int size) {
        if (version == 0 && a == 0 && b == 0 && size == 2) {
            return 0;
        }
        return version == 1 && a == 1 && b == 1 && size == 3 ? 1 : 2;
    }
}
