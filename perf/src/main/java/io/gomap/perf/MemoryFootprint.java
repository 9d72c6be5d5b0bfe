package io.gomap.perf;

import io.gomap.core.GoMap;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

/**
 * Prints how many bytes each map spends per entry, not counting the key and value objects themselves, for
 * {@link GoMap}, {@link HashMap} and {@link ConcurrentHashMap}, measured with JOL.
 *
 * <p>Run from the shaded jar: {@code java -cp perf/target/benchmarks.jar io.gomap.perf.MemoryFootprint [sizes...]}.
 * Without arguments it reports a fixed sweep of sizes that includes 1,000 and 1,000,000 entries.
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
     * that no key is shared with unrelated code.
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
        CONCURRENT_HASHMAP("ConcurrentHashMap", ConcurrentHashMap::new);

        /** Name printed in the report. */
        private final String label;

        /** Creates an empty map without a size hint. */
        private final Supplier<Map<Integer, Integer>> factory;

        Impl(String label, Supplier<Map<Integer, Integer>> factory) {
            this.label = label;
            this.factory = factory;
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

    /** Sizes reported when main is given no arguments; includes 1K and 1M. */
    static final int[] DEFAULT_SIZES = {1_000, 1_500, 3_000, 6_000, 10_000, 100_000, 500_000, 1_000_000, 1_500_000};

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
        long graph = GraphStats.parseInstance(map).totalSize();
        long payload = GraphStats.parseInstance((Object) keys).totalSize() - VM.current().sizeOf(keys);
        return new Footprint(impl, entries, graph, payload);
    }

    /* ---- Report ---- */

    /**
     * Prints bytes per entry for every map at each size, and GoMap's ratio to HashMap.
     *
     * @param args sizes to measure; the default sweep when empty
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? DEFAULT_SIZES : parseSizes(args);
        System.out.println("# Bytes per entry, keys and values excluded (JOL graph size minus Integer payload).");
        System.out.println("# Maps are created without a size hint and filled with distinct Integer keys.");
        System.out.print(VM.current().details());
        System.out.printf("%10s %12s %12s %20s %14s%n",
                "entries", "GoMap", "HashMap", "ConcurrentHashMap", "GoMap/HashMap");
        List<Map<Impl, Footprint>> rows = new ArrayList<>();
        for (int size : sizes) {
            Map<Impl, Footprint> row = new EnumMap<>(Impl.class);
            for (Impl impl : Impl.values()) {
                row.put(impl, measure(impl, size));
            }
            rows.add(row);
            double go = row.get(Impl.GOMAP).bytesPerEntry();
            double hash = row.get(Impl.HASHMAP).bytesPerEntry();
            System.out.printf("%10d %12.2f %12.2f %20.2f %14.3f%n",
                    size, go, hash, row.get(Impl.CONCURRENT_HASHMAP).bytesPerEntry(), go / hash);
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
