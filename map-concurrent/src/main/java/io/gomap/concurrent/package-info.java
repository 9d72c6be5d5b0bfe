/**
 * Concurrent maps built on Go's designs: {@code SyncMap}, Go's {@code sync.Map} as a
 * {@link java.util.concurrent.ConcurrentMap}.
 */
package io.gomap.concurrent;
