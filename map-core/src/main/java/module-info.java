/** GoMap: a port of Go's runtime hash map with a fail-fast detector for concurrent access. */
module io.gomap.core {
  requires jdk.jfr;

  exports io.gomap.core;
}
