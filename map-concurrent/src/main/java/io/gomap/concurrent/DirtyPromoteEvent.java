package io.gomap.concurrent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.DirtyPromote}: a {@link SyncMap} copied its read snapshot and its recent level (the part
 * Go's dirty map plays) into a new read snapshot (Go's {@code missLocked} promotion), dropping deleted keys; the
 * event's duration is the copy's.
 */
@Name("io.gomap.DirtyPromote")
@Label("SyncMap Dirty Promote")
@Category({"gomap"})
@Description("A SyncMap copied its snapshot and its recent level into a new snapshot: when a new key found the recent "
        + "level full (misses 0), after as many sampled misses since the last new key as Go's dirty map would hold "
        + "keys (the snapshot's present when the recent level was created, plus the recent level's), before a "
        + "range or iteration (misses below that), or once a map read from a stream holds every key (misses 0)")
final class DirtyPromoteEvent extends Event {

    /*
     * Overview: isEnabled() depends only on the event type's settings, never on the instance, so one shared probe
     * answers it; an event object is built only when a recording wants it.
     */

    private static final DirtyPromoteEvent PROBE = new DirtyPromoteEvent(); // asked isEnabled() only

    @Label("Dirty Size")
    @Description("Keys of the recent level (Go's dirty map), present or deleted: keys the old snapshot lacked")
    int dirtySize;

    @Label("Snapshot Keys")
    @Description("Keys of the old snapshot, present or deleted")
    int snapshotKeys;

    @Label("Dropped")
    @Description("Deleted keys of either level left out of the new snapshot")
    int dropped;

    @Label("Misses")
    @Description("Lookups that reached the recent level since the last new key, counted by sampling (64 per sample, "
            + "fewer for a table under 512 pairs: an eighth of its pairs)")
    int misses;

    /** A begun event when a recording wants one, else null: the caller fills it in and commits it after the work. */
    static DirtyPromoteEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        DirtyPromoteEvent e = new DirtyPromoteEvent();
        e.begin();
        return e;
    }
}
