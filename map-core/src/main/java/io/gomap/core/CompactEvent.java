package io.gomap.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code io.gomap.Compact}: {@link GoMap#compact()} rebuilt a map; the event's duration is the rebuild's. */
@Name("io.gomap.Compact")
@Label("GoMap Compact")
@Category({"gomap"})
@Description("GoMap.compact() rebuilt the map into the smallest bucket array that fits its entries and its size "
        + "hint")
final class CompactEvent extends Event {

    /* Overview: as GrowEvent; the object is built before the rebuild only when a recording wants it. */

    private static final CompactEvent PROBE = new CompactEvent(); // asked isEnabled() only; never committed

    @Label("Old B")
    @Description("log2 of the main buckets before")
    int oldB;

    @Label("New B")
    @Description("log2 of the main buckets after")
    int newB;

    @Label("Count")
    @Description("Entries in the map")
    int count;

    @Label("Overflow Buckets Dropped")
    @Description("Overflow buckets in use before, in the current and any old array")
    int overflowBuckets;

    @Label("Tombstones Dropped")
    @Description("Deleted slots (emptyOne) before, in the current and any old array, as GoMap.stats() counts them")
    int tombstones;

    @Label("Was Growing")
    @Description("Whether an incremental growth or shrink was in progress and was finished by the rebuild")
    boolean wasGrowing;

    /** A begun event when a recording wants one, else null: the caller fills it in and commits it after the work. */
    static CompactEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        CompactEvent e = new CompactEvent();
        e.begin();
        return e;
    }
}
