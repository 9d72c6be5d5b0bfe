package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gomap.core.ConcurrentMapAccessException.Kind;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fail-fast detector: races that Go turns into {@code fatal error: concurrent map ...} throw
 * {@link ConcurrentMapAccessException}. Threads run bounded loops and stop as soon as one of them sees the exception;
 * nothing is timed.
 */
class DetectorTest {

    private static final int ROUNDS = 2_000;
    private static final int OPS_PER_ROUND = 20_000;
    /** A bound on every wait, so that a racer that stops unexpectedly fails the test instead of hanging it. */
    private static final long WAIT_SECONDS = 60;

    @Test
    void messagesAreGosOwn() {
        assertEquals("concurrent map writes", Kind.CONCURRENT_WRITES.goMessage());
        assertEquals("concurrent map read and map write", Kind.READ_DURING_WRITE.goMessage());
        assertEquals("concurrent map iteration and map write", Kind.ITERATION_DURING_WRITE.goMessage());
        ConcurrentModificationException e = new ConcurrentMapAccessException(Kind.CONCURRENT_WRITES, null);
        assertEquals("concurrent map writes", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"BEST_EFFORT", "STRICT"})
    void twoWritersTripConcurrentMapWrites(DetectorMode mode) throws Exception {
        GoMap<Integer, Integer> map = new GoMap<>(0, mode);
        ConcurrentMapAccessException e;
        if (mode == DetectorMode.STRICT) {
            // STRICT claims the flag atomically, so no two writes ever overlap: racing inserts are safe to run.
            e = race(map,
                    t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(t * OPS_PER_ROUND + i, i); } },
                    t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(-1 - t * OPS_PER_ROUND - i, i); } });
        } else {
            // BEST_EFFORT can miss a clash, as Go does, and two inserts that overlap unseen can break the buckets (an
            // index error, or a probe that never ends, in about one run of 200); overwrites of present keys change
            // no structure, and still overlap inside the detector's write bracket.
            for (int i = 0; i < 1024; i++) {
                map.put(i, i);
            }
            e = race(map,
                    t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(i & 1023, i); } },
                    t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(1023 - (i & 1023), i); } });
        }
        assertEquals(Kind.CONCURRENT_WRITES, e.kind());
        assertTrue(e.getMessage().startsWith("concurrent map writes"));
        if (mode == DetectorMode.STRICT) {
            assertTrue(e.getMessage().contains("being written by thread \"racer-"), e.getMessage());
        }
        assertMapStillWorks(map, true);
    }

    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"BEST_EFFORT", "STRICT"})
    void readRacingWriteTripsReadAndWrite(DetectorMode mode) throws Exception {
        GoMap<Integer, Integer> map = new GoMap<>(0, mode);
        ConcurrentMapAccessException e = race(map,
                t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(i, i); map.remove(i - 100); } },
                t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.get(i); } });
        assertEquals(Kind.READ_DURING_WRITE, e.kind(), e.getMessage());
        assertMapStillWorks(map, true);
    }

    @Test
    void iterationRacingWriteTripsIterationAndWrite() throws Exception {
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.STRICT);
        for (int i = 0; i < 64; i++) {
            map.put(i, i);
        }
        ConcurrentMapAccessException e = race(map,
                t -> { for (int i = 0; i < OPS_PER_ROUND; i++) { map.put(64 + (i & 1023), i); map.remove(64 + (i & 1023)); } },
                t -> { for (int i = 0; i < 200; i++) { map.forEach((k, v) -> { }); } });
        assertEquals(Kind.ITERATION_DURING_WRITE, e.kind(), e.getMessage());
        assertMapStillWorks(map, true);
    }

    /**
     * OFF has no flag to check, so the conflicts the other modes catch pass silently. A real race could corrupt the map
     * or throw anything, so this provokes the conflicts deterministically on one thread instead: a key whose equals
     * reads, iterates and writes the map while a put holds the (absent) writing flag.
     */
    @Test
    void offModeNeverThrows() {
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.OFF);
        map.put(1, 1);
        int[] nested = {0};
        assertDoesNotThrow(() -> putRunningInside(map, () -> {
            map.get(1);
            map.forEach((k, v) -> { });
            map.put(99, 99);
            nested[0]++;
        }));
        assertTrue(nested[0] > 0, "equals never ran inside the put, so nothing was provoked");
        assertEquals(DetectorMode.OFF, map.detectorMode());
    }

    @Test
    void aWriterThatDetectsAConflictChangesNothing() {
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.STRICT);
        map.put(1, 1);
        // A second write from inside the first one must throw before it mutates anything.
        Object[] nested = new Object[1];
        putRunningInside(map, () -> {
            try {
                map.put(99, 99);
            } catch (ConcurrentMapAccessException e) {
                nested[0] = e;
            }
        });
        assertTrue(nested[0] instanceof ConcurrentMapAccessException, "the nested write was not detected");
        assertEquals(Kind.CONCURRENT_WRITES, ((ConcurrentMapAccessException) nested[0]).kind());
        assertFalse(map.containsKey(99), "the write that detected the conflict changed the map");
        assertEquals(2, map.size());
    }

    /**
     * Iteration checks the flag each time it moves into a bucket (Go checks at every step): an iterator's first step,
     * taken from inside a put that holds the flag, throws ITERATION_DURING_WRITE, and so does forEach.
     */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"BEST_EFFORT", "STRICT"})
    void iterationStartedInsideAWriteIsDetected(DetectorMode mode) {
        GoMap<Integer, Integer> map = new GoMap<>(0, mode);
        map.put(1, 1);
        Object[] caught = new Object[2];
        putRunningInside(map, () -> {
            try {
                map.keySet().iterator().hasNext();
            } catch (ConcurrentMapAccessException e) {
                caught[0] = e;
            }
            try {
                map.forEach((k, v) -> { });
            } catch (ConcurrentMapAccessException e) {
                caught[1] = e;
            }
        });
        for (Object e : caught) {
            assertTrue(e instanceof ConcurrentMapAccessException, "an iteration inside a write was not detected");
            assertEquals(Kind.ITERATION_DURING_WRITE, ((ConcurrentMapAccessException) e).kind());
        }
        assertEquals(2, map.size());
    }

    /**
     * Every read checks the flag, on every path: a lookup in a settled map, one while a growth is under way (where
     * lookups take another path), stats() and the entry and key views' contains, each made from inside a put that
     * holds the flag, throws READ_DURING_WRITE (Go's mapaccess checks hashWriting whatever the map's state).
     */
    @ParameterizedTest
    @EnumSource(value = DetectorMode.class, names = {"BEST_EFFORT", "STRICT"})
    void everyReadInsideAWriteIsDetected(DetectorMode mode) {
        for (boolean growing : new boolean[] {false, true}) {
            GoMap<Integer, Integer> map = new GoMap<>(0, mode);
            for (int i = 0; i < (growing ? 53 : 2); i++) { // the 53rd key starts doubling 8 buckets
                map.put(i, i);
            }
            assertEquals(growing, map.stats().growing());
            Map<String, Runnable> reads = new LinkedHashMap<>();
            reads.put("get", () -> map.get(1));
            reads.put("getOrDefault", () -> map.getOrDefault(1, 0));
            reads.put("containsKey", () -> map.containsKey(1));
            reads.put("stats", map::stats);
            reads.put("entrySet().contains", () -> map.entrySet().contains(Map.entry(1, 1)));
            reads.put("keySet().contains", () -> map.keySet().contains(1));
            Map<String, Object> caught = new LinkedHashMap<>();
            boolean[] stillGrowing = {false};
            putRunningInside(map, () -> {
                if (!caught.isEmpty()) {
                    return; // equals may run more than once; the first run tells
                }
                stillGrowing[0] = map.oldBuckets() != null;
                reads.forEach((name, read) -> {
                    try {
                        read.run();
                        caught.put(name, "nothing thrown");
                    } catch (ConcurrentMapAccessException e) {
                        caught.put(name, e.kind());
                    }
                });
            });
            assertEquals(growing, stillGrowing[0], "the reads ran while the map was " + (growing ? "" : "not ") + "growing");
            for (String name : reads.keySet()) {
                assertEquals(Kind.READ_DURING_WRITE, caught.get(name), name + (growing ? " while growing" : ""));
            }
        }
    }

    /**
     * Puts a key whose hash equals key 1's (which {@code map} must hold) and whose {@code equals} runs {@code inside},
     * so that {@code inside} runs while the put holds the writing flag: conflicts provoked deterministically, on one
     * thread.
     */
    private static void putRunningInside(GoMap<Integer, Integer> map, Runnable inside) {
        Object key = new Object() {
            @Override
            public int hashCode() {
                return 1;
            }

            @Override
            public boolean equals(Object o) {
                inside.run();
                return false;
            }
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        GoMap<Object, Integer> raw = (GoMap) map;
        raw.put(key, 0);
    }

    interface Actor {
        void run(int thread);
    }

    /**
     * Runs the two actors on two threads, round after round, until one of them throws the detector's exception. Any
     * other exception or error on a racer fails the test with it as the cause; a racer that stops, for any reason,
     * tells the other to stop and leaves the barrier broken, and every wait has a timeout, so the test fails instead
     * of hanging.
     */
    private static ConcurrentMapAccessException race(GoMap<Integer, Integer> map, Actor writer, Actor other)
            throws InterruptedException {
        AtomicReference<ConcurrentMapAccessException> caught = new AtomicReference<>();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean stopped = new AtomicBoolean();
        CyclicBarrier barrier = new CyclicBarrier(2);
        Thread[] threads = new Thread[2];
        Actor[] actors = {writer, other};
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < ROUNDS && !stopped.get(); round++) {
                        barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        actors[id].run(id);
                    }
                } catch (ConcurrentMapAccessException e) {
                    caught.compareAndSet(null, e);
                } catch (BrokenBarrierException e) {
                    // The other racer stopped; its reason, if any, is recorded.
                } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                } finally {
                    stopped.set(true);
                    breakForGood(barrier);
                }
            }, "racer-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        if (unexpected.get() != null) {
            throw new AssertionError("a racer failed with an exception other than the detector's", unexpected.get());
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                fail(t.getName() + " still running after " + WAIT_SECONDS + " s");
            }
        }
        ConcurrentMapAccessException e = caught.get();
        assertNotNull(e, "no race detected in " + ROUNDS + " rounds");
        return e;
    }

    /**
     * Leaves {@code barrier} broken, so that a racer arriving at it later fails at once instead of waiting for a party
     * that has stopped: a wait that times out breaks a barrier until it is reset. If the other racer is already
     * waiting, this arrival releases it instead, and it stops after one more round, as it sees the stop flag.
     */
    private static void breakForGood(CyclicBarrier barrier) {
        try {
            barrier.await(0, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            // Broken now, or already.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a detected conflict, the map must keep working for a single thread. When {@code intact} (no two writes can
     * have overlapped unseen: STRICT, or only one writer), its content must also be whole: every entry produced once,
     * with the value get returns, and as many as size says. Two BEST_EFFORT writers may overlap before one of them
     * notices, as in Go, and then the content is not promised.
     */
    private static void assertMapStillWorks(GoMap<Integer, Integer> map, boolean intact) {
        int before = map.size();
        map.put(Integer.MIN_VALUE, 7);
        assertEquals(7, map.get(Integer.MIN_VALUE));
        assertEquals(before + 1, map.size());
        assertEquals(7, map.remove(Integer.MIN_VALUE));
        assertEquals(before, map.size());
        if (intact) {
            Set<Integer> seen = new HashSet<>();
            map.forEach((k, v) -> {
                assertTrue(seen.add(k), "key produced twice: " + k);
                assertEquals(v, map.get(k), "key " + k);
            });
            assertEquals(map.size(), seen.size());
        }
    }
}
