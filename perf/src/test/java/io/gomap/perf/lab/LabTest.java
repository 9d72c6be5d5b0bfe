package io.gomap.perf.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gomap.core.MapStats;
import io.gomap.perf.Contender;
import io.gomap.perf.RecentReads;
import io.gomap.perf.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Smoke test of the lab, run in-process through {@link Lab#run}: the tour with tiny settings writes a report and a
 * chart that parse, and bad command lines fail with one line and exit code 2. Nothing timed is asserted.
 */
class LabTest {

    /** What one run printed, and its exit code. */
    record Outcome(int exitCode, String out, String err) {}

    @BeforeAll
    static void allowJmhBesideOtherRuns() {
        // JMH refuses to start while another JMH run holds its machine-wide lock; builds share this machine.
        System.setProperty("jmh.ignoreLock", "true");
    }

    static Outcome lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Lab.run(o, e, args);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tourWritesReportAndChart(@TempDir Path results) throws Exception {
        Outcome o = lab("tour", "--keys", "1000", "--duration", "60ms", "--out", results.toString());
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("== race"), o.out());
        assertTrue(o.out().contains(" keys each (strict detector)"), o.out());
        assertTrue(o.out().contains("every one of the 2,000 keys maps to its value"), o.out());
        assertTrue(o.out().contains("after delete  count=100 "), o.out());
        assertTrue(o.out().contains("ConcurrentHashMap"), o.out());
        assertTrue(o.out().contains("== jfr"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("   JFR: ") && l.contains("SyncMapMisfit")), o.out());

        Path run = onlyFolder(results);
        String report = Files.readString(run.resolve("report.md"), StandardCharsets.UTF_8);
        for (Contender c : Contender.values()) {
            assertTrue(report.lines().anyMatch(l -> l.startsWith("| " + c.displayName() + " |")
                            && l.chars().filter(ch -> ch == '|').count() == 1 + 1 + BenchLab.SCENARIOS.size()),
                    "no table row for " + c + " in\n" + report);
        }

        NodeList rects = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(run.resolve("chart.svg").toFile()).getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            if ("bar".equals(((Element) rects.item(i)).getAttribute("class"))) {
                bars++;
            }
        }
        assertEquals(Contender.values().length * BenchLab.SCENARIOS.size(), bars);
        for (Scenario s : BenchLab.SCENARIOS) {
            String keys = BenchLab.FIXED_SIZE.contains(s) ? Scenario.count(s.sizes.get(0)) : "1K";
            assertTrue(report.contains("- **" + s.title + "**: " + s.description + ". " + keys + " keys"), report);
        }
        assertTrue(BenchLab.SCENARIOS.contains(Scenario.RECENT_READS), "the bench shows where SyncMap does worst");
    }

    @Test
    void jfrRecordsTheGrowingCacheAndSaysWhatTheEventsMean() {
        Outcome o = lab("jfr", "--threads", "2");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   ConcurrentHashMap ") && l.contains(" ops/us")),
                o.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   SyncMap ") && l.contains("x ConcurrentHashMap")),
                o.out());
        // Whether the lock was taken often enough depends on the machine's speed; either way the step says which.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   JFR: ") && l.contains(" SyncMapMisfit event")),
                o.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   JFR: ") && l.contains(" DirtyPromote event")),
                o.out());
        assertEquals("", o.err());
    }

    @Test
    void jfrRecordsTheWorkloadNotTheFill() throws Exception {
        JfrLab.Recorded r = JfrLab.recordSyncMap(1, RecentReads.DEFAULT_SIZE, LabSettings.MIN_DURATION);
        // The fill's promotions copy snapshots still short of the keys the map starts with; once it is settled,
        // every promotion copies a snapshot holding at least those (the workload deletes nothing).
        int promotes = 0;
        for (RecordedEvent e : r.events()) {
            if (e.getEventType().getName().equals(JfrLab.PROMOTE)) {
                promotes++;
                assertTrue(e.getInt("snapshotKeys") >= RecentReads.DEFAULT_SIZE, e.toString());
            }
        }
        // The recording spans the 300 ms warm-up, whose reads of the keys the fill left in the recent level promote
        // it: without that promotion nothing above was checked.
        assertTrue(promotes > 0, "no promotion recorded: " + r.events());
    }

    @Test
    void jfrVerdictWithoutEventsSaysSoAndRatesReadAsSpoken() {
        String none = JfrLab.verdict(List.of());
        assertTrue(none.startsWith("   JFR: no SyncMapMisfit event: SyncMap's lock was not taken 100,000 times"), none);
        assertTrue(none.contains("JFR: no DirtyPromote event"), none);
        assertEquals("600,000", JfrLab.range(600_000, 600_400));
        assertEquals("580,000 to 610,000", JfrLab.range(580_200, 610_000));
        assertEquals("5.2 to 6.2 million", JfrLab.range(5_178_000, 6_151_000));
        assertEquals("580,000 to 1.2 million", JfrLab.range(580_000, 1_200_000));
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        Outcome o = lab("--help");
        assertEquals(0, o.exitCode());
        for (String word : List.of("tour", "race", "inspect", "bench", "jfr", "--threads", "--keys", "--duration",
                "--out")) {
            assertTrue(o.out().contains(word), word + " missing from\n" + o.out());
        }
        assertEquals("", o.err());
    }

    @Test
    void outputThatCannotBeWrittenFails() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        int code;
        try (PrintStream o = new PrintStream(full, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Lab.run(o, e, "--help");
        }
        assertEquals(Lab.FAILED, code);
        assertEquals(List.of("gomap-lab: could not write the output"), err.toString(StandardCharsets.UTF_8).lines()
                .toList());
    }

    @Test
    void inspectNamesASameSizeGrowthAsOne() {
        String packing = InspectLab.line("after fill", new MapStats(1000, 8, 256, 40, 0, true, true, 256, 3, 3.91));
        assertTrue(packing.endsWith("  (same-size growth, packing overflow chains: 3 of 256 old buckets moved)"),
                packing);
        String doubling = InspectLab.line("after fill", new MapStats(1000, 9, 512, 0, 0, true, false, 256, 3, 1.95));
        assertTrue(doubling.endsWith("  (growing: 3 of 256 old buckets moved)"), doubling);
    }

    @Test
    void inspectPrintsStatsBeforeAndAfter() {
        Outcome o = lab("inspect", "--keys", "10000");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("after fill    count=10,000 "), o.out());
        assertTrue(o.out().contains("after delete  count=1,000  B=11 "), o.out());
        assertTrue(o.out().contains("compact()     count=1,000  B=8 "), o.out());
        assertTrue(o.out().contains("whenSparse()  count=1,000  B=10 "), o.out());
        // A shrink still under way (how far it got depends on the hash seed) is labelled as one, never as growth.
        String sparse = o.out().lines().filter(l -> l.contains("whenSparse()  count=")).findFirst().orElseThrow();
        assertFalse(sparse.contains("(growing: "), sparse);
        assertTrue(!sparse.contains(" old buckets moved)") || sparse.contains("(shrinking: "), sparse);
        assertEquals(3, o.out().lines().filter(l -> l.contains(" per entry), full forEach ")).count(), o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "--threads", "race --threads x", "race --threads 1", "bench --threads 0",
        "inspect --threads 4", "bench --duration 2x", "bench --duration 5ms", "--bogus", "race race",
        "bench --keys 99999999999999", "bench --keys -5", "race --detector off", "--keys 10 --keys 20",
        "race --threads 4 --keys 10000000", "bench --keys 1,,0,0", "inspect --keys 5000,", "inspect 5000"})
    void badArgumentsFailWithOneLine(String line) {
        Outcome o = lab(line.split(" "));
        assertEquals(Lab.BAD_USAGE, o.exitCode());
        assertEquals("", o.out());
        assertTrue(o.err().startsWith("gomap-lab: ") && o.err().strip().endsWith("; see --help"), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void unknownCommandNamesEveryCommand() {
        Outcome o = lab("frobnicate");
        for (LabSettings.Command c : LabSettings.Command.values()) {
            assertTrue(o.err().contains(c.word()), c.word() + " missing from " + o.err());
        }
    }

    @Test
    void ioFailuresSayWhy() {
        assertEquals("/r/x: permission denied", Lab.describe(new AccessDeniedException("/r/x")));
        assertEquals("/r/x: no such file or folder", Lab.describe(new NoSuchFileException("/r/x")));
        assertEquals("/r/x: Not a directory", Lab.describe(new FileSystemException("/r/x", null, "Not a directory")));
        assertEquals("disk full", Lab.describe(new IOException("disk full")));
    }

    @Test
    void outThatIsAFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Outcome o = lab("bench", "--out", file.toString());
        assertEquals(Lab.BAD_USAGE, o.exitCode());
        assertTrue(o.err().contains("is a file, not a folder"), o.err());
    }

    @Test
    void tourWithAnUnusableOutStopsBeforeItsFirstStep(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Outcome o = lab("--out", file.resolve("sub").toString());
        assertEquals(Lab.FAILED, o.exitCode(), o.out());
        assertEquals("", o.out());
        assertTrue(o.err().startsWith("gomap-lab: tour failed: cannot create the results folder: " + file), o.err());
    }

    @Test
    void benchWithAFolderThatCannotBeMadeStopsBeforeMeasuring() {
        // /proc's permission bits let root write, yet nothing can be created in it: only making the folder tells.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        Outcome o = lab("bench", "--duration", "10ms", "--out", "/proc");
        assertEquals(Lab.FAILED, o.exitCode(), o.out());
        assertEquals("", o.out());
        assertTrue(o.err().startsWith("gomap-lab: bench failed: cannot create the results folder: /proc/2"),
                o.err());
    }

    private static Path onlyFolder(Path parent) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }
}
