/**
 * SyncMap (Go's sync.Map as a {@link java.util.concurrent.ConcurrentMap}) in {@code io.gomap.concurrent}, and
 * SnapshotMap (hot-swapped immutable snapshots) in {@code io.gomap.snapshot}.
 */
module io.gomap.concurrent {
  requires jdk.jfr;

  exports io.gomap.concurrent;
  exports io.gomap.snapshot;
}
