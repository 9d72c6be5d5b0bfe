package io.gomap.perf;

import io.gomap.concurrent.SyncMap;
import io.gomap.core.GoMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The price of the JFR events ({@code io.gomap.Grow}, {@code io.gomap.DirtyPromote}) on the workloads that fire them:
 * a GoMap grown from empty, and a SyncMap fed only new keys, which promotes its recent level again and again.
 *
 * <p>{@code recording=off} is the normal case: no recording runs, and each hook costs an {@code isEnabled()} check
 * that returns false. Running the same benchmark against classes built without the hooks (only public API is used, so
 * they can be put first on the class path) shows whether that check is measurable; {@code recording=on} shows the
 * price of actually recording every event, with stack traces, into an in-memory recording.
 *
 * <p>Run from the shaded jar: {@code java -jar perf/target/benchmarks.jar JfrCost}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JfrCostBenchmark {

    /*
     * Overview:
     *
     * Keys are pre-boxed in setup. growFromEmpty puts `entries` keys into a new GoMap: about log2(entries / 6.5)
     * doublings, each one Grow hook. syncMapNewKeys stores `entries` new keys into a new SyncMap, loading each right
     * after its store: each new key goes into the recent level, and when that is full the next new key copies it and
     * the snapshot into a new snapshot: a DirtyPromote each time the map grows by about half, each after O(n) work
     * (Go pays a second O(n) copy when the next new key rebuilds dirty; SyncMap does not). Both return
     * the map's size so JMH sinks the result.
     *
     * Reading guide: parameters and state, setup and teardown (the recording), then the two benchmarks.
     */

    /* ---- Parameters and state ---- */

    /** Keys put into each new map. */
    @Param({"10000"})
    public int entries;

    /** Whether an in-memory JFR recording with the gomap events enabled runs during the trial. */
    @Param({"off", "on"})
    public String recording;

    private static final int KEY_FLOOR = 1 << 16;    // keys start above Integer's cache

    /** The keys, pre-boxed. */
    private Integer[] keys;

    /** The running recording when {@link #recording} is on, else null. */
    private Recording jfr;

    /* ---- Setup and teardown ---- */

    /** Boxes the keys and starts the recording if asked for. */
    @Setup(Level.Trial)
    public void setUp() {
        keys = new Integer[entries];
        for (int i = 0; i < entries; i++) {
            keys[i] = KEY_FLOOR + i;
        }
        switch (recording) {
            case "off":
                break;
            case "on":
                jfr = new Recording();
                jfr.setToDisk(false);
                for (String name : new String[] {"io.gomap.Grow", "io.gomap.Compact", "io.gomap.DetectorTrip",
                        "io.gomap.DirtyPromote"}) {
                    jfr.enable(name);
                }
                jfr.start();
                break;
            default:
                throw new IllegalArgumentException("unknown recording " + recording);
        }
    }

    /** Stops and discards the recording. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (jfr != null) {
            jfr.close();
            jfr = null;
        }
    }

    /* ---- Benchmarks ---- */

    /** Fills a new GoMap from empty: every doubling passes the Grow hook. */
    @Benchmark
    public int growFromEmpty() {
        GoMap<Integer, Integer> m = new GoMap<>();
        for (Integer key : keys) {
            m.put(key, key);
        }
        return m.size();
    }

    /** Stores new keys into a new SyncMap, loading each once: promotions all the way. */
    @Benchmark
    public int syncMapNewKeys() {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (Integer key : keys) {
            m.store(key, key);
            m.load(key);
        }
        return m.size();
    }
}
