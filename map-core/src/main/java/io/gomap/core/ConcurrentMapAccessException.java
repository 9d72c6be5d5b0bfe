package io.gomap.core;

import java.util.ConcurrentModificationException;
import java.util.Objects;

/**
 * Thrown where Go's runtime would stop the program with {@code fatal error: concurrent map ...}: a {@link GoMap} was
 * used by two threads at once, at least one of them writing; or a key's {@code hashCode} or {@code equals}, called by
 * the map during a write, used the map itself.
 *
 * <p>{@link #getMessage()} starts with Go's own words for the {@link #kind()}. A {@link DetectorMode#STRICT} map adds
 * the name of the thread that was writing, the side of the race Go does not print (golang/go#26703).
 */
public final class ConcurrentMapAccessException extends ConcurrentModificationException {

    private static final long serialVersionUID = 1L;

    /** Which pair of accesses collided. */
    public enum Kind {
        /** Two writes overlapped: Go's {@code concurrent map writes}. */
        CONCURRENT_WRITES("concurrent map writes"),
        /** A read ran while a write was in progress: Go's {@code concurrent map read and map write}. */
        READ_DURING_WRITE("concurrent map read and map write"),
        /** An iteration step ran while a write was in progress: Go's {@code concurrent map iteration and map write}. */
        ITERATION_DURING_WRITE("concurrent map iteration and map write");

        private final String goMessage;

        Kind(String goMessage) {
            this.goMessage = goMessage;
        }

        /** {@return the message Go's runtime prints after {@code fatal error: }} */
        public String goMessage() {
            return goMessage;
        }
    }

    /** Which pair of accesses collided. */
    private final Kind kind;

    ConcurrentMapAccessException(Kind kind, String writerName) {
        super(writerName == null
                ? kind.goMessage()
                : kind.goMessage() + " (the map was being written by thread \"" + writerName + "\")");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** {@return which pair of accesses collided} */
    public Kind kind() {
        return kind;
    }
}
