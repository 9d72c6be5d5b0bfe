package io.gomap.perf.lab;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.core.MapStats;
import io.gomap.core.ShrinkPolicy;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

/**
 * The lab's look inside a {@link GoMap}: fill it, delete 90% of the keys, and print its {@link MapStats} before and
 * after, as the Go debugging chapter does with {@code unsafe}. The buckets stay: Go's maps never shrink. Then what the
 * two ways out make of the same map: {@link GoMap#compact()} on it, and a map built with
 * {@link ShrinkPolicy#whenSparse()} that went through the same fill and delete.
 */
final class InspectLab {

    /*
     * Overview:
     *
     * The maps are filled with keys 0..n-1 (each value is its own key object) and then every key not divisible by ten
     * is removed, so exactly n/10 rounded up remain. The detector is off: one thread does everything and the numbers
     * are the point. Stats are read after each phase; growth finishes during the puts that follow a doubling, so a map
     * caught mid-growth says so in its stats line rather than being waited on.
     *
     * After the delete, each of the three maps (as Go leaves it, compacted, shrunk by its policy) gets a line of
     * stats, its own bytes (JOL's graph size of the map minus its key objects, per entry), and the time of one full
     * forEach (best of a few, after a warm-up): the walk visits every bucket, so the buckets Go keeps cost time too.
     *
     * Reading guide: run, then the measurements (bytes, walk), then line.
     */

    static final int DEFAULT_KEYS = 1_000_000; // large enough for a few thousand overflow buckets
    static final int KEEP_EVERY = 10;          // one key in ten survives the delete: 90% deleted
    private static final int WALKS = 5;        // full iterations timed; the best is printed

    /** Where the walks' sums go, so that the JIT cannot drop a walk as unused. */
    static long sink;

    private InspectLab() {}

    /* ---- Step ---- */

    /** Fills, deletes and prints; always returns {@link Lab#OK}. */
    static int run(LabSettings settings, PrintStream out) {
        int keys = settings.keysOr(DEFAULT_KEYS);
        out.printf(Locale.ROOT, "== inspect: fill %,d entries, delete 90%%%n", keys);
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.OFF);
        fill(map, keys);
        out.println(line("after fill", map.stats()));
        deleteNineTenths(map, keys);
        out.println(line("after delete", map.stats()));
        out.println("   Go's maps never shrink (golang/go#20135): the buckets stay, the deleted slots remain.");
        out.println(cost("as Go leaves it", map));

        map.compact();
        out.println(line("compact()", map.stats()));
        out.println(cost("compact()", map));

        GoMap<Integer, Integer> shrinking = new GoMap<>(0, DetectorMode.OFF, ShrinkPolicy.whenSparse());
        fill(shrinking, keys);
        deleteNineTenths(shrinking, keys);
        out.println(line("whenSparse()", shrinking.stats()));
        out.println(cost("whenSparse()", shrinking));
        out.println("   compact() rebuilds in one step; ShrinkPolicy.whenSparse() halves the buckets as deletes go, a few");
        out.println("   buckets a write, so a shrink may still be under way (both arrays held) when the deletes stop.");
        return Lab.OK;
    }

    private static void fill(GoMap<Integer, Integer> map, int keys) {
        for (int i = 0; i < keys; i++) {
            Integer k = i;
            map.put(k, k);
        }
    }

    private static void deleteNineTenths(GoMap<Integer, Integer> map, int keys) {
        for (int i = 0; i < keys; i++) {
            if (i % KEEP_EVERY != 0) {
                map.remove(i);
            }
        }
    }

    /* ---- Measurements ---- */

    /** The map's own bytes per entry and the time of one full iteration, as one indented line. */
    static String cost(String what, GoMap<Integer, Integer> map) {
        long bytes = ownBytes(map);
        long walk = bestWalkNanos(map);
        return String.format(Locale.ROOT, "   %-15s %,d bytes (%.1f per entry), full forEach %,.2f ms", what + ":",
                bytes, map.isEmpty() ? 0.0 : (double) bytes / map.size(), walk / 1e6);
    }

    /** JOL's graph size of the map minus its keys (each value is its key, so the keys are all the payload). */
    private static long ownBytes(GoMap<Integer, Integer> map) {
        quietJol();
        Object[] keys = map.keySet().toArray();
        long payload = GraphStats.parseInstance((Object) keys).totalSize() - VM.current().sizeOf(keys);
        return GraphStats.parseInstance(map).totalSize() - payload;
    }

    /**
     * Initializes JOL with System.out muted: its first use prints a warning about dynamic attach straight to
     * System.out, which is not the lab's output stream and says nothing about the map.
     */
    private static void quietJol() {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            VM.current();
        } finally {
            System.setOut(saved);
        }
    }

    /** The best of {@link #WALKS} timed full iterations, after one untimed. */
    private static long bestWalkNanos(GoMap<Integer, Integer> map) {
        long[] sum = {0};
        map.forEach((k, v) -> sum[0] += v);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < WALKS; i++) {
            long start = System.nanoTime();
            map.forEach((k, v) -> sum[0] += v);
            best = Math.min(best, System.nanoTime() - start);
        }
        sink = sum[0];
        return best;
    }

    /**
     * One stats line, numbers with thousands separators. A same-size growth (Go's sameSizeGrow) is named as one: it
     * keeps B and only packs overflow chains, so "growing" alone would read as a doubling.
     */
    static String line(String when, MapStats s) {
        return String.format(Locale.ROOT,
                "   %-13s count=%,d  B=%d  buckets=%,d  overflow=%,d  tombstones=%,d  load=%.2f%s",
                when, s.count(), s.log2Buckets(), s.buckets(), s.overflowBuckets(), s.tombstones(), s.loadFactor(),
                s.growing() ? String.format(Locale.ROOT, "  (%s: %,d of %,d old buckets moved)",
                        s.shrinking() ? "shrinking" : s.sameSizeGrow() ? "same-size growth, packing overflow chains"
                                : "growing", s.evacuatedBuckets(), s.oldBuckets()) : "");
    }
}
