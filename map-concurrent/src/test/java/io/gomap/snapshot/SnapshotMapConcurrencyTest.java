package io.gomap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Several writers and readers at once: nothing is lost, nothing half-built is seen, history stays consistent. */
class SnapshotMapConcurrencyTest {

    private static final int WRITERS = 4;            // threads each adding their own keys
    private static final int UPDATES_PER_WRITER = 200; // keys each writer adds, one update each
    private static final int READS = 20_000;         // snapshot checks made by each reader

    /** Runs every task at once behind one start latch, and rethrows the first failure of any. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(90, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** "count" holds the number of other keys: a snapshot seen half-built would break that. */
    private static boolean wellFormed(Map<String, Integer> m) {
        Integer count = m.get("count");
        return count != null && count == m.size() - 1;
    }

    @Test
    void concurrentUpdatersLoseNothingAndReadersSeeOnlyWholeSnapshots() throws Exception {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("count", 0), 4);
        map.addValidator(SnapshotValidator.of(SnapshotMapConcurrencyTest::wellFormed, "count disagrees with size"));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String prefix = "w" + w + "-";
            tasks.add(() -> {
                for (int i = 0; i < UPDATES_PER_WRITER; i++) {
                    String key = prefix + i;
                    map.update(m -> {
                        m.put(key, 1);
                        m.put("count", m.size() - 1);
                        return m;
                    });
                }
                return 0;
            });
        }
        tasks.add(() -> {
            long lastVersion = -1;
            int torn = 0;
            for (int i = 0; i < READS; i++) {
                Snapshot<String, Integer> s = map.snapshot();
                if (!wellFormed(s.map()) || s.version() < lastVersion || s.version() != s.map().size() - 1) {
                    torn++;
                }
                lastVersion = s.version();
            }
            return torn;
        });
        List<Integer> results = runTogether(tasks);

        assertEquals(0, results.get(WRITERS), "reader saw a malformed or older snapshot");
        assertEquals(WRITERS * UPDATES_PER_WRITER + 1, map.size());
        assertEquals(WRITERS * UPDATES_PER_WRITER, map.get("count"));
        assertEquals(WRITERS * UPDATES_PER_WRITER, map.version());
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < UPDATES_PER_WRITER; i++) {
                assertEquals(1, map.get("w" + w + "-" + i));
            }
        }
    }

    @Test
    void rollbacksRacingUpdatesLeaveAValidatedCurrentAndAConsistentHistory() throws Exception {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("n", 0), 5);
        map.addValidator(m -> m.get("n") % 3 == 2 ? Optional.of("n = 2 mod 3") : Optional.empty());
        List<String> brokenChain = new ArrayList<>();
        long[] lastTo = {0};
        map.addListener(new SnapshotListener<>() {
            @Override
            public void published(Snapshot<String, Integer> previous, Snapshot<String, Integer> current) {
                check(previous, current, current.version() > previous.version());
            }

            @Override
            public void rolledBack(Snapshot<String, Integer> from, Snapshot<String, Integer> to) {
                check(from, to, to.version() < from.version());
            }

            /* Listeners run one at a time under the writer lock, so this needs no synchronization of its own. */
            private void check(Snapshot<String, Integer> from, Snapshot<String, Integer> to, boolean direction) {
                if (from.version() != lastTo[0] || !direction || to != map.snapshot()) {
                    brokenChain.add(from.version() + "->" + to.version() + " after " + lastTo[0]);
                }
                lastTo[0] = to.version();
            }
        });
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            tasks.add(() -> {
                int rejected = 0;
                for (int i = 0; i < UPDATES_PER_WRITER; i++) {
                    try {
                        map.update(m -> {
                            m.merge("n", ThreadLocalRandom.current().nextInt(1, 4), Integer::sum);
                            return m;
                        });
                    } catch (SnapshotRejectedException e) {
                        rejected++;
                    }
                }
                return rejected;
            });
        }
        tasks.add(() -> {
            int refused = 0;
            for (int i = 0; i < UPDATES_PER_WRITER; i++) {
                try {
                    map.rollback();
                } catch (IllegalStateException e) {
                    refused++;
                }
            }
            return refused;
        });
        runTogether(tasks);

        assertEquals(List.of(), brokenChain, "listener events do not chain");
        List<Snapshot<String, Integer>> history = map.history();
        assertSame(map.snapshot(), history.get(history.size() - 1));
        assertTrue(history.size() <= 5);
        for (int i = 0; i < history.size(); i++) {
            assertTrue(history.get(i).map().get("n") % 3 != 2, "kept snapshot failed validation");
            if (i > 0) {
                assertTrue(history.get(i).version() > history.get(i - 1).version());
            }
        }
        assertEquals(lastTo[0], map.version());
    }

    /**
     * Views read while snapshots of two sizes are published over and over: every bulk read returns exactly one
     * snapshot's contents, and a stream, whose spliterator reports an exact size, never finds that size broken.
     */
    @Test
    void bulkViewReadsRacingPublicationsSeeOneSnapshotEach() throws Exception {
        Map<Integer, Integer> one = Map.of(1, 1);
        Map<Integer, Integer> two = Map.of(1, 1, 2, 2);
        SnapshotMap<Integer, Integer> map = new SnapshotMap<>(one, 2);
        AtomicBoolean done = new AtomicBoolean();
        Callable<Integer> writer = () -> {
            for (int i = 0; !done.get(); i++) {
                map.replaceWith(i % 2 == 0 ? two : one);
            }
            return 0;
        };
        Callable<Integer> reader = () -> {
            try {
                for (int i = 0; i < READS; i++) {
                    assertOneOf(Set.copyOf(map.keySet().stream().toList()), one.keySet(), two.keySet());
                    assertOneOf(Set.of(map.values().toArray()), Set.copyOf(one.values()), Set.copyOf(two.values()));
                    assertOneOf(Set.copyOf(map.entrySet().stream().toList()), one.entrySet(), two.entrySet());
                }
                return 0;
            } finally {
                done.set(true);
            }
        };
        runTogether(List.of(writer, reader));
    }

    private static <E> void assertOneOf(Set<E> seen, Set<?> a, Set<?> b) {
        assertTrue(seen.equals(a) || seen.equals(b), () -> "not one snapshot's contents: " + seen);
    }
}
