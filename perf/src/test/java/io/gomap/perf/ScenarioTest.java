package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The workload definitions: each names a benchmark and parameters that exist, its definition states what it runs,
 * its JMH results find their way back to it, and its table renders ratios as speeds. Nothing timed is asserted.
 */
class ScenarioTest {

    @BeforeAll
    static void allowConcurrentJmhRuns() {
        // JMH refuses to start while another JMH holds /tmp/jmh.lock; a smoke run must not depend on the machine.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void namesABenchmarkAndParametersThatExist(Scenario s) {
        boolean found = false;
        for (Method m : s.benchmark.getMethods()) {
            if (m.isAnnotationPresent(Benchmark.class)) {
                Group group = m.getAnnotation(Group.class);
                found |= (group == null ? m.getName() : group.value()).equals(s.method);
            }
        }
        assertTrue(found, s + ": no @Benchmark " + s.method + " in " + s.benchmark.getSimpleName());
        Set<String> params = new HashSet<>();
        for (Field f : s.benchmark.getFields()) {
            if (f.isAnnotationPresent(Param.class)) {
                params.add(f.getName());
            }
        }
        List<String> used = new ArrayList<>(s.fixed.keySet());
        used.add("impl");
        if (!s.sizes.isEmpty()) {
            used.add("size");
        }
        if (!s.distributions.isEmpty()) {
            used.add("distribution");
        }
        assertTrue(params.containsAll(used), s + " uses " + used + "; " + s.benchmark.getSimpleName() + " has "
                + params);
        assertEquals(params.contains("size"), !s.sizes.isEmpty(), s + ": sizes");
        assertEquals(params.contains("distribution"), !s.distributions.isEmpty(), s + ": distributions");
        assertTrue(s.impls.contains(s.baseline), s + ": baseline " + s.baseline + " not among " + s.impls);
    }

    @Test
    void titlesAreDistinctAndContenderWorkloadsNameContenders() {
        assertEquals(Scenario.values().length, Arrays.stream(Scenario.values()).map(s -> s.title).distinct().count());
        for (Scenario s : Scenario.values()) {
            if (!s.benchmark.equals(GoMapVsHashMapBenchmark.class)) {
                s.impls.forEach(Contender::parse);
            }
        }
    }

    @Test
    void definitionStatesKeysDistributionThreadsAndTheCommand() {
        String d = Scenario.READ_90_10.definition();
        assertEquals(Scenario.READ_90_10.description + ". 1K and 1M keys, uniform choice of keys; 2 threads;"
                + " ratios to ConcurrentHashMap", d);
        String c = Scenario.READ_90_10.command(Scenario.READ_90_10.sizes, Scenario.READ_90_10.distributions, 2);
        assertTrue(c.startsWith("'ReadWriteMixBenchmark\\.readWrite$' -p readPercent=90 -p size=1000,1000000"
                + " -p distribution=uniform -p impl=SyncMap,"), c);
        assertTrue(c.endsWith(" -t 2"), c);
        String lab = Scenario.READ_90_10.definition(List.of(100_000), List.of(Workload.UNIFORM), 4);
        assertTrue(lab.contains(". 100K keys, uniform choice of keys; 4 threads;"), lab);
        assertTrue(Scenario.READ_WHILE_WRITE.definition().contains("reader role of 1 reader and 1 writer thread"));
        assertFalse(Scenario.NEW_KEYS_PUT.command(List.of(), List.of(), 2).contains("-p size"));
        assertTrue(Scenario.NEW_KEYS_PUT.definition().endsWith(", time per store. 2 threads; ratios to"
                + " ConcurrentHashMap"), Scenario.NEW_KEYS_PUT.definition());
    }

    @Test
    void suiteSettingsAreJmhOptionsWithTwoForks() {
        assertEquals("-f 2 -wi 1 -w 1s -i 2 -r 1s", SuiteRun.settings(false));
        assertEquals("-f 1 -wi 0 -i 1 -r 200ms", SuiteRun.settings(true));
    }

    @Test
    void countsPrintShort() {
        assertEquals("1K", Scenario.count(1_000));
        assertEquals("1M", Scenario.count(1_000_000));
        assertEquals("1,500", Scenario.count(1_500));
        assertEquals(Scenario.READ_ONLY, Scenario.parse("read_only"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.parse("read-only"));
    }

    @Test
    void resultsOfAScenarioRunFindTheirScenarioAndTable() throws RunnerException {
        Scenario s = Scenario.DISJOINT_90_10;
        Collection<RunResult> results = new Runner(s.options(List.of("SyncMap", "ConcurrentHashMap"),
                List.of(1_000), s.distributions, 2)
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100)).shouldFailOnError(true).build()).run();
        assertEquals(2, results.size());
        for (RunResult r : results) {
            assertEquals(s, Scenario.of(r.getParams()));
            assertEquals("90", r.getParams().getParam("readPercent"));
        }
        String table = ScenarioTable.of(s, List.of(1_000), results).markdown(2);
        assertTrue(table.contains("| ConcurrentHashMap | ") && table.contains(" | 1.00× |"), table);
        assertTrue(table.contains("JMH: `'DisjointKeysBenchmark\\.readWrite$' -p readPercent=90 -p size=1000 "), table);
        assertTrue(table.contains("| LockedGoMap | - | - |"), table);
    }

    @Test
    void tableRatiosAreSpeedsInEveryMode() {
        ScenarioTable thrpt = new ScenarioTable(Scenario.READ_ONLY, List.of(1_000), true, "ops/us");
        thrpt.put("ConcurrentHashMap", 1_000, Workload.UNIFORM, new ScenarioTable.Score(100, 5));
        thrpt.put("SyncMap", 1_000, Workload.UNIFORM, new ScenarioTable.Score(50, Double.NaN));
        String t = thrpt.markdown(2);
        assertTrue(t.startsWith("### read-only hits\n\n"), t);
        assertTrue(t.contains("| map | uniform, 1K (ops/us) | ratio | zipf, 1K (ops/us) | ratio |"), t);
        assertTrue(t.contains("\n\nDefinition: " + Scenario.READ_ONLY.description + ". 1K keys, uniform and zipf"), t);
        assertTrue(t.contains("ops/us, higher is better, all threads together;"), t);
        assertTrue(t.contains("| SyncMap | 50.0 | 0.50× | - | - |"), t);
        assertTrue(t.contains("| ConcurrentHashMap | 100 ± 5.00 | 1.00× |"), t);

        ScenarioTable avgt = new ScenarioTable(Scenario.GOMAP_GET_HIT, List.of(1_000), false, "ns/op");
        avgt.put("HashMap", 1_000, null, new ScenarioTable.Score(5, 1));
        avgt.put("GoMap-OFF", 1_000, null, new ScenarioTable.Score(10, 1));
        String a = avgt.markdown(1);
        assertTrue(a.contains("ns/op, lower is better;"), a);
        assertTrue(a.contains("| GoMap-OFF | 10.0 ± 1.00 | 0.50× |"), a);
    }

    @Test
    void sampledTablesShowP999AndMaximum() {
        ScenarioTable sample = new ScenarioTable(Scenario.STORE_LATENCY, List.of(100_000), false, "ns/op", true);
        sample.put("ConcurrentHashMap", 100_000, null, new ScenarioTable.Score(200, 10, 20_000, 4_000_000));
        sample.put("SyncMap", 100_000, null, new ScenarioTable.Score(400, 20, 50_000, 9_000_000));
        String t = sample.markdown(2);
        assertTrue(t.contains("| map | 100K (ns/op) | ratio | p99.9 | max |\n|---|---:|---:|---:|---:|\n"), t);
        assertTrue(t.contains("| SyncMap | 400 ± 20.0 | 0.50× | 50,000 | 9,000,000 |"), t);
        assertTrue(t.contains("| ConcurrentHashMap | 200 ± 10.0 | 1.00× | 20,000 | 4,000,000 |"), t);
        assertTrue(t.contains("the longest call sampled"), t);
    }

    @Test
    void sampleTimeRunFillsThePercentileColumns() throws RunnerException {
        Scenario s = Scenario.STORE_LATENCY;
        Collection<RunResult> results = new Runner(s.options(List.of("ConcurrentHashMap"), List.of(10_000),
                s.distributions, 2)
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100)).shouldFailOnError(true).build()).run();
        assertEquals(1, results.size());
        assertEquals(s, Scenario.of(results.iterator().next().getParams()));
        String table = ScenarioTable.of(s, List.of(10_000), results).markdown(2);
        String row = table.lines().filter(l -> l.startsWith("| ConcurrentHashMap |")).findFirst().orElseThrow();
        assertEquals(6, row.chars().filter(c -> c == '|').count(), row);   // map, mean, ratio, p99.9, max
        assertFalse(row.contains("| - |"), row);
    }
}
