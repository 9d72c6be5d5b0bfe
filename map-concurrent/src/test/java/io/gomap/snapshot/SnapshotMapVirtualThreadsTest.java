package io.gomap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.testing.VirtualThreads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Ten thousand virtual threads on one SnapshotMap: correctness with far more threads than carriers (2 here), every
 * thread parked on one latch first so that they all run at once ({@link VirtualThreads}). On JDK 17 JUnit reports the
 * test skipped with the reason.
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need JDK 21 or later")
class SnapshotMapVirtualThreadsTest {

    private static final int THREADS = 10_000;
    private static final int SHARED = 10;        // u-keys the updates raise

    @Test
    void snapshotMapPublishesWholeSnapshotsToTenThousandVirtualThreads() throws Throwable {
        // Each accepted update raises one of the u-keys and "count" by one, so every whole snapshot holds
        // count == sum of the u-keys; a validator rejects the "bad" key; every hundredth thread rolls back, which
        // takes exactly one update away (the kept snapshots are consecutive publications).
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("count", 0), 16);
        map.addValidator(SnapshotValidator.of(m -> !m.containsKey("bad"), "no bad key"));
        AtomicInteger published = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger rollbacks = new AtomicInteger();
        int virtual = VirtualThreads.run(THREADS, i -> {
            assertWhole(map.snapshot());
            if (i % 10 == 3) {
                try {
                    map.update(m -> {
                        m.put("bad", i);
                        return m;
                    });
                } catch (SnapshotRejectedException e) {
                    rejected.incrementAndGet();
                }
                return;
            }
            Snapshot<String, Integer> mine = map.update(m -> {
                m.merge("u" + i % SHARED, 1, Integer::sum);
                m.merge("count", 1, Integer::sum);
                return m;
            });
            published.incrementAndGet();
            assertWhole(mine);
            Thread.yield();
            if (i % 100 == 0) {
                try {
                    assertWhole(map.rollback());
                    rollbacks.incrementAndGet();
                } catch (IllegalStateException e) {
                    // Only the initial snapshot was kept at that moment: nothing to roll back to.
                }
            }
            assertWhole(map.snapshot());
        });
        assertEquals(THREADS, virtual, "tasks that ran on a virtual thread");

        assertEquals(THREADS / 10, rejected.get(), "updates the validator rejected");
        Snapshot<String, Integer> last = map.snapshot();
        assertWhole(last);
        assertFalse(last.map().containsKey("bad"));
        assertEquals(published.get() - rollbacks.get(), last.map().get("count"), "updates kept after the rollbacks");
        List<Snapshot<String, Integer>> history = map.history();
        assertEquals(last, history.get(history.size() - 1));
        for (int h = 1; h < history.size(); h++) {
            assertTrue(history.get(h - 1).version() < history.get(h).version(), "history ordered by version");
        }
        // Versions are never reused, rollbacks or not: the next publication outnumbers all of the others.
        assertTrue(map.update(m -> m).version() > published.get(), "every publication took a new version");
    }

    /** A snapshot is whole when its count equals the sum of its u-keys. */
    private static void assertWhole(Snapshot<String, Integer> s) {
        int sum = 0;
        for (int k = 0; k < SHARED; k++) {
            sum += s.map().getOrDefault("u" + k, 0);
        }
        assertEquals(sum, s.map().get("count"), () -> "count of " + s);
    }
}
