package io.gomap.concurrent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.DirtyPromote}: a {@link SyncMap} merged its read snapshot and its dirty map into a new
 * read snapshot (Go's {@code missLocked} promotion), dropping deleted keys; the event's duration is the merge's.
 */
@Name("io.gomap.DirtyPromote")
@Label("SyncMap Dirty Promote")
@Category({"gomap"})
@Description("A SyncMap merged its snapshot and dirty map into a new snapshot: after as many locked misses as the two "
        + "hold keys, or before a range or iteration over an amended map (then misses is below that)")
final class DirtyPromoteEvent extends Event {

    /*
     * Overview: isEnabled() depends only on the event type's settings, never on the instance, so one shared probe
     * answers it; an event object is built only when a recording wants it.
     */

    private static final DirtyPromoteEvent PROBE = new DirtyPromoteEvent(); // asked isEnabled() only

    @Label("Dirty Size")
    @Description("Entries of the dirty map promoted: keys the old snapshot lacked")
    int dirtySize;

    @Label("Snapshot Keys")
    @Description("Keys of the old snapshot, present or deleted")
    int snapshotKeys;

    @Label("Dropped")
    @Description("Deleted keys of the old snapshot left out of the new one")
    int dropped;

    @Label("Misses")
    @Description("Loads that had to lock and consult dirty since the last promotion")
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
