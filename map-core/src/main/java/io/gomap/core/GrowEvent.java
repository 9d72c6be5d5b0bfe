package io.gomap.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.Grow}: a {@link GoMap} started to move its entries to a new bucket array (Go's
 * {@code hashGrow}).
 */
@Name("io.gomap.Grow")
@Label("GoMap Grow")
@Category({"gomap"})
@Description("A GoMap started an incremental growth: doubling (newB = oldB + 1), same-size (packs overflow chains) "
        + "or, under a shrink policy, halving (newB = oldB - 1)")
final class GrowEvent extends Event {

    /*
     * Overview: isEnabled() depends only on the event type's settings, never on the instance, so one shared probe
     * answers it; an event object is built only when a recording wants it. With no recording, emit() costs a call to
     * an uninstrumented isEnabled() that returns false, which the JIT inlines away.
     */

    private static final GrowEvent PROBE = new GrowEvent(); // asked isEnabled() only; never committed

    @Label("Old B")
    @Description("log2 of the main buckets before")
    int oldB;

    @Label("New B")
    @Description("log2 of the main buckets after")
    int newB;

    @Label("Same Size")
    @Description("Whether B stays and only overflow chains are packed")
    boolean sameSize;

    @Label("Count")
    @Description("Entries in the map when the growth started")
    int count;

    /** Commits an event when a recording has this event enabled; otherwise builds nothing. */
    static void emit(int oldB, int newB, int count) {
        if (PROBE.isEnabled()) {
            GrowEvent e = new GrowEvent();
            e.oldB = oldB;
            e.newB = newB;
            e.sameSize = oldB == newB;
            e.count = count;
            e.commit();
        }
    }
}
