/**
 * {@link io.gomap.concurrent.SyncMap}: Go's {@code sync.Map} as a {@link java.util.concurrent.ConcurrentMap}, for
 * read-mostly and disjoint-key workloads.
 */
package io.gomap.concurrent;
