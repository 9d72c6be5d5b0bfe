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
 * compareAndSwap and load of a snapshot key while a range promotes and forwards the key's slot: neither mistakes the
 * forwarding marker for a value. The CAS from the key's value always succeeds (in the old slot or, after following
 * the marker, in the new table), and the load sees the old value or the new one, never nothing.
 *
 * <p>Set-up, through the public API: key 1 is stored and promoted; key 2 is stored (a new key, in the recent level).
 * The first actor's range therefore promotes before walking, forwarding key 1's slot by CAS.
 *
 * <p>The second actor loads key 1 and then compares and swaps it, both lock-free, while the range forwards the slot
 * (JCStress runs two actors on this 2-core machine, so the load and the CAS share one).
 *
 * <p>Result: r1 is 1 when compareAndSwap(1, 10, 11) returned true; r2 is the value the same thread loaded for key 1
 * just before (10; 0 would mean the marker was taken for a missing key, 11 a CAS seen before it ran); r3 is 1 when
 * afterwards key 1 holds 11, the range saw key 1 and key 2 once each, and {@code size()} agrees, 0 otherwise.
 *
 * <p>Observed (quick preset, 28 configurations, 2 cores shared, JDK 17.0.15; FORBIDDEN 0 times):
 * {@code java -jar stress-tests/target/jcstress.jar -m quick -t 'SyncMap_(06|1[3-9]|2)'}
 * <pre>
 *     RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   1, 10, 1  75,432,468  100.00%  Acceptable  load saw the value, CAS won, range saw each key once
 * </pre>
 */
@JCStressTest
@Description("SyncMap: compareAndSwap and load on a slot being forwarded by a promotion")
@Outcome(id = "1, 10, 1", expect = ACCEPTABLE, desc = "load saw the value, CAS won, range saw each key once")
@Outcome(expect = FORBIDDEN, desc = "CAS failed, key seen absent, range saw a key twice or missed one, or size wrong")
@State
public class SyncMap_14_CasAndLoadOnForwardedSlot {

    private static final int KEY = 1;   // in the snapshot; swapped during the race
    private static final int OTHER = 2; // in the recent level: the range promotes

    private final SyncMap<Integer, Integer> map = new SyncMap<>();
    private int walked;                 // keys the range visited, as a bit set (bit k for key k)
    private boolean twice;              // a key visited more than once

    public SyncMap_14_CasAndLoadOnForwardedSlot() {
        map.store(KEY, 10);
        Shapes.promote(map);
        map.store(OTHER, 20);
    }

    @Actor
    public void promotingRange() {
        map.range((k, v) -> {
            twice |= (walked & (1 << k)) != 0;
            walked |= 1 << k;
            return true;
        });
    }

    @Actor
    public void loadThenCompareAndSwap(III_Result r) {
        r.r2 = Shapes.valueOrZero(map, KEY);
        r.r1 = map.compareAndSwap(KEY, 10, 11) ? 1 : 0;
    }

    @Arbiter
    public void settle(III_Result r) {
        boolean walkedBoth = walked == ((1 << KEY) | (1 << OTHER)) && !twice;
        r.r3 = walkedBoth && Shapes.valueOrZero(map, KEY) == 11 && Shapes.agrees(map, KEY, OTHER) ? 1 : 0;
    }
}
