package io.gomap.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;

/** Waiting for a test's threads with a bound, so that a thread stuck in the code under test fails the test by name. */
public final class Threads {

    /** How long the threads may take, together: far more than they need, and under the suite's limit per test. */
    private static final long SECONDS = 90;

    private Threads() {}

    /** Joins every thread, failing if any is still running {@link #SECONDS} after the call. */
    public static void joinAll(Iterable<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            assertFalse(t.isAlive(), () -> t.getName() + " still running after " + SECONDS + " s");
        }
    }
}
