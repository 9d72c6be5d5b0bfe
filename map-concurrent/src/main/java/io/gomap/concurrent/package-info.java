/**
 * Concurrent maps built on Go's designs: {@link io.gomap.concurrent.SyncMap}, Go's {@code sync.Map} as a
 * {@link java.util.concurrent.ConcurrentMap}, and {@link io.gomap.concurrent.SnapshotMap}, Go's {@code atomic.Value}
 * hot-swap idiom as a read-only {@link java.util.Map} with validation, versions and rollback.
 */
package io.gomap.concurrent;
