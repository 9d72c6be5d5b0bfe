package io.gomap.perf;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.gomap.concurrent.SyncMap;
import io.gomap.core.GoMap;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

/**
 * Prints, as a Markdown table, how many bytes each map spends per entry, not counting the key and value objects
 * themselves, for {@link GoMap}, {@link HashMap}, {@link ConcurrentHashMap}, {@link SyncMap} and an unbounded
 * Caffeine cache, measured with JOL.
 *
 * <p>SyncMap is measured after promotion: its read snapshot holds every entry and it has no recent level, the
 * steady state of a map whose keys are written once and then read. While a recent level exists (the keys added since
 * the last promotion) its array, about half the snapshot's, comes on top, so a map that keeps gaining keys costs more
 * than the figure shown.
 *
 * <p>Run from the shaded jar: {@code java -cp perf/target/benchmarks.jar io.gomap.perf.MemoryFootprint [sizes...]}.
 * Without arguments it reports 1,000 and 1,000,000 entries.
 */
public final class MemoryFootprint {

    /*
     * Overview:
     *
     * A measurement fills a map, created without a size hint as an application would, with `entries` distinct
     * Integer keys, each mapped to itself. The map's footprint is the total size of every object reachable from it
     * (JOL's graph walk counts each object once). The payload is the total size of the Integer objects, measured by
     * walking the key array and subtracting the array's own size; because each value is its key, the payload counts
     * keys and values together and each exactly once. Footprint minus payload is the map's own structure: tables,
     * buckets, nodes, and the few fixed objects every instance references (for GoMap, its DetectorMode constant),
     * which add a constant that vanishes per entry as the map grows. Keys start above Integer's small-value cache so
     * that no key is shared with unrelated code. After filling, a map is settled by its Impl: SyncMap looks up more
     * absent keys than it holds, which promotes its recent level into the read snapshot and drops it. The Caffeine cache
     * runs its maintenance on the calling thread rather than the common pool, so the graph walk does not wander
     * into the pool's threads; the per-entry structure is the same.
     *
     * Reading guide: the Impl and Footprint types, then measure (the one measuring worker), then the report that
     * main prints.
     */

    /* ---- Types ---- */

    /** The maps this report compares. */
    public enum Impl {
        /** {@link GoMap} with its default detector. */
        GOMAP("GoMap", GoMap::new),
        /** {@link HashMap}. */
        HASHMAP("HashMap", HashMap::new),
        /** {@link ConcurrentHashMap}. */
        CONCURRENT_HASHMAP("ConcurrentHashMap", ConcurrentHashMap::new),
        /** {@link SyncMap} after promotion: every entry in the read snapshot, no recent level. */
        SYNC_MAP("SyncMap (promoted)", SyncMap::new),
        /** An unbounded Caffeine cache's map view. */
        CAFFEINE("Caffeine", () -> Caffeine.newBuilder().executor(Runnable::run).<Integer, Integer>build().asMap());

        /** Name printed in the report. */
        private final String label;

        /** Creates an empty map without a size hint. */
        private final Supplier<Map<Integer, Integer>> factory;

        Impl(String label, Supplier<Map<Integer, Integer>> factory) {
            this.label = label;
            this.factory = factory;
        }

        /** Brings a filled map to its steady state; only SyncMap has one to reach (promotion). */
        void settle(Map<Integer, Integer> map, int entries) {
            if (this == SYNC_MAP) {
                Workload.settle(map, entries);
            }
        }

        /** Name printed in the report. */
        public String label() {
            return label;
        }
    }

    /**
     * One measurement.
     *
     * @param impl the map measured
     * @param entries number of entries in the map
     * @param graphBytes size of everything reachable from the map, keys and values included
     * @param payloadBytes size of the key and value objects alone
     */
    public record Footprint(Impl impl, int entries, long graphBytes, long payloadBytes) {

        /** Bytes the map itself uses, keys and values excluded. */
        public long overheadBytes() {
            return graphBytes - payloadBytes;
        }

        /** {@link #overheadBytes()} divided by the number of entries. */
        public double bytesPerEntry() {
            return (double) overheadBytes() / entries;
        }
    }

    /** Sizes reported when main is given no arguments. */
    static final int[] DEFAULT_SIZES = {1_000, 1_000_000};

    private static final int KEY_BASE = 1 << 16;   // first key; above Integer's cache so each key is its own object

    private MemoryFootprint() {
    }

    /* ---- Measurement ---- */

    /**
     * Fills a fresh map of the given kind with {@code entries} keys and measures it.
     *
     * @throws IllegalArgumentException if {@code entries} is not positive
     */
    public static Footprint measure(Impl impl, int entries) {
        if (entries <= 0) {
            throw new IllegalArgumentException("entries must be positive: " + entries);
        }
        Integer[] keys = new Integer[entries];
        Map<Integer, Integer> map = impl.factory.get();
        for (int i = 0; i < entries; i++) {
            keys[i] = KEY_BASE + i;
            map.put(keys[i], keys[i]);
        }
        impl.settle(map, entries);
        long graph = GraphStats.parseInstance(map).totalSize();
        long payload = GraphStats.parseInstance((Object) keys).totalSize() - VM.current().sizeOf(keys);
        return new Footprint(impl, entries, graph, payload);
    }

    /* ---- Report ---- */

    /**
     * Prints a Markdown table of bytes per entry for every map at each size, and GoMap's ratio to HashMap.
     *
     * @param args sizes to measure; {@link #DEFAULT_SIZES} when empty
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? DEFAULT_SIZES : parseSizes(args);
        System.out.println("Bytes per entry, keys and values excluded (JOL graph size minus Integer payload). Maps are");
        System.out.println("created without a size hint and filled with distinct Integer keys; SyncMap after promotion.");
        System.out.println();
        System.out.println("```");
        System.out.print(VM.current().details());
        System.out.println("```");
        System.out.println();
        String labels = Arrays.stream(Impl.values()).map(Impl::label).collect(Collectors.joining(" | "));
        System.out.println("| entries | " + labels + " | GoMap / HashMap |");
        System.out.println("|---:|" + "---:|".repeat(Impl.values().length) + "---:|");
        for (int size : sizes) {
            Map<Impl, Footprint> row = new EnumMap<>(Impl.class);
            StringBuilder line = new StringBuilder(String.format("| %,d |", size));
            for (Impl impl : Impl.values()) {
                Footprint footprint = measure(impl, size);
                row.put(impl, footprint);
                line.append(String.format(" %.2f |", footprint.bytesPerEntry()));
            }
            double ratio = row.get(Impl.GOMAP).bytesPerEntry() / row.get(Impl.HASHMAP).bytesPerEntry();
            System.out.println(line.append(String.format(" %.3f |", ratio)));
        }
    }

    /** Parses positive entry counts from the command line. */
    private static int[] parseSizes(String[] args) {
        int[] sizes = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i].replace("_", ""));
        }
        return sizes;
    }
}
