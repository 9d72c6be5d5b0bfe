package io.gomap.concurrent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.DirtyRebuild}: a {@link SyncMap} rebuilt its dirty map from the read snapshot to add a new
 * key (Go's {@code dirtyLocked}), an O(n) copy; the event's duration is the copy's.
 */
@Name("io.gomap.DirtyRebuild")
@Label("SyncMap Dirty Rebuild")
@Category({"gomap"})
@Description("A SyncMap copied its read snapshot into a new dirty map, expunging deleted entries instead of copying")
final class DirtyRebuildEvent extends Event {

    /* Overview: as DirtyPromoteEvent; the object is built before the copy only when a recording wants it. */

    private static final DirtyRebuildEvent PROBE = new DirtyRebuildEvent(); // asked isEnabled() only

    @Label("Copied")
    @Description("Entries copied into the new dirty map")
    int copied;

    @Label("Expunged")
    @Description("Deleted entries of the snapshot left out of dirty (marked expunged)")
    int expunged;

    /** A begun event when a recording wants one, else null: the caller fills it in and commits it after the work. */
    static DirtyRebuildEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        DirtyRebuildEvent e = new DirtyRebuildEvent();
        e.begin();
        return e;
    }
}
