package io.gomap.snapshot;

import java.util.Objects;

/**
 * Thrown by {@link SnapshotMap#update} and {@link SnapshotMap#replaceWith} when a validator rejects the candidate
 * snapshot. Nothing was published: the map still holds the snapshot it held before the call, and no listener was told.
 */
public class SnapshotRejectedException extends RuntimeException {

    /** The validator's reason, never null. */
    private final String reason;

    /**
     * An exception carrying a validator's reason.
     *
     * @param reason the validator's reason
     * @throws NullPointerException if {@code reason} is null
     */
    public SnapshotRejectedException(String reason) {
        super("snapshot rejected: " + Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
    }

    /** {@return the reason the validator gave, as it gave it} */
    public String reason() {
        return reason;
    }
}
