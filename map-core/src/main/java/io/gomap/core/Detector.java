package io.gomap.core;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The fail-fast detector of one {@link GoMap}: Go's {@code hashWriting} flag.
 *
 * <p>Every write brackets itself with {@link #beginWrite()} and {@link #endWrite()}; reads call {@link #checkRead()},
 * and iteration calls {@link #checkIteration()} once per bucket it walks. A write that finds the flag taken throws
 * before it changes anything; a write that finds at its end that the flag was cleared meanwhile (by another writer's
 * end) throws after its change, as Go's {@code mapassign} does ({@code if h.flags&hashWriting == 0 { fatal(...) }}).
 *
 * <p>In {@link DetectorMode#BEST_EFFORT} the flag is an {@code int}, read and written with opaque accesses: no
 * fences, the price of Go's plain flag, but the JIT may not drop or merge them; and no reference store, so a write
 * pays no GC write barrier for it. Two writers can both see the flag free and both proceed, so races may go unseen, as
 * in Go. In {@link DetectorMode#STRICT} the flag is the writing thread, taken with a compare-and-set: of two writes
 * that overlap in time, the second always fails to take it, and its exception names the first. A map with
 * {@link DetectorMode#OFF} has no detector.
 */
final class Detector {

    private static final VarHandle WRITER;
    private static final VarHandle WRITING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITER = lookup.findVarHandle(Detector.class, "writer", Thread.class);
            WRITING = lookup.findVarHandle(Detector.class, "writing", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean strict;

    /** STRICT: the thread inside a write, or null. Accessed only through {@link #WRITER}. */
    @SuppressWarnings("unused")
    private Thread writer;

    /** BEST_EFFORT: 1 while a write is under way, else 0. Accessed only through {@link #WRITING}. */
    @SuppressWarnings("unused")
    private int writing;

    Detector(DetectorMode mode) {
        this.strict = mode == DetectorMode.STRICT;
    }

    /** Takes the writing flag; throws if another write holds it. */
    void beginWrite() {
        if (strict) {
            Thread other = (Thread) WRITER.compareAndExchange(this, (Thread) null, Thread.currentThread());
            if (other != null) {
                throw conflict(Kind.CONCURRENT_WRITES, other);
            }
        } else {
            if ((int) WRITING.getOpaque(this) != 0) {
                throw conflict(Kind.CONCURRENT_WRITES, null);
            }
            WRITING.setOpaque(this, 1);
        }
    }

    /** Releases the flag taken by {@link #beginWrite}; in BEST_EFFORT, throws if another write cleared it meanwhile. */
    void endWrite() {
        if (strict) {
            WRITER.setRelease(this, null);
        } else {
            if ((int) WRITING.getOpaque(this) == 0) {
                throw conflict(Kind.CONCURRENT_WRITES, null);
            }
            WRITING.setOpaque(this, 0);
        }
    }

    void checkRead() {
        check(Kind.READ_DURING_WRITE);
    }

    void checkIteration() {
        check(Kind.ITERATION_DURING_WRITE);
    }

    private void check(Kind kind) {
        if (strict) {
            Thread w = (Thread) WRITER.getAcquire(this);
            if (w != null) {
                throw conflict(kind, w);
            }
        } else if ((int) WRITING.getOpaque(this) != 0) {
            throw conflict(kind, null);
        }
    }

    /** The exception to throw for a detected race, recorded first as a JFR {@code io.gomap.DetectorTrip} event. */
    private ConcurrentMapAccessException conflict(Kind kind, Thread other) {
        String writer = other != null ? other.getName() : null;
        DetectorTripEvent.emit(kind, writer);
        return new ConcurrentMapAccessException(kind, writer);
    }
}
