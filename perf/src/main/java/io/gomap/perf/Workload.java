package io.gomap.perf;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Shared setup for the multi-threaded contender benchmarks: pre-boxed keys, the per-thread index sequences that
 * choose them (uniform or Zipfian), and filled maps. Nothing here runs inside a measured loop.
 */
final class Workload {

    /*
     * Overview:
     *
     * Keys are distinct Integer objects drawn from a seeded Random at or above KEY_FLOOR, so none comes from
     * Integer's small-value cache and their hash codes are spread as real identifiers would be. A benchmark walks a
     * precomputed int[] of indices into its key array (as Caffeine's GetPutBenchmark does), so the measured loop
     * does one array load and one mask, never a random draw or a boxing. An index array's length is a power of two
     * at least the number of keys and at least MIN_INDICES, so a uniform walk covers every key and a Zipfian one
     * follows its law over many draws. Under the Zipfian law, rank r maps to key r; since keys are random, the hot
     * keys are scattered over the map's buckets.
     *
     * Reading guide: constants, keys, indices, maps.
     */

    static final String UNIFORM = "uniform";       // every key equally likely
    static final String ZIPF = "zipf";             // key of rank r has weight 1 / (r + 1)^ZIPF_EXPONENT
    static final double ZIPF_EXPONENT = 0.99;      // YCSB's default skew
    static final int MIN_INDICES = 1 << 16;        // shortest index array, so small key sets still get a long walk
    static final int KEY_FLOOR = 1 << 16;          // keys are at or above this, outside Integer's cache
    static final long SEED = 0x5EED_601DL;         // fixed seed so every fork measures the same keys

    private Workload() {
    }

    /* ---- Keys ---- */

    /** {@code count} distinct random Integer keys, each its own object. */
    static Integer[] keys(int count, long seed) {
        return keys(count, new Random(seed), new HashSet<>());
    }

    /** {@code count} distinct random Integer keys not yet in {@code seen}, recording them there. */
    static Integer[] keys(int count, Random random, Set<Integer> seen) {
        Integer[] out = new Integer[count];
        int filled = 0;
        while (filled < count) {
            Integer candidate = KEY_FLOOR + random.nextInt(Integer.MAX_VALUE - KEY_FLOOR);
            if (seen.add(candidate)) {
                out[filled++] = candidate;
            }
        }
        return out;
    }

    /**
     * {@code keys} repeated to the next power of two and shuffled (Fisher-Yates): a walk over the result wraps with a
     * mask, meets every key, and in an order unrelated to insertion order.
     */
    static Integer[] spread(Integer[] keys, Random random) {
        int length = Integer.highestOneBit(Math.max(1, keys.length - 1)) << 1;
        Integer[] out = new Integer[length];
        for (int i = 0; i < length; i++) {
            out[i] = keys[i % keys.length];
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer tmp = out[i];
            out[i] = out[j];
            out[j] = tmp;
        }
        return out;
    }

    /* ---- Indices ---- */

    /** Smallest power of two at least {@code keyCount} and at least {@link #MIN_INDICES}. */
    static int indexLength(int keyCount) {
        return Math.max(MIN_INDICES, Integer.highestOneBit(Math.max(1, keyCount - 1)) << 1);
    }

    /**
     * Indices into a key array of length {@code keyCount}, drawn by {@code distribution}; the length is
     * {@link #indexLength(int)}, so a walk wraps with a mask.
     *
     * @throws IllegalArgumentException if the distribution is neither {@value #UNIFORM} nor {@value #ZIPF}
     */
    static int[] indices(String distribution, int keyCount, long seed) {
        Random random = new Random(seed);
        int[] out = new int[indexLength(keyCount)];
        switch (distribution) {
            case UNIFORM -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = i % keyCount;
                }
                shuffle(random, out);
            }
            case ZIPF -> {
                ZipfSampler zipf = new ZipfSampler(keyCount, ZIPF_EXPONENT);
                for (int i = 0; i < out.length; i++) {
                    out[i] = zipf.next(random);
                }
            }
            default -> throw new IllegalArgumentException(
                    "unknown distribution '" + distribution + "'; valid: " + UNIFORM + ", " + ZIPF);
        }
        return out;
    }

    /** Fisher-Yates shuffle. */
    private static void shuffle(Random random, int[] array) {
        for (int i = array.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = array[i];
            array[i] = array[j];
            array[j] = tmp;
        }
    }

    /* ---- Maps ---- */

    /**
     * A map of the named contender, created for {@code expectedKeys} keys, holding each of {@code keys} mapped to
     * itself, then {@linkplain #settle settled}.
     */
    static Map<Integer, Integer> filled(String impl, int expectedKeys, Integer[] keys) {
        Map<Integer, Integer> map = Contender.parse(impl).create(expectedKeys);
        for (Integer key : keys) {
            map.put(key, key);
        }
        settle(map, keys.length);
        return map;
    }

    /** Where thread {@code thread} starts walking an array of {@code length} keys: its own share of them. */
    static int threadStart(ThreadParams thread, int length) {
        return (int) ((long) thread.getThreadIndex() * length / thread.getThreadCount());
    }

    /**
     * Moves everything the setup built into the old generation with a full collection, as a long-lived map is in an
     * application: G1 (JDK 17's default collector) filters out of its write barrier the stores into young objects,
     * so a map left young by its setup would pay no barrier on overwrites, unlike one that lives in the old
     * generation. A full collection of G1 or of the parallel collector leaves every live object in the old generation.
     */
    static void tenure() {
        System.gc();
    }

    /**
     * Looks up absent keys, four times as many as the map holds, which promotes SyncMap's recent level into its read
     * snapshot as the first misses of a real run would (SyncMap counts one miss in 64, at random, and promotes once
     * the misses since the last new key reach its keys: four times that many make a shortfall vanishingly unlikely);
     * harmless for the other contenders.
     */
    static void settle(Map<Integer, Integer> map, int size) {
        for (int i = 0; i < 4 * size + 64; i++) {
            map.get(-1 - i);
        }
    }
}
