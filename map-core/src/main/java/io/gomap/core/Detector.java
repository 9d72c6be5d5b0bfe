package io.gomap.core;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The fail-fast detector of one {@link GoMap}: Go's {@code hashWriting} flag, holding the writing thread.
 *
 * <p>Every write brackets itself with {@link #beginWrite()} and {@link #endWrite(Thread)}; reads and iteration steps
 * call {@link #checkRead()} and {@link #checkIteration()}. A write that finds the flag taken throws before it changes
 * anything; a write that finds at its end that the flag is no longer its own throws after its change, as Go does.
 *
 * <p>In {@link DetectorMode#BEST_EFFORT} the flag is read and written with opaque accesses: no fences, the price of
 * Go's plain flag, but the JIT may not drop or merge them. Two writers can both see the flag free and both proceed, so
 * races may go unseen, as in Go. In {@link DetectorMode#STRICT} the flag is taken with a compare-and-set: of two
 * writes that overlap in time, the second always fails to take it. A map with {@link DetectorMode#OFF} has no
 * detector.
 */
final class Detector {

    private static final VarHandle WRITER;

    static {
        try {
            WRITER = MethodHandles.lookup().findVarHandle(Detector.class, "writer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean strict;

    /** The thread inside a write, or null. Accessed only through {@link #WRITER}. */
    @SuppressWarnings("unused")
    private Thread writer;

    Detector(DetectorMode mode) {
        this.strict = mode == DetectorMode.STRICT;
    }

    /** Takes the writing flag for the current thread and returns it as the token for {@link #endWrite}. */
    Thread beginWrite() {
        Thread me = Thread.currentThread();
        if (strict) {
            Thread other = (Thread) WRITER.compareAndExchange(this, (Thread) null, me);
            if (other != null) {
                throw conflict(Kind.CONCURRENT_WRITES, other);
            }
        } else {
            if (WRITER.getOpaque(this) != null) {
                throw conflict(Kind.CONCURRENT_WRITES, null);
            }
            WRITER.setOpaque(this, me);
        }
        return me;
    }

    /** Releases the flag taken by {@link #beginWrite}; throws if another writer took or cleared it meanwhile. */
    void endWrite(Thread me) {
        if (strict) {
            WRITER.setRelease(this, null);
        } else {
            if (WRITER.getOpaque(this) != me) {
                throw conflict(Kind.CONCURRENT_WRITES, null);
            }
            WRITER.setOpaque(this, null);
        }
    }

    void checkRead() {
        check(Kind.READ_DURING_WRITE);
    }

    void checkIteration() {
        check(Kind.ITERATION_DURING_WRITE);
    }

    private void check(Kind kind) {
        Object w = strict ? WRITER.getAcquire(this) : WRITER.getOpaque(this);
        if (w != null) {
            throw conflict(kind, (Thread) w);
        }
    }

    /** The exception to throw for a detected race, recorded first as a JFR {@code io.gomap.DetectorTrip} event. */
    private ConcurrentMapAccessException conflict(Kind kind, Thread other) {
        String writer = strict && other != null ? other.getName() : null;
        DetectorTripEvent.emit(kind, writer);
        return new ConcurrentMapAccessException(kind, writer);
    }
}
