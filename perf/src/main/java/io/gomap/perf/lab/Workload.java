package io.gomap.perf.lab;

/**
 * The three workloads of the lab's bench, each one {@link LabBenchmark} method: the two access patterns Go's
 * {@code sync.Map} documentation names as its cases, and the read-mostly mix a cache sees.
 */
enum Workload {

    /** Every thread gets keys that are present; nothing is written while measuring. */
    READ_HITS("readHits", "read-only hits", "every thread gets present keys in its own shuffled order;"
            + " nothing is written"),

    /** Nine gets, then one put that overwrites a present key, all threads over the same keys. */
    READ_MOSTLY("readMostly", "90% read, 10% update", "all threads walk the same keys: nine gets, then a put"
            + " that overwrites a present key"),

    /** Each thread alternates get and overwrite on its own slice of the keys. */
    DISJOINT("disjointKeys", "disjoint keys, 50% update", "each thread owns a slice of the keys and alternates"
            + " get and overwriting put on it: sync.Map's second case");

    /** Name of the {@link LabBenchmark} method that runs this workload. */
    final String method;

    /** Column and group title. */
    final String title;

    /** One sentence for the report. */
    final String description;

    Workload(String method, String title, String description) {
        this.method = method;
        this.title = title;
        this.description = description;
    }

    /** The workload whose method ends the given JMH benchmark name. */
    static Workload ofBenchmark(String benchmark) {
        for (Workload w : values()) {
            if (benchmark.endsWith("." + w.method)) {
                return w;
            }
        }
        throw new IllegalArgumentException("not a lab benchmark: " + benchmark);
    }
}
