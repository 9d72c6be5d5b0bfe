package io.gomap.perf.lab;

import io.gomap.concurrent.SyncMap;
import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.GoMap;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The lab's race: threads write one {@link GoMap} at once and its detector stops them with Go's
 * {@code concurrent map writes}; then the same load goes to a {@link SyncMap}, which ends with exactly the entries
 * written.
 */
final class RaceLab {

    /*
     * Overview:
     *
     * A round starts every writer thread on one latch, so they begin together without sleeps, and each writer puts
     * its own range of keys (thread t writes t * keys + i) until it has written them all or some writer has caught a
     * failure. The first failure any writer sees is kept. Rounds repeat with a fresh map until one trips, at most
     * MAX_ROUNDS times; a run in which the writers never overlap (one core, a busy machine) says so instead of
     * claiming a catch. After a catch the map is used single-threaded to show it still works: a STRICT detector
     * throws before the second writer touches the map, so the map is intact; under BEST_EFFORT an overlap the flag
     * missed may already have damaged it, and the check reports that rather than hiding it.
     *
     * The SyncMap half writes the same keys from the same threads once, then checks the size and every mapping.
     *
     * Reading guide: run, then raceGoMap and loadSyncMap, then the shared writer harness runTogether.
     */

    static final int DEFAULT_KEYS = 100_000; // per writer: a few milliseconds of puts, long enough to overlap
    static final int MAX_ROUNDS = 20;        // rounds before concluding that the writers never overlap here

    private RaceLab() {}

    /* ---- Steps ---- */

    /** Runs both halves; returns {@link Lab#FAILED} if SyncMap lost or changed an entry. */
    static int run(LabSettings settings, PrintStream out) throws InterruptedException {
        int keys = settings.keysOr(DEFAULT_KEYS);
        raceGoMap(settings, keys, out);
        out.println();
        return loadSyncMap(settings.threads(), keys, out);
    }

    private static void raceGoMap(LabSettings settings, int keys, PrintStream out) throws InterruptedException {
        int threads = settings.threads();
        out.printf(Locale.ROOT, "== race: %d threads write one GoMap, %,d keys each (%s detector)%n",
                threads, keys, LabSettings.word(settings.detector()));
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            GoMap<Integer, Integer> map = new GoMap<>(0, settings.detector());
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            runTogether(threads, "writer-", failure, t -> {
                int base = t * keys;
                for (int i = 0; i < keys && failure.get() == null; i++) {
                    map.put(base + i, i);
                }
            });
            RuntimeException f = failure.get();
            if (f instanceof ConcurrentMapAccessException e) {
                out.printf(Locale.ROOT, "   round %d: fatal error: %s%n", round, e.getMessage());
                out.printf(Locale.ROOT, "   kind %s; Go would have stopped the whole program here%n", e.kind());
                out.println("   " + afterTheRace(map));
                return;
            }
            if (f != null) {
                out.printf(Locale.ROOT, "   round %d: a writer failed with %s: the detector missed an overlap%n"
                        + "   and the map was damaged, as a Go map can be when its own check misses a clash%n", round, f);
                return;
            }
        }
        out.printf(Locale.ROOT, "   no overlap in %d rounds: the writers never ran at the same time here%n"
                + "   (one free core, or a busy machine); rerun, or try --keys 1000000%n", MAX_ROUNDS);
    }

    /** Uses the raced map from this thread alone and says whether it behaved. */
    private static String afterTheRace(GoMap<Integer, Integer> map) {
        try {
            int size = map.size();
            Integer fresh = -1; // no writer writes negative keys
            map.put(fresh, 42);
            boolean ok = Integer.valueOf(42).equals(map.get(fresh)) && map.size() == size + 1
                    && Integer.valueOf(42).equals(map.remove(fresh)) && map.size() == size;
            return String.format(Locale.ROOT, "the map still works single-threaded: size %,d; put, get and remove "
                    + "of a new key %s", size, ok ? "behave" : "MISBEHAVE (the race damaged it)");
        } catch (RuntimeException e) {
            return "the race damaged the map: single-threaded use now fails with " + e;
        }
    }

    private static int loadSyncMap(int threads, int keys, PrintStream out) throws InterruptedException {
        out.printf(Locale.ROOT, "== the same load on SyncMap: %d threads store %,d keys each%n", threads, keys);
        SyncMap<Integer, Integer> map = new SyncMap<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        runTogether(threads, "storer-", failure, t -> {
            int base = t * keys;
            for (int i = 0; i < keys; i++) {
                map.store(base + i, i);
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failure.get() != null) {
            out.println("   FAILED: a thread threw " + failure.get());
            return Lab.FAILED;
        }
        long expected = (long) threads * keys;
        long wrong = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < keys; i++) {
                if (!Integer.valueOf(i).equals(map.load(t * keys + i))) {
                    wrong++;
                }
            }
        }
        if (wrong == 0 && map.size() == expected) {
            out.printf(Locale.ROOT, "   done in %,d ms: size %,d, and every one of the %,d keys maps to its value%n",
                    millis, map.size(), expected);
            return Lab.OK;
        }
        out.printf(Locale.ROOT, "   WRONG: size %,d (expected %,d), %,d keys missing or mapped to a wrong value%n",
                map.size(), expected, wrong);
        return Lab.FAILED;
    }

    /* ---- Writer harness ---- */

    /**
     * Starts {@code threads} threads named {@code prefix + index} on one latch, runs {@code body} with each thread's
     * index, and waits for all of them. The first exception a body throws is stored in {@code failure}.
     */
    private static void runTogether(int threads, String prefix, AtomicReference<RuntimeException> failure,
                                    IntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    body.accept(index);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, prefix + t);
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
    }
}
