package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a few benchmarks through JMH's Runner API in this JVM, with one 100 ms iteration and no warmup, and checks that
 * a result comes back for each parameter combination asked for. Nothing timed is asserted.
 */
class JmhSmokeTest {

    @BeforeAll
    static void allowConcurrentJmhRuns() {
        // JMH refuses to start while another JMH holds /tmp/jmh.lock; a smoke run must not depend on the machine.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void singleThreadedGoMapVsHashMap() throws RunnerException {
        Collection<RunResult> results = run(options("GoMapVsHashMapBenchmark\\.getHit$", 1)
                .param("size", "1000")
                .param("impl", "GoMap-STRICT", "HashMap"));
        assertEquals(List.of("GoMap-STRICT", "HashMap"), params(results, "impl"));
    }

    @Test
    void twoThreadsOnAContender() throws RunnerException {
        Collection<RunResult> results = run(options("ReadWriteMixBenchmark\\.readWrite$", 2)
                .param("impl", "SyncMap")
                .param("size", "1000")
                .param("distribution", "zipf")
                .param("readPercent", "90"));
        assertEquals(List.of("SyncMap"), params(results, "impl"));
    }

    @Test
    void goShapeOnSyncMap() throws RunnerException {
        Collection<RunResult> results = run(options("GoSyncMapBenchmark\\.LoadOrStoreBalanced$", 2));
        assertEquals(1, results.size());
        assertTrue(results.iterator().next().getParams().getBenchmark().endsWith("LoadOrStoreBalanced"));
    }

    private static ChainedOptionsBuilder options(String include, int threads) {
        return new OptionsBuilder()
                .include(include)
                .forks(0)
                .threads(threads)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            assertEquals(1, result.getPrimaryResult().getSampleCount(), result.getParams().getBenchmark());
        }
        return results;
    }

    private static List<String> params(Collection<RunResult> results, String name) {
        List<String> values = new ArrayList<>();
        for (RunResult result : results) {
            values.add(result.getParams().getParam(name));
        }
        values.sort(null);
        return values;
    }
}
