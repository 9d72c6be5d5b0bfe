package io.gomap.concurrent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.gomap.SyncMapMisfit}: over one interval (at least a second) a {@link SyncMap} took its lock more
 * often than {@value LockPressure#MISFIT_LOCKED_OPS_PER_SECOND} times a second on average. Its workload keeps adding
 * keys (or waits on promotions), which is what sync.Map's design is not for: {@code ConcurrentHashMap} fits it better.
 * Committed by the thread that holds the lock when the interval ends; at most one event per map per interval.
 */
@Name("io.gomap.SyncMapMisfit")
@Label("SyncMap Misfit")
@Category({"gomap"})
@Description("A SyncMap took its lock over " + LockPressure.MISFIT_LOCKED_OPS_PER_SECOND + " times a second on "
        + "average over an interval: the workload adds keys too often for sync.Map's design; ConcurrentHashMap fits "
        + "it better")
final class SyncMapMisfitEvent extends Event {

    private static final SyncMapMisfitEvent PROBE = new SyncMapMisfitEvent(); // asked isEnabled() only

    @Label("Locked Operations")
    @Description("Operations of this map that took its lock during the interval")
    long lockedOps;

    @Label("Interval")
    @Description("Length of the interval measured")
    @Timespan(Timespan.NANOSECONDS)
    long interval;

    @Label("Locked Operations per Second")
    long lockedOpsPerSecond;

    @Label("Promotions")
    @Description("Promotions (new snapshots built, each an O(n) copy) during the interval")
    int promotions;

    @Label("Map")
    @Description("System.identityHashCode of the map, to tell maps apart")
    int map;

    /** Whether a recording wants this event: the only cost when none does. */
    static boolean enabled() {
        return PROBE.isEnabled();
    }
}
