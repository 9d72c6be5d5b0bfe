package io.gomap.perf;

import io.gomap.concurrent.SyncMap;
import io.gomap.core.GoMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * A map made as a copy of another, {@code new X<>(source)}: how a read-mostly map is usually loaded at start-up. The
 * source is a {@code HashMap} of {@code size} distinct pre-boxed {@code Integer} keys, each mapped to itself; the time
 * is for the whole copy, allocation included, one thread.
 *
 * <p>{@code java -jar perf/target/benchmarks.jar CopyBenchmark -f 2 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CopyBenchmark {

    @Param({"1000", "1000000"})
    public int size;

    @Param({"SyncMap", "ConcurrentHashMap", "GoMap", "HashMap"})
    public String impl;

    private Map<Integer, Integer> source;

    @Setup(Level.Trial)
    public void setUp() {
        source = new HashMap<>();
        for (Integer key : Workload.keys(size, 0x5EED_C0B1L)) {
            source.put(key, key);
        }
        Workload.tenure();
    }

    @Benchmark
    public Map<Integer, Integer> copy() {
        switch (impl) {
            case "SyncMap":
                return new SyncMap<>(source);
            case "ConcurrentHashMap":
                return new ConcurrentHashMap<>(source);
            case "GoMap":
                return new GoMap<>(source);
            case "HashMap":
                return new HashMap<>(source);
            default:
                throw new IllegalArgumentException("unknown impl " + impl);
        }
    }
}
