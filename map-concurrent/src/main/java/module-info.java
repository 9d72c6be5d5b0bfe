/** SyncMap (Go's sync.Map as a {@link java.util.concurrent.ConcurrentMap}) and SnapshotMap (hot-swapped snapshots). */
module io.gomap.concurrent {
  requires transitive io.gomap.core;
  requires jdk.jfr;
  exports io.gomap.concurrent;
}
