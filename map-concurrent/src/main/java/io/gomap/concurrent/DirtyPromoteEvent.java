package io.gomap.concurrent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.DirtyPromote}: a {@link SyncMap} published its dirty map as the new read snapshot (Go's
 * {@code missLocked} promotion); the event's duration is the publication's.
 */
@Name("io.gomap.DirtyPromote")
@Label("SyncMap Dirty Promote")
@Category({"gomap"})
@Description("A SyncMap made its dirty map the read snapshot: after as many locked misses as dirty has entries, or "
        + "before a range or iteration over an amended map (then misses is below dirtySize)")
final class DirtyPromoteEvent extends Event {

    /*
     * Overview: isEnabled() depends only on the event type's settings, never on the instance, so one shared probe
     * answers it; an event object is built only when a recording wants it.
     */

    private static final DirtyPromoteEvent PROBE = new DirtyPromoteEvent(); // asked isEnabled() only

    @Label("Dirty Size")
    @Description("Entries of the dirty map promoted")
    int dirtySize;

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
