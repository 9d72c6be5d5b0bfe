package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SyncMap's JFR events: recorded with {@link Recording}, read back with {@link RecordingFile}. */
class SyncMapJfrTest {

    @TempDir
    Path dir;

    private List<RecordedEvent> record(Runnable work) throws IOException {
        Path file = dir.resolve("syncmap.jfr");
        try (Recording r = new Recording()) {
            r.enable("io.gomap.DirtyPromote");
            r.enable("io.gomap.SyncMapMisfit");
            r.start();
            work.run();
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .collect(Collectors.toList());
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Test
    void sampledMissesPromoteTheRecentLevelAndThePromotionDropsDeletedKeys() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        List<RecordedEvent> events = record(() -> {
            for (int i = 0; i < 10; i++) {
                m.store(i, i);
            }
            for (int i = 0; i < 100_000 && m.amended(); i++) {
                assertEquals(3, m.load(3)); // a lookup that reaches the recent level: a miss, counted by sampling
            }
            assertFalse(m.amended());
            // Three deletes in the snapshot, then a new key and enough misses: 7 + 1 keys promoted, 3 dropped.
            m.delete(0);
            m.delete(1);
            m.delete(2);
            m.store(100, 100);
            for (int i = 0; i < 100_000 && m.amended(); i++) {
                m.load(-1);
            }
            assertFalse(m.amended());
        });

        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertEquals(2, promotes.size(), events::toString);
        assertEquals(10, promotes.get(0).getInt("dirtySize"));
        // A recent level of 32 pairs samples one lookup in 4, counted as 4: three samples pay for copying 10 keys.
        assertEquals(12, promotes.get(0).getInt("misses"));
        assertEquals(0, promotes.get(0).getInt("snapshotKeys"));
        assertEquals(0, promotes.get(0).getInt("dropped"));
        assertEquals(1, promotes.get(1).getInt("dirtySize"));
        // Go's len(dirty): the 7 keys present when the recent level was created (3 deleted ones expunged), plus 1.
        assertEquals(8, promotes.get(1).getInt("misses"), "8 keys in Go's dirty map");
        assertEquals(10, promotes.get(1).getInt("snapshotKeys"));
        assertEquals(3, promotes.get(1).getInt("dropped"));
        assertEquals("gomap", promotes.get(1).getEventType().getCategoryNames().get(0));
    }

    @Test
    void newKeysPromoteAFullRecentLevelAndRangePromotesTheRest() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int[] before = new int[2];
        List<RecordedEvent> events = record(() -> {
            for (int i = 0; i < 50; i++) {
                m.store(i, i);
            }
            before[0] = m.snapshotKeys();
            before[1] = m.recentKeys();
            int[] seen = {0};
            m.range((k, v) -> ++seen[0] > 0);
            assertEquals(50, seen[0]);
        });
        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertTrue(promotes.size() >= 2, events::toString);
        int copied = 0;
        for (RecordedEvent e : promotes.subList(0, promotes.size() - 1)) {
            assertEquals(copied, e.getInt("snapshotKeys"), "each promotion starts from the last one's keys");
            assertEquals(0, e.getInt("misses"), "promoted by a new key that found the recent level full");
            copied += e.getInt("dirtySize");
        }
        RecordedEvent last = promotes.get(promotes.size() - 1);
        assertEquals(before[0], copied);
        assertEquals(before[0], last.getInt("snapshotKeys"));
        assertEquals(before[1], last.getInt("dirtySize"), "range promoted the keys of the recent level");
        assertEquals(50, before[0] + before[1]);
    }

    /** A new key that finds the recent level full promotes it with misses 0, as the event says, misses or not. */
    @Test
    void aNewKeyPromotesAFullRecentLevelWithMissesZeroAfterSampledMisses() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int[] missesBefore = {0};
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, 12); // a first recent level holds 12 keys at most
            for (int i = 0; i < 100_000 && m.misses() == 0; i++) {
                assertEquals(0, m.load(0)); // a lookup that reaches the recent level: a miss, counted by sampling
            }
            missesBefore[0] = m.misses();
            m.store(100, 100);
        });
        assertTrue(missesBefore[0] > 0 && missesBefore[0] < 12, "sampled misses below the threshold: " + missesBefore[0]);
        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertEquals(1, promotes.size(), events::toString);
        assertEquals(12, promotes.get(0).getInt("dirtySize"));
        assertEquals(0, promotes.get(0).getInt("misses"));
    }

    /** Dropped counts the deleted keys of both levels: a key stored and deleted in the recent level is dropped too. */
    @Test
    void droppedCountsTheDeletedKeysOfBothLevels() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, 4);
            m.range((k, v) -> true); // promotes: 4 keys in the snapshot
            m.delete(0);             // deleted in the snapshot
            m.store(10, 10);
            m.store(11, 11);
            m.delete(11);            // deleted in the recent level
            m.range((k, v) -> true);
        });
        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertEquals(2, promotes.size(), events::toString);
        RecordedEvent e = promotes.get(1);
        assertEquals(4, e.getInt("snapshotKeys"));
        assertEquals(2, e.getInt("dirtySize"));
        assertEquals(2, e.getInt("dropped"));
        assertEquals(4, m.size());
    }

    /**
     * Stores {@code n} new keys from {@code first} on: each takes the lock, so each is one locked operation. The
     * clock is read once every LockPressure.CHECK_EVERY of them, so n is a multiple of that.
     */
    private static void storeNewKeys(SyncMap<Integer, Integer> m, int first, int n) {
        for (int k = first; k < first + n; k++) {
            m.store(k, k);
        }
    }

    /**
     * A promotion publishes its new snapshot complete (its reserved element null, not BUILDING), so a miss in it
     * answers without the lock. The lock-pressure counter reads its clock at every 1,024th locked operation while a
     * recording has the misfit event: over 4,096 misses and as many hits of a promoted map, it never does.
     */
    @Test
    void lookupsInAPromotedSnapshotTakeNoLock() throws IOException {
        int[] clockReads = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> {
            clockReads[0]++;
            return 0L;
        });
        for (int k = 0; k < 100; k++) {
            m.put(k, k);
        }
        m.promote();
        assertFalse(m.amended());
        record(() -> {
            for (int i = 0; i < 4 * LockPressure.CHECK_EVERY; i++) {
                assertEquals(null, m.get(-1 - i), "absent key");
                assertEquals(i % 100, m.get(i % 100));
            }
        });
        assertEquals(0, clockReads[0], "lookups took the lock");
    }

    @Test
    void lockTakenOverTheRateThroughAnIntervalReportsAMisfit() throws IOException {
        long[] now = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> now[0]);
        int check = LockPressure.CHECK_EVERY;
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, check);                 // the first clock read starts the interval at 0
            storeNewKeys(m, check, 98 * check);        // the interval is not over: no report
            now[0] = LockPressure.INTERVAL_NANOS;
            storeNewKeys(m, 99 * check, check);        // 99 * 1024 = 101,376 locked operations in 1 s
        });
        List<RecordedEvent> misfits = named(events, "io.gomap.SyncMapMisfit");
        assertEquals(1, misfits.size(), events::toString);
        RecordedEvent e = misfits.get(0);
        assertEquals(99L * check, e.getLong("lockedOps"));
        assertEquals(99L * check, e.getLong("lockedOpsPerSecond"));
        assertEquals(LockPressure.INTERVAL_NANOS, e.getDuration("interval").toNanos());
        assertEquals(System.identityHashCode(m), e.getInt("map"));
        assertTrue(e.getInt("promotions") > 0, "new keys promoted the recent level each time it filled");
    }

    /** The same as above on a clock that does not start at 0: the interval is measured from its own start. */
    @Test
    void anIntervalIsMeasuredFromTheClockReadingThatStartedIt() throws IOException {
        long[] now = {5 * LockPressure.INTERVAL_NANOS};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> now[0]);
        int check = LockPressure.CHECK_EVERY;
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, check);                 // the first clock read starts the interval at 5 s
            storeNewKeys(m, check, 98 * check);        // the interval is not over: no report
            now[0] = 6 * LockPressure.INTERVAL_NANOS;
            storeNewKeys(m, 99 * check, check);        // 99 * 1024 = 101,376 locked operations in 1 s
        });
        List<RecordedEvent> misfits = named(events, "io.gomap.SyncMapMisfit");
        assertEquals(1, misfits.size(), events::toString);
        assertEquals(LockPressure.INTERVAL_NANOS, misfits.get(0).getDuration("interval").toNanos());
        assertEquals(99L * check, misfits.get(0).getLong("lockedOpsPerSecond"));
    }

    @Test
    void aRecordingMeasuresOnlyItsOwnTime() throws IOException {
        long[] now = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> now[0]);
        int check = LockPressure.CHECK_EVERY;
        record(() -> storeNewKeys(m, 0, check));        // a first recording starts an interval at 0
        storeNewKeys(m, check, 400 * check);            // no recording: 409,600 locked operations go unmeasured
        now[0] = 3 * LockPressure.INTERVAL_NANOS;
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 401 * check, check);        // a new interval starts at 3 s
            storeNewKeys(m, 402 * check, 49 * check);
            now[0] = 4 * LockPressure.INTERVAL_NANOS;
            storeNewKeys(m, 451 * check, check);        // 51,200 operations in its 1 s: under the rate
        });
        assertEquals(List.of(), named(events, "io.gomap.SyncMapMisfit"));
    }

    /** A misfit is a rate over the threshold: exactly 100,000 locked operations a second is not one. */
    @Test
    void lockTakenAtExactlyTheRateReportsNothing() throws IOException {
        long[] now = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> now[0]);
        int check = LockPressure.CHECK_EVERY;
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, check);
            storeNewKeys(m, check, 99 * check);
            now[0] = 1_024_000_000L;                    // 100 * 1024 = 102,400 operations in 1.024 s: 100,000 a second
            storeNewKeys(m, 100 * check, check);
        });
        assertEquals(List.of(), named(events, "io.gomap.SyncMapMisfit"));
    }

    @Test
    void lockTakenBelowTheRateReportsNothing() throws IOException {
        long[] now = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> now[0]);
        int check = LockPressure.CHECK_EVERY;
        List<RecordedEvent> events = record(() -> {
            storeNewKeys(m, 0, check);
            storeNewKeys(m, check, 98 * check);
            now[0] = 2 * LockPressure.INTERVAL_NANOS;  // the same 101,376 operations over 2 s: 50,688 a second
            storeNewKeys(m, 99 * check, check);
        });
        assertEquals(List.of(), named(events, "io.gomap.SyncMapMisfit"));
        assertEquals(100 * check, m.size());
    }

    /** An error in the misfit report (here its clock) fails the write that met it and leaves the lock free. */
    @Test
    void errorInTheMisfitReportReleasesTheLock() throws IOException {
        RuntimeException broken = new IllegalStateException("clock broken");
        long[] reads = {0};
        SyncMap<Integer, Integer> m = new SyncMap<>(() -> {
            if (++reads[0] == 2) {
                throw broken;
            }
            return 0;
        });
        int check = LockPressure.CHECK_EVERY;
        RuntimeException[] thrown = {null};
        record(() -> {
            storeNewKeys(m, 0, check);                 // the first clock read
            try {
                storeNewKeys(m, check, check);         // the second throws, in the last of these stores
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        });
        assertSame(broken, thrown[0]);
        m.store(-1, -1); // with the lock still held by this thread, this would throw "Recursive update"
        assertEquals(-1, m.get(-1));
    }
}
