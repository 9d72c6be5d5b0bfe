package io.gomap.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.gomap.DetectorTrip}: a {@link GoMap}'s detector caught a concurrent access and is about to throw
 * {@link ConcurrentMapAccessException}. The event's thread is the one that caught it.
 */
@Name("io.gomap.DetectorTrip")
@Label("GoMap Detector Trip")
@Category({"gomap"})
@Description("A GoMap's fail-fast detector caught a concurrent access (Go's fatal error: concurrent map writes, "
        + "concurrent map read and map write, or concurrent map iteration and map write)")
final class DetectorTripEvent extends Event {

    /* Overview: as GrowEvent; the event is built only when a recording wants it. */

    private static final DetectorTripEvent PROBE = new DetectorTripEvent(); // asked isEnabled() only

    @Label("Kind")
    @Description("CONCURRENT_WRITES, READ_DURING_WRITE or ITERATION_DURING_WRITE")
    String kind;

    @Label("Writer Thread")
    @Description("Name of the thread found writing, when the detector knows it (STRICT mode), else null")
    String writerThread;

    /** Commits an event when a recording has this event enabled; otherwise builds nothing. */
    static void emit(ConcurrentMapAccessException.Kind kind, String writerThread) {
        if (PROBE.isEnabled()) {
            DetectorTripEvent e = new DetectorTripEvent();
            e.kind = kind.name();
            e.writerThread = writerThread;
            e.commit();
        }
    }
}
