package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.testing.Threads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Multi-threaded runs in bounded loops; final contents are checked against what each thread's writes imply. */
class SyncMapConcurrencyTest {

    private static final int THREADS = 4; // per group
    private static final int ROUNDS = 3000; // operations per thread

    @Test
    void disjointAndSharedKeys() throws Exception {
        SyncMap<String, Integer> m = new SyncMap<>();
        CyclicBarrier start = new CyclicBarrier(2 * THREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Map<String, Integer>> disjointLast = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int id = t;
            Map<String, Integer> last = new HashMap<>();
            disjointLast.add(last);
            threads.add(new Thread(() -> run(failure, start, () -> {
                // Disjoint keys: each thread owns "d<id>-<j>"; its last write per key decides the final state.
                for (int i = 0; i < ROUNDS; i++) {
                    String k = "d" + id + "-" + (i % 50);
                    switch (i % 7) {
                        case 0, 1, 2 -> { m.store(k, i); last.put(k, i); }
                        case 3 -> { m.delete(k); last.remove(k); }
                        case 4 -> { m.merge(k, 1, Integer::sum); last.merge(k, 1, Integer::sum); }
                        case 5 -> { m.putIfAbsent(k, i); last.putIfAbsent(k, i); }
                        default -> assertEquals(last.get(k), m.load(k), "own key changed by another thread");
                    }
                }
            })));
            threads.add(new Thread(() -> run(failure, start, () -> {
                // Shared keys: counters incremented atomically by every shared thread, plus read-mostly churn.
                for (int i = 0; i < ROUNDS; i++) {
                    m.merge("counter" + (i % 10), 1, Integer::sum);
                    m.compute("computed", (k, v) -> v == null ? 1 : v + 1);
                    m.load("counter" + ((i + id) % 10));
                }
            })));
        }
        for (Thread t : threads) {
            t.start();
        }
        Threads.joinAll(threads);
        assertNull(failure.get());

        Map<String, Integer> expected = new HashMap<>();
        disjointLast.forEach(expected::putAll);
        for (int c = 0; c < 10; c++) {
            expected.put("counter" + c, THREADS * ROUNDS / 10);
        }
        expected.put("computed", THREADS * ROUNDS);
        assertEquals(expected, new HashMap<>(m));
        assertEquals(expected.size(), m.size());
    }

    @Test
    void sizeIsExactAfterRacingPresenceChanges() throws Exception {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int id = t;
            threads.add(new Thread(() -> run(failure, start, () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    int k = (i * 31 + id) % 16;
                    switch ((i + id) % 9) {
                        case 0 -> m.store(k, i);
                        case 1 -> m.delete(k);
                        case 2 -> m.loadOrStore(k, i);
                        case 3 -> m.compareAndDelete(k, i - 1);
                        case 4 -> m.compute(k, (kk, v) -> v == null ? 1 : null);
                        case 5 -> m.loadAndDelete(k);
                        case 6 -> m.swap(k, i);
                        case 7 -> m.computeIfPresent(k, (kk, v) -> v % 2 == 0 ? null : v + 1);
                        default -> m.range((kk, v) -> true);
                    }
                }
            })));
        }
        for (Thread t : threads) {
            t.start();
        }
        Threads.joinAll(threads);
        assertNull(failure.get());
        int[] n = {0};
        m.range((k, v) -> ++n[0] > 0);
        assertEquals(n[0], m.size());
        assertTrue(m.size() <= 16);
        new HashMap<>(m).keySet().forEach(m::delete);
        assertEquals(0, m.size());
    }

    /**
     * Go's Clear swaps in an empty read map in one step, so a load after a load that saw a cleared key sees every
     * other key cleared too. Here a reader waits (spinning) until the key clear() forwards first is gone, then reads
     * the key forwarded last: with clear() sweeping the snapshot before publishing the empty table, it still found
     * that key's old value (clear half done, seen by two ordered loads of one thread). No writer but clear() runs.
     */
    @Test
    void aLoadAfterALoadThatSawClearSeesEveryKeyCleared() throws Exception {
        int n = 1 << 16;
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int mask = 2 * ReadTable.capacityFor(n) - 2; // ReadTable's mask for the snapshot n keys promote into
        int first = 0;
        int last = 0;
        for (int k = 0; k < n; k++) {
            int home = ReadTable.hash(k) & mask;
            if (home < (ReadTable.hash(first) & mask)) {
                first = k;
            }
            if (home < mask - 4096 && home > (ReadTable.hash(last) & mask)) {
                last = k; // well before the end, so its probe run does not wrap to the start
            }
        }
        int rounds = 30;
        CyclicBarrier barrier = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] stale = {0};
        final int a = first;
        final int b = last;
        Thread reader = new Thread(() -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    barrier.await(30, TimeUnit.SECONDS); // filled
                    awaitRemoved(m, a, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                    if (m.get(b) != null) {
                        stale[0]++;
                    }
                    barrier.await(30, TimeUnit.SECONDS); // round done
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        reader.start();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                m.store(k, k);
            }
            m.promote(); // every key in the snapshot, no recent level
            barrier.await(30, TimeUnit.SECONDS);
            m.clear();
            barrier.await(30, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(reader.isAlive(), "reader still running");
        assertNull(failure.get());
        assertEquals(0, stale[0], "rounds where a key was seen after a key cleared after it (of " + rounds + ")");
    }

    /**
     * clear() takes effect at one instant for lookups, range included ("a load" in the class overview, reflecting the
     * value a key holds when visited): a range whose action has seen a key removed by clear() must not report any
     * later key with its old value. Here the action, at the walk's first key, lets clear() start and spins until that
     * key is gone, then counts the keys the walk still reports. With clear() publishing the empty snapshot before it
     * forwards the old slots, the walk, still on the old table, read the slots not yet forwarded and reported their
     * old values. No writer but clear() runs.
     */
    @Test
    void aRangeThatSawClearReportsNoKeyItRemoved() throws Exception {
        int n = 1 << 16;
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int rounds = 30;
        int staleRounds = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                m.store(k, k);
            }
            m.promote(); // every key in the snapshot, no recent level: the walk reads the snapshot itself
            CyclicBarrier go = new CyclicBarrier(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread clearer = new Thread(() -> {
                try {
                    go.await(30, TimeUnit.SECONDS);
                    m.clear();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            clearer.start();
            int[] afterClear = {-1}; // keys reported once the action saw clear(); -1 until then
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            m.range((k, v) -> {
                if (afterClear[0] < 0) {
                    try {
                        go.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    awaitRemoved(m, k, deadline);
                    afterClear[0] = 0;
                } else {
                    afterClear[0]++;
                }
                return true;
            });
            clearer.join(TimeUnit.SECONDS.toMillis(30));
            assertNull(failure.get());
            assertEquals(0, m.size());
            if (afterClear[0] > 0) {
                staleRounds++;
            }
        }
        assertEquals(0, staleRounds, "rounds where range reported a key after it saw clear() remove one (of "
                + rounds + ")");
    }

    /** Spins until clear() has removed {@code k}, failing once {@code deadline} (a nanoTime) has passed. */
    private static void awaitRemoved(SyncMap<Integer, Integer> m, Integer k, long deadline) {
        while (m.get(k) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clear() did not remove " + k);
            }
            Thread.onSpinWait();
        }
    }

    private static void run(AtomicReference<Throwable> failure, CyclicBarrier start, Runnable body) {
        try {
            start.await();
            body.run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }
}
