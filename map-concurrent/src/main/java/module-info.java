/** SyncMap: Go's sync.Map design as a {@link java.util.concurrent.ConcurrentMap}. */
module io.gomap.concurrent {
  requires transitive io.gomap.core;
  exports io.gomap.concurrent;
}
