/** SyncMap: Go's sync.Map design as a {@link java.util.concurrent.ConcurrentMap}. */
module io.gomap.concurrent {
  requires transitive io.gomap.core;
  requires jdk.jfr;
  exports io.gomap.concurrent;
}
