package io.gomap.stress.syncmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gomap.concurrent.SyncMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An object with plain (neither final nor volatile) fields, built and then stored, is seen fully initialized by a
 * thread that loads it: a store happens-before any load that observes it. Two paths: key {@code OLD} is in the read
 * snapshot (the store is a lock-free compare-and-set on its value slot), key {@code NEW} is in neither level (the
 * store creates the recent level with it under the lock and publishes it by a release store of the snapshot's
 * reserved element; the load follows that element and finds the key lock-free). {@code SyncMap_17} adds a key to a
 * recent level that already exists.
 *
 * <p>The writer stores {@code OLD} first, then {@code NEW}; the reader loads them in the opposite order, so once it
 * sees the new object under {@code NEW} it must also see the new one under {@code OLD}. Filler keys in the snapshot
 * make the recent level large enough that the reader's lookup there is rarely counted as a miss (a count takes the
 * lock, which would order the writer before the reader and hide a missing release; see {@code Shapes.RARELY_SAMPLED}).
 *
 * <p>Result: r1 is what the reader saw under {@code NEW}, r2 under {@code OLD}: 0 the object there before (or
 * nothing), 1 the writer's object with every field set, 2 the writer's object with a field still unset.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_1[0267]'}
 * <pre>
 *   RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     0, 0  1,479,996   56.93%  Acceptable  reader ran before both stores
 *     0, 1     18,569    0.71%  Acceptable  reader saw the first store only
 *     1, 1  1,100,895   42.35%  Acceptable  reader saw both stores
 * </pre>
 */
@JCStressTest
@Description("SyncMap: an object with plain fields, built then stored, is seen fully initialized by a loader")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran before both stores")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "reader saw the first store only")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "reader saw both stores")
@Outcome(expect = FORBIDDEN, desc = "an object not fully initialized, or the second store without the first")
@State
public class SyncMap_12_Publication {

    private static final String OLD = "old"; // key in the read snapshot
    private static final String NEW = "new"; // key in neither map

    /** A value whose fields are plain: only the map's ordering makes them visible. */
    static final class Payload {
        int a;
        int b;
        long c;
        String d;

        Payload(int a, int b, long c, String d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        boolean complete() {
            return a == 1 && b == 2 && c == 3L && "four".equals(d);
        }
    }

    private final SyncMap<String, Payload> map = new SyncMap<>();

    /** The value under OLD before the race; built before the actors start, so safely published. */
    private final Payload before = new Payload(0, 0, 0L, null);

    public SyncMap_12_Publication() {
        Shapes.pad(map, i -> "pad" + i, before, Shapes.RARELY_SAMPLED);
        map.store(OLD, before);
        Shapes.promote(map);
    }

    @Actor
    public void writer() {
        map.store(OLD, new Payload(1, 2, 3L, "four"));
        map.store(NEW, new Payload(1, 2, 3L, "four"));
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = code(map.load(NEW));
        r.r2 = code(map.load(OLD));
    }

    private int code(Payload p) {
        if (p == null || p == before) {
            return 0;
        }
        return p.complete() ? 1 : 2;
    }
}
