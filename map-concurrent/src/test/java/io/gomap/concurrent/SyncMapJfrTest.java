package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            r.enable("io.gomap.DirtyRebuild");
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
    void missesPromoteDirtyAndANewKeyRebuildsIt() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        List<RecordedEvent> events = record(() -> {
            // The first new key builds dirty from the empty snapshot; nine more go straight into dirty.
            for (int i = 0; i < 10; i++) {
                m.store(i, i);
            }
            // Ten locked misses pay for promoting the ten entries of dirty.
            for (int i = 0; i < 10; i++) {
                assertEquals(3, m.load(3));
            }
            assertFalse(m.amended());
            // Three deletes in the snapshot, then a new key: dirty is rebuilt with 7 entries, 3 expunged.
            m.delete(0);
            m.delete(1);
            m.delete(2);
            m.store(100, 100);
            assertTrue(m.isExpunged(0));
        });

        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertEquals(1, promotes.size(), events::toString);
        assertEquals(10, promotes.get(0).getInt("dirtySize"));
        assertEquals(10, promotes.get(0).getInt("misses"));

        List<RecordedEvent> rebuilds = named(events, "io.gomap.DirtyRebuild");
        assertEquals(2, rebuilds.size(), events::toString);
        assertEquals(0, rebuilds.get(0).getInt("copied"));
        assertEquals(0, rebuilds.get(0).getInt("expunged"));
        assertEquals(7, rebuilds.get(1).getInt("copied"));
        assertEquals(3, rebuilds.get(1).getInt("expunged"));
        assertFalse(rebuilds.get(1).getDuration().isNegative());
        assertEquals("gomap", rebuilds.get(1).getEventType().getCategoryNames().get(0));
    }

    @Test
    void rangeOverAnAmendedMapPromotesBeforeTheMissesPayForIt() throws IOException {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        List<RecordedEvent> events = record(() -> {
            for (int i = 0; i < 50; i++) {
                m.store(i, i);
            }
            m.load(7);
            int[] seen = {0};
            m.range((k, v) -> ++seen[0] > 0);
            assertEquals(50, seen[0]);
        });
        List<RecordedEvent> promotes = named(events, "io.gomap.DirtyPromote");
        assertEquals(1, promotes.size(), events::toString);
        assertEquals(50, promotes.get(0).getInt("dirtySize"));
        assertEquals(1, promotes.get(0).getInt("misses"));
    }
}
