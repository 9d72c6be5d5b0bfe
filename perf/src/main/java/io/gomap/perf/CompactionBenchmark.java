package io.gomap.perf;

import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.core.ShrinkPolicy;
import java.util.HashSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A map that held a million entries and lost 90% of them (golang/go#20135): lookups that hit, lookups of deleted keys,
 * and a full iteration, in three states:
 * <ul>
 *   <li>{@code deleted}: Go's behaviour, the buckets, overflow chains and tombstones stay;</li>
 *   <li>{@code compacted}: after {@link GoMap#compact()};</li>
 *   <li>{@code shrunk}: built with {@link ShrinkPolicy#whenSparse()}, whose deletes shrank it incrementally (setup
 *       finishes the last shrink with overwrites, as later writes would).</li>
 * </ul>
 * Each fork prints the map's {@link GoMap#stats()} after setup, so the report shows what each state carries.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar Compaction}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CompactionBenchmark {

    /*
     * Overview:
     *
     * Setup draws `size` distinct pre-boxed Integer keys from a seeded Random, puts them all, then removes all but
     * every tenth. `hits` holds the surviving keys and `misses` the removed ones, each shuffled and repeated to a power
     * of two so the cursor wraps with a mask. Misses are removed keys on purpose: they hash to the buckets their
     * deletes left tombstones in, the lookups the seed's chapter 3.1 is about. Nothing is written during measurement,
     * so every invocation sees the same map.
     *
     * Reading guide: parameters and state, setup, then getHit, getMiss, iterate.
     */

    /* ---- Parameters and state ---- */

    /** Entries before the deletes; a tenth remain. */
    @Param({"1000000"})
    public int size;

    /** The map's state after the deletes: deleted (Go), compacted (compact()), shrunk (ShrinkPolicy). */
    @Param({"deleted", "compacted", "shrunk"})
    public String state;

    private static final long SEED = 0x5EED_601DL;   // fixed seed so every fork measures the same key set

    /** The map being measured; never written after setup. */
    private GoMap<Integer, Integer> map;

    /** Surviving keys, shuffled; length is a power of two. */
    private Integer[] hits;

    /** Removed keys, shuffled; length is a power of two. */
    private Integer[] misses;

    private int hitMask;
    private int missMask;

    /** Position of the next lookup. */
    private int cursor;

    /** Accumulator for {@link #iterate()}. */
    private long sum;

    /* ---- Setup ---- */

    /** Fills the map, deletes 90%, brings it to {@link #state} and prints its stats. */
    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(SEED);
        Integer[] keys = Workload.keys(size, random, new HashSet<>());
        ShrinkPolicy policy = state.equals("shrunk") ? ShrinkPolicy.whenSparse() : ShrinkPolicy.NEVER;
        map = new GoMap<>(0, DetectorMode.BEST_EFFORT, policy);
        for (Integer key : keys) {
            map.put(key, key);
        }
        Integer[] kept = new Integer[(size + 9) / 10];
        Integer[] removed = new Integer[size - kept.length];
        int k = 0;
        int r = 0;
        for (int i = 0; i < size; i++) {
            if (i % 10 == 0) {
                kept[k++] = keys[i];
            } else {
                map.remove(keys[i]);
                removed[r++] = keys[i];
            }
        }
        switch (state) {
            case "deleted":
                break;
            case "compacted":
                map.compact();
                break;
            case "shrunk":
                finishMoves(kept[0]);
                break;
            default:
                throw new IllegalArgumentException("unknown state " + state);
        }
        hits = Workload.spread(kept, random);
        misses = Workload.spread(removed, random);
        hitMask = hits.length - 1;
        missMask = misses.length - 1;
        cursor = 0;
        System.out.println("state=" + state + " " + map.stats());
    }

    /** Overwrites one key until no growth or shrink is in progress: writes drive moves, reads never do. */
    private void finishMoves(Integer key) {
        while (map.stats().growing()) {
            for (int i = 0; i < 4096; i++) {
                map.put(key, key);
            }
        }
    }

    /* ---- Benchmarks ---- */

    /** Looks up a surviving key. */
    @Benchmark
    public Integer getHit() {
        return map.get(hits[cursor++ & hitMask]);
    }

    /** Looks up a removed key. */
    @Benchmark
    public Integer getMiss() {
        return map.get(misses[cursor++ & missMask]);
    }

    /** Visits every entry with forEach and sums the values; the time is for the whole map. */
    @Benchmark
    public long iterate() {
        sum = 0;
        map.forEach((key, value) -> sum += value);
        return sum;
    }
}
