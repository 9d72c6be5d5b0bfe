package io.gomap.perf.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.core.DetectorMode;
import io.gomap.perf.RecentReads;
import io.gomap.perf.lab.LabSettings.Command;
import io.gomap.perf.lab.LabSettings.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's command-line parser: defaults, both option spellings, and what each command accepts. */
class LabSettingsTest {

    @Test
    void noArgumentsMeansTheTourWithDefaults() throws UsageException {
        LabSettings s = LabSettings.parse();
        assertEquals(Command.TOUR, s.command());
        assertEquals(LabSettings.DEFAULT_THREADS, s.threads());
        assertEquals(RaceLab.DEFAULT_KEYS, s.keysOr(RaceLab.DEFAULT_KEYS));
        assertEquals(InspectLab.DEFAULT_KEYS, s.keysOr(InspectLab.DEFAULT_KEYS));
        assertEquals(LabSettings.DEFAULT_DURATION, s.duration());
        assertEquals(LabSettings.DEFAULT_OUT, s.out());
        assertEquals(DetectorMode.STRICT, s.detector());
    }

    @Test
    void optionsTakeSpaceOrEqualsAndAnyOrder() throws UsageException {
        LabSettings s = LabSettings.parse("--duration=1500ms", "bench", "--threads", "3", "--keys", "1_000_000",
                "--out", "build/lab");
        assertEquals(Command.BENCH, s.command());
        assertEquals(3, s.threads());
        assertEquals(1_000_000, s.keysOr(7));
        assertEquals(Duration.ofMillis(1500), s.duration());
        assertEquals(Path.of("build/lab"), s.out());
        assertEquals(100_000, LabSettings.parse("inspect", "--keys", "100,000").keysOr(7));
    }

    @Test
    void aStrayNumberIsPointedToItsOption() {
        UsageException e = assertThrows(UsageException.class, () -> LabSettings.parse("inspect", "5000"));
        assertEquals("'5000' is not a command; a number goes after its option, e.g. --keys 5000", e.getMessage());
    }

    @Test
    void durationUnits() throws UsageException {
        assertEquals(Duration.ofSeconds(2), LabSettings.parse("bench", "--duration", "2s").duration());
        assertEquals(Duration.ofMinutes(1), LabSettings.parse("bench", "--duration", "1m").duration());
        assertEquals(Duration.ofMillis(10), LabSettings.parse("bench", "--duration", "10ms").duration());
    }

    @Test
    void durationsPrintAsTheyAreTyped() throws UsageException {
        for (Duration d : List.of(LabSettings.MIN_DURATION, Duration.ofMillis(1500), LabSettings.DEFAULT_DURATION,
                LabSettings.MAX_DURATION)) {
            assertEquals(d, LabSettings.parse("bench", "--duration", LabSettings.text(d)).duration());
        }
    }

    @Test
    void helpShowsTheDefaultsTheCommandsUse() {
        String help = Lab.usage();
        for (String shown : List.of("default " + LabSettings.DEFAULT_THREADS + ")",
                "keys per writer in race (default " + LabSettings.count(RaceLab.DEFAULT_KEYS) + ")",
                "entries in inspect (default " + LabSettings.count(InspectLab.DEFAULT_KEYS) + ")",
                "map size in bench (default " + LabSettings.count(BenchLab.DEFAULT_KEYS) + ";",
                "its growing cache always starts at " + LabSettings.count(RecentReads.DEFAULT_SIZE) + ")",
                "(default " + LabSettings.text(LabSettings.DEFAULT_DURATION) + ";",
                "(default " + LabSettings.DEFAULT_OUT + ")",
                "default " + LabSettings.word(LabSettings.DEFAULT_DETECTOR) + ")",
                "(race and tour: --threads x --keys at most " + LabSettings.count(LabSettings.MAX_KEYS) + ")")) {
            assertTrue(help.contains(shown), shown + " missing from\n" + help);
        }
    }

    @Test
    void raceTakesBestEffortAndHelpWinsOverBadOptions() throws UsageException {
        assertEquals(DetectorMode.BEST_EFFORT, LabSettings.parse("race", "--detector", "best-effort").detector());
        assertTrue(LabSettings.parse("race", "--threads", "x", "--bogus", "--help").help());
        assertTrue(LabSettings.parse("-h", "frobnicate").help());
    }

    @Test
    void benchRunsOnOneThreadButRaceNeedsTwo() throws UsageException {
        assertEquals(1, LabSettings.parse("bench", "--threads", "1").threads());
        assertEquals(1, LabSettings.parse("jfr", "--threads", "1").threads());
        UsageException e = assertThrows(UsageException.class, () -> LabSettings.parse("race", "--threads", "1"));
        assertTrue(e.getMessage().contains("--threads 1 is out of range (2..64)"), e.getMessage());
    }

    @Test
    void raceAndTourLimitThreadsTimesKeysAndSayWhichStep() {
        UsageException e = assertThrows(UsageException.class,
                () -> LabSettings.parse("--threads", "4", "--keys", "10000000"));
        assertEquals("the tour's race stores --threads x --keys = 40,000,000 keys in one SyncMap; at most 20,000,000",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> LabSettings.parse("race", "--threads", "4", "--keys", "10000000"));
        assertTrue(e.getMessage().startsWith("race stores --threads x --keys = 40,000,000 keys"), e.getMessage());
    }

    /** Help given a value is refused as such, not as an unknown option. */
    @Test
    void helpTakesNoValue() {
        UsageException e = assertThrows(UsageException.class, () -> LabSettings.parse("--help=yes"));
        assertEquals("--help takes no value", e.getMessage());
    }

    /** Thousands separators group by three, as people write numbers; stray ones are a typo, not a number. */
    @Test
    void numbersTakeSeparatorsOnlyBetweenGroupsOfThree() throws UsageException {
        assertEquals(1_000_000, LabSettings.parse("inspect", "--keys", "1,000,000").keysOr(7));
        assertEquals(1_000_000, LabSettings.parse("inspect", "--keys", "1_000_000").keysOr(7));
        assertEquals(1_000, LabSettings.parse("inspect", "--keys", "1000").keysOr(7));
        for (String typo : new String[] {"1,0,0", "10,00", "1,000_000", "1,000,", ",100"}) {
            UsageException e = assertThrows(UsageException.class, () -> LabSettings.parse("inspect", "--keys", typo));
            assertEquals("--keys: '" + typo + "' is not a whole number", e.getMessage());
        }
    }

    @Test
    void optionsOfOtherCommandsAreRejected() {
        UsageException e = assertThrows(UsageException.class, () -> LabSettings.parse("inspect", "--out", "x"));
        assertEquals("--out does not apply to inspect", e.getMessage());
        e = assertThrows(UsageException.class, () -> LabSettings.parse("bench", "--detector", "strict"));
        assertEquals("--detector does not apply to bench", e.getMessage());
        e = assertThrows(UsageException.class, () -> LabSettings.parse("jfr", "--keys", "1000"));
        assertEquals("--keys does not apply to jfr", e.getMessage());
    }
}
