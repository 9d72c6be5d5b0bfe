package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.perf.PairedRatio.Round;
import io.gomap.perf.PairedRatio.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@link PairedRatio}: its arguments, its arithmetic, and two short rounds run in this JVM (nothing timed asserted). */
class PairedRatioTest {

    @BeforeAll
    static void allowConcurrentJmhRuns() {
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void parsesEveryOption() {
        Settings s = Settings.parse("GoMapVsHashMapBenchmark.getHit$", "--pair", "impl=GoMap-OFF,HashMap",
                "-p", "size=1000000", "--rounds", "4", "-wi", "0", "-w", "500ms", "-i", "2", "-r", "2s", "-t", "2");
        assertEquals("GoMapVsHashMapBenchmark.getHit$", s.benchmark());
        assertEquals("impl", s.param());
        assertEquals("GoMap-OFF", s.a());
        assertEquals("HashMap", s.b());
        assertEquals(Map.of("size", "1000000"), s.params());
        assertEquals(4, s.rounds());
        assertEquals(0, s.warmups());
        assertEquals(TimeValue.milliseconds(500), s.warmupTime());
        assertEquals(2, s.iterations());
        assertEquals(TimeValue.seconds(2), s.time());
        assertEquals(2, s.threads());
    }

    @Test
    void defaultsAreSixRoundsOfThreeAndThreeOneSecondIterations() {
        Settings s = Settings.parse("X", "--pair", "impl=A,B");
        assertEquals(6, s.rounds());
        assertEquals(3, s.warmups());
        assertEquals(3, s.iterations());
        assertEquals(TimeValue.seconds(1), s.time());
        assertEquals(Map.of(), s.params());
        assertEquals(0, s.threads()); // the benchmark's own @Threads
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertMessage("no --pair", "X");
        assertMessage("no benchmark", "--pair", "impl=A,B");
        assertMessage("two different values", "X", "--pair", "impl=A");
        assertMessage("two different values", "X", "--pair", "impl=A,A");
        assertMessage("two different values", "X", "--pair", "impl=A,B,C");
        assertMessage("takes NAME=VALUE", "X", "--pair", "A,B");
        assertMessage("is the parameter --pair varies", "X", "--pair", "impl=A,B", "-p", "impl=C");
        assertMessage("must be at least 1", "X", "--pair", "impl=A,B", "--rounds", "0");
        assertMessage("takes a count", "X", "--pair", "impl=A,B", "-wi", "-1");
        assertMessage("must be at least 1", "X", "--pair", "impl=A,B", "-t", "0");
        assertMessage("needs a value", "X", "--pair");
        assertMessage("unexpected argument 'Y'", "X", "Y", "--pair", "impl=A,B");
        assertMessage("unexpected argument '-f'", "X", "-f", "2", "--pair", "impl=A,B");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void speedRatioIsAOverBInEitherMode() {
        assertEquals(0.5, PairedRatio.speedRatio(Mode.AverageTime, 4.0, 2.0)); // A takes twice as long
        assertEquals(0.5, PairedRatio.speedRatio(Mode.SingleShotTime, 4.0, 2.0));
        assertEquals(2.0, PairedRatio.speedRatio(Mode.Throughput, 4.0, 2.0));   // A does twice as many
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, PairedRatio.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, PairedRatio.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(7.0, PairedRatio.median(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.median(List.of()));
    }

    @Test
    void twoRoundsInThisJvmAlternateTheOrderAndSummarize() throws Exception {
        Settings s = Settings.parse("GoMapVsHashMapBenchmark\\.getHit$", "--pair", "impl=GoMap-OFF,HashMap",
                "-p", "size=1000", "--rounds", "2", "-wi", "0", "-i", "1", "-r", "50ms");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Round> rounds = PairedRatio.measure(s, 0, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, rounds.size());
        for (Round r : rounds) {
            assertTrue(r.a() > 0 && r.b() > 0, r.toString());
            assertEquals(r.b() / r.a(), r.ratio(), 1e-12); // ns/op: A's speed over B's
        }
        assertTrue(out.contains("round 1 (GoMap-OFF first)"), out);
        assertTrue(out.contains("round 2 (HashMap first)"), out);
        assertTrue(out.contains("GoMap-OFF / HashMap speed: median"), out);
    }

    @Test
    void aParameterLeftOpenIsAnError() {
        // GoMapVsHashMapBenchmark has two sizes; without -p size both would run on each side.
        Settings s = Settings.parse("GoMapVsHashMapBenchmark\\.getHit$", "--pair", "impl=GoMap-OFF,HashMap",
                "--rounds", "1", "-wi", "0", "-i", "1", "-r", "10ms");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedRatio.measure(s, 0, quiet));
        assertTrue(e.getMessage().contains("fix each other parameter with -p"), e.getMessage());
    }
}
