package io.gomap.perf.lab;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.core.MapStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The lab's look inside a {@link GoMap}: fill it, delete 90% of the keys, and print its {@link MapStats} before and
 * after, as the Go debugging chapter does with {@code unsafe}. The buckets stay: Go's maps never shrink.
 */
final class InspectLab {

    /*
     * Overview:
     *
     * The map is filled with keys 0..n-1 and then every key not divisible by ten is removed, so exactly n/10 rounded
     * up remain. The detector is off: one thread does everything and the numbers are the point. Stats are read after
     * each phase; growth finishes during the puts that follow a doubling, so a map caught mid-growth says so in its
     * stats line rather than being waited on.
     *
     * Reading guide: run, then line.
     */

    static final int DEFAULT_KEYS = 1_000_000; // large enough for a few thousand overflow buckets
    static final int KEEP_EVERY = 10;          // one key in ten survives the delete: 90% deleted

    private InspectLab() {}

    /* ---- Step ---- */

    /** Fills, deletes and prints; always returns {@link Lab#OK}. */
    static int run(LabSettings settings, PrintStream out) {
        int keys = settings.keysOr(DEFAULT_KEYS);
        out.printf(Locale.ROOT, "== inspect: fill %,d entries, delete 90%%%n", keys);
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.OFF);
        for (int i = 0; i < keys; i++) {
            map.put(i, i);
        }
        out.println(line("after fill", map.stats()));
        for (int i = 0; i < keys; i++) {
            if (i % KEEP_EVERY != 0) {
                map.remove(i);
            }
        }
        out.println(line("after delete", map.stats()));
        out.println("   Go's maps never shrink (golang/go#20135): the buckets stay, the deleted slots remain.");
        return Lab.OK;
    }

    /** One stats line, numbers with thousands separators. */
    static String line(String when, MapStats s) {
        return String.format(Locale.ROOT,
                "   %-13s count=%,d  B=%d  buckets=%,d  overflow=%,d  tombstones=%,d  load=%.2f%s",
                when, s.count(), s.log2Buckets(), s.buckets(), s.overflowBuckets(), s.tombstones(), s.loadFactor(),
                s.growing() ? String.format(Locale.ROOT, "  (growing: %,d of %,d old buckets moved)",
                        s.evacuatedBuckets(), s.oldBuckets()) : "");
    }
}
