package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.snapshot.Snapshot;
import io.gomap.snapshot.SnapshotMap;
import io.gomap.snapshot.SnapshotRejectedException;
import io.gomap.snapshot.SnapshotValidator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Ten thousand virtual threads on one SyncMap and on one SnapshotMap: correctness with far more threads than
 * carriers (2 here), every thread parked on one latch first so that they all run at once. The code stays
 * {@code --release 17}: the JDK 21 API ({@code Executors.newVirtualThreadPerTaskExecutor}, {@code Thread.isVirtual})
 * is reached through method handles, and on JDK 17 JUnit reports both tests skipped with the reason.
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need JDK 21 or later")
class VirtualThreadsTest {

    private static final int THREADS = 10_000;
    private static final int SHARED = 10;        // keys every thread increments with compute
    private static final int DELETE_EVERY = 10;   // threads i % DELETE_EVERY == 0 delete their own key again

    @Test
    void syncMapKeepsEveryWriteOfTenThousandVirtualThreads() throws Throwable {
        SyncMap<Object, Integer> map = new SyncMap<>();
        Set<Integer> onceSeen = ConcurrentHashMap.newKeySet();
        int virtual = runOnVirtualThreads(i -> {
            map.store(i, i);
            assertEquals(i, map.load(i));
            assertEquals(i + 1, map.compute(i, (k, v) -> v + 1));
            map.compute("shared-" + i % SHARED, (k, v) -> v == null ? 1 : v + 1);
            onceSeen.add(map.loadOrStore("once", i).value());
            Thread.yield();
            if (i % DELETE_EVERY == 0) {
                assertEquals(i + 1, map.loadAndDelete(i));
            }
        });
        assertEquals(THREADS, virtual, "tasks that ran on a virtual thread");

        assertEquals(1, onceSeen.size(), "loadOrStore winners");
        assertEquals(onceSeen.iterator().next(), map.load("once"));
        for (int s = 0; s < SHARED; s++) {
            assertEquals(THREADS / SHARED, map.load("shared-" + s), "compute increments of shared-" + s);
        }
        for (int i = 0; i < THREADS; i++) {
            assertEquals(i % DELETE_EVERY == 0 ? null : i + 1, map.load(i), "key " + i);
        }
        int own = THREADS - THREADS / DELETE_EVERY;
        assertEquals(own + SHARED + 1, map.size());
        assertEquals(own + SHARED + 1, Map.copyOf(map).size());
    }

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
        int virtual = runOnVirtualThreads(i -> {
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

    /** One task of the test, for thread number {@code i}. */
    private interface Task {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@code task} for i = 0 .. THREADS-1, each on its own virtual thread, all released at once; rethrows the
     * first failure. Returns how many of the tasks saw {@code Thread.currentThread().isVirtual()}.
     */
    private static int runOnVirtualThreads(Task task) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle newExecutor = lookup.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
        MethodHandle isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger virtual = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>(THREADS);
        ExecutorService executor = (ExecutorService) newExecutor.invoke(); // AutoCloseable only since JDK 19
        try {
            for (int t = 0; t < THREADS; t++) {
                int i = t;
                done.add(executor.submit(() -> {
                    start.await();
                    try {
                        if ((boolean) isVirtual.invoke(Thread.currentThread())) {
                            virtual.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        throw new AssertionError(e);
                    }
                    task.run(i);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }
        } finally {
            executor.shutdown();
        }
        return virtual.get();
    }
}
