package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events of map-core: each test records with {@link Recording}, dumps to a file and reads it back with
 * {@link RecordingFile}, then checks the events' fields.
 */
class GoMapJfrTest {

    @TempDir
    Path dir;

    /** Runs {@code work} inside a recording of the given events and returns the events recorded, in order. */
    private List<RecordedEvent> record(Runnable work, String... events) throws IOException {
        Path file = dir.resolve("gomap.jfr");
        try (Recording r = new Recording()) {
            for (String e : events) {
                r.enable(e).withStackTrace();
            }
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
    void ninthInsertStartsTheFirstDoubling() throws IOException {
        GoMap<Integer, Integer> m = new GoMap<>();
        List<RecordedEvent> events = named(record(() -> {
            for (int i = 0; i < 9; i++) {
                m.put(i, i);
            }
        }, "io.gomap.Grow"), "io.gomap.Grow");
        assertEquals(1, events.size(), events::toString);
        RecordedEvent e = events.get(0);
        assertEquals(0, e.getInt("oldB"));
        assertEquals(1, e.getInt("newB"));
        assertFalse(e.getBoolean("sameSize"));
        assertEquals(8, e.getInt("count"));
        assertEquals("gomap", e.getEventType().getCategoryNames().get(0));
        assertTrue(e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getName().equals("ninthInsertStartsTheFirstDoubling")));
    }

    @Test
    void shrinkIsRecordedAsAGrowToASmallerB() throws IOException {
        GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.BEST_EFFORT, ShrinkPolicy.whenSparse());
        for (int i = 0; i < 1000; i++) {
            m.put(i, i);
        }
        m.compact();
        int log2 = m.stats().log2Buckets();
        List<RecordedEvent> events = named(record(() -> {
            for (int i = 0; i < 1000; i++) {
                m.remove(i);
            }
        }, "io.gomap.Grow"), "io.gomap.Grow");
        assertFalse(events.isEmpty());
        RecordedEvent first = events.get(0);
        assertEquals(log2, first.getInt("oldB"));
        assertEquals(log2 - 1, first.getInt("newB"));
        assertFalse(first.getBoolean("sameSize"));
        assertEquals(13 * (1 << log2) / 2 / 8 - 1, first.getInt("count"));
    }

    @Test
    void compactRecordsBothSizesAndWhatItDropped() throws IOException {
        GoMap<Integer, Integer> m = new GoMap<>();
        for (int i = 0; i < 1000; i++) {
            m.put(i, i);
        }
        for (int i = 100; i < 1000; i++) {
            m.remove(i);
        }
        MapStats before = m.stats();
        List<RecordedEvent> events = named(record(m::compact, "io.gomap.Compact"), "io.gomap.Compact");
        assertEquals(1, events.size(), events::toString);
        RecordedEvent e = events.get(0);
        assertEquals(before.log2Buckets(), e.getInt("oldB"));
        assertEquals(GoMap.log2For(100), e.getInt("newB"));
        assertEquals(100, e.getInt("count"));
        assertEquals(before.tombstones(), e.getInt("tombstones"));
        assertEquals(before.overflowBuckets(), e.getInt("overflowBuckets"));
        assertEquals(before.growing(), e.getBoolean("wasGrowing"));
    }

    /** A key with a chosen hash code, to build a long chain. */
    private record Chained(int hash, int id) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * A compact that finishes a growth records what both arrays held: the old array's overflow buckets and tombstones
     * count as the new one's do (as in stats()). The old array keeps a chain with two overflow buckets and sixteen
     * tombstones, in an old bucket that the growth has not reached yet.
     */
    @Test
    void compactDuringGrowthRecordsWhatBothArraysHeld() throws IOException {
        GoMap<Object, Integer> m = new GoMap<>(50); // 8 buckets
        int hash = 0;
        // The put that starts the growth evacuates its own old bucket (never the chain's: those keys are skipped) and
        // then bucket nevacuate: 0, and 1 too when its own was 0. Bucket 7 is reached by neither.
        int chain = 7;
        while ((m.hash(new Chained(hash, 0)) & 7) != chain) {
            hash++;
        }
        for (int i = 0; i < 24; i++) {
            m.put(new Chained(hash, i), i);
        }
        for (int i = 0; i < 16; i++) {
            m.remove(new Chained(hash, i));
        }
        for (int i = 0; !m.stats().growing(); i++) {
            if ((m.hash(i) & 7) != chain) {
                m.put(i, i);
            }
        }
        assertTrue(m.oldBuckets().overflowCount() >= 2, "the old array has overflow buckets");
        assertTrue(m.oldBuckets().tombstones() >= 16, "the old array has tombstones");
        MapStats before = m.stats();
        List<RecordedEvent> events = named(record(m::compact, "io.gomap.Compact"), "io.gomap.Compact");
        assertEquals(1, events.size(), events::toString);
        RecordedEvent e = events.get(0);
        assertTrue(e.getBoolean("wasGrowing"));
        assertEquals(before.overflowBuckets(), e.getInt("overflowBuckets"));
        assertEquals(before.tombstones(), e.getInt("tombstones"));
    }

    /** A key whose equals writes to the map it is being compared in: a write inside a write, on one thread. */
    private static final class Reentrant {
        final GoMap<Object, Object> map;

        Reentrant(GoMap<Object, Object> map) {
            this.map = map;
        }

        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public boolean equals(Object o) {
            map.put("inner", "write");
            return false;
        }
    }

    @Test
    void detectorTripRecordsKindAndWriter() throws IOException {
        GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.STRICT);
        m.put(new Reentrant(m), 1);
        String me = Thread.currentThread().getName();
        List<RecordedEvent> events = named(record(() -> {
            ConcurrentMapAccessException x = assertThrows(ConcurrentMapAccessException.class,
                    () -> m.put(new Reentrant(m), 2));
            assertEquals(Kind.CONCURRENT_WRITES, x.kind());
        }, "io.gomap.DetectorTrip"), "io.gomap.DetectorTrip");
        assertEquals(1, events.size(), events::toString);
        RecordedEvent e = events.get(0);
        assertEquals("CONCURRENT_WRITES", e.getString("kind"));
        assertEquals(me, e.getString("writerThread"));
        assertEquals(me, e.getThread().getJavaName());
    }

    @Test
    void bestEffortTripDoesNotKnowTheWriter() throws IOException {
        GoMap<Object, Object> m = new GoMap<>();
        m.put(new Reentrant(m), 1);
        List<RecordedEvent> events = named(record(
                () -> assertThrows(ConcurrentMapAccessException.class, () -> m.put(new Reentrant(m), 2)),
                "io.gomap.DetectorTrip"), "io.gomap.DetectorTrip");
        assertEquals(1, events.size(), events::toString);
        assertEquals("CONCURRENT_WRITES", events.get(0).getString("kind"));
        assertNull(events.get(0).getString("writerThread"));
    }

    /** Custom events are on by default in a recording (no @Enabled(false)); disabling one leaves it out. */
    @Test
    void disabledEventsAreNotRecorded() throws IOException {
        GoMap<Integer, Integer> m = new GoMap<>();
        Path file = dir.resolve("disabled.jfr");
        try (Recording r = new Recording()) {
            r.disable("io.gomap.Grow");
            r.start();
            for (int i = 0; i < 1000; i++) {
                m.put(i, i);
            }
            m.compact();
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(named(events, "io.gomap.Grow").isEmpty(), events::toString);
        assertEquals(1, named(events, "io.gomap.Compact").size(), events::toString);
    }
}
