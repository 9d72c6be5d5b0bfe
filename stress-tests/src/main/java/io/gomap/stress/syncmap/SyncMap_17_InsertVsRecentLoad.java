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
 * A key inserted into an existing recent level while another thread loads it lock-free: the insert writes the value,
 * then the key by a release store, and the reader probes the recent level with acquire, so a reader that finds the
 * key sees the key's own fields and the value's as written (never a partially seen key or value), or does not find
 * it at all.
 *
 * <p>Key and value are objects with plain (neither final nor volatile) fields, built in the writer's actor: a key
 * whose field were seen unset would fail {@code equals} against the reader's equal key (which it probes with), and
 * the load would miss. So the writer inserts the new key and then stores a flag lock-free to a snapshot key; the reader
 * loads the flag first and then the new key: once it sees the flag, the new key must be found, complete.
 *
 * <p>Set-up, through the public API: the flag key is stored and promoted (it sits in the snapshot), with filler keys
 * that make the recent level large enough that the reader's lookup there is rarely counted as a miss (see
 * {@code Shapes.RARELY_SAMPLED}); another key is stored, so the map has a recent level before the race and the insert goes into it by a release store (the first key
 * of a recent level is published with the level instead: {@code SyncMap_12}).
 *
 * <p>Result: r1 is what the reader saw under the flag, r2 under the new key (an equal but distinct key object): 0
 * the value there before (or nothing), 1 the writer's object with every field set, 2 the writer's object with a field
 * still unset.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15, 2026-11-30; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_1[0267]'}
 * <pre>
 *   RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     0, 0  1,223,445   32.67%  Acceptable  reader ran before both writes
 *     0, 1    468,584   12.51%  Acceptable  reader saw the new key, not yet the flag
 *     1, 1  2,053,151   54.82%  Acceptable  reader saw both writes
 * </pre>
 */
@JCStressTest
@Description("SyncMap: a key inserted into the recent level is seen whole by a lock-free load, or not at all")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran before both writes")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "reader saw the new key, not yet the flag")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "reader saw both writes")
@Outcome(expect = FORBIDDEN, desc = "a key or value not fully initialized, or the flag without the new key")
@State
public class SyncMap_17_InsertVsRecentLoad {

    /** A key with a plain field: equal keys are distinct objects, so a lookup calls equals on the stored one. */
    static final class Id {
        int id;

        Id(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && other.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    private static final Id FLAG = new Id(1);  // in the snapshot: stored lock-free after the insert
    private static final Id OTHER = new Id(2); // in the recent level before the race
    private static final int NEW = 3;          // the id of the key inserted during the race

    private final SyncMap<Id, SyncMap_12_Publication.Payload> map = new SyncMap<>();

    /** The value under FLAG before the race; built before the actors start, so safely published. */
    private final SyncMap_12_Publication.Payload before = new SyncMap_12_Publication.Payload(0, 0, 0L, null);

    public SyncMap_17_InsertVsRecentLoad() {
        Shapes.pad(map, i -> new Id(100 + i), before, Shapes.RARELY_SAMPLED);
        map.store(FLAG, before);
        Shapes.promote(map);
        map.store(OTHER, before);
    }

    @Actor
    public void writer() {
        map.store(new Id(NEW), new SyncMap_12_Publication.Payload(1, 2, 3L, "four"));
        map.store(FLAG, new SyncMap_12_Publication.Payload(1, 2, 3L, "four"));
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = code(map.load(FLAG));
        r.r2 = code(map.load(new Id(NEW)));
    }

    private int code(SyncMap_12_Publication.Payload p) {
        if (p == null || p == before) {
            return 0;
        }
        return p.complete() ? 1 : 2;
    }
}
