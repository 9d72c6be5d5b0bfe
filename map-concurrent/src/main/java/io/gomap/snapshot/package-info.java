/**
 * {@link io.gomap.snapshot.SnapshotMap}: Go's {@code atomic.Value} hot-swap idiom as a read-only {@link java.util.Map}
 * whose whole contents are replaced at once, with validation, versions and rollback.
 */
package io.gomap.snapshot;
