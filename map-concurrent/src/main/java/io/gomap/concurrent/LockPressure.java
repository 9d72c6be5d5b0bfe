package io.gomap.concurrent;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.function.LongSupplier;

/**
 * How often a {@link SyncMap} takes its lock, and the report when that stays too often: a
 * {@link SyncMapMisfitEvent}. Every method must only be called with the map's lock held, so the counters are plain.
 *
 * <p>Why from the lock holder and not a periodic JFR hook: a periodic event registered per map would keep every map
 * reachable for as long as the hook is registered. Counting costs one increment per locked operation; the clock is
 * read once every {@value #CHECK_EVERY} locked operations, and only while a recording has the event enabled.
 */
final class LockPressure implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Locked operations per second, sustained over an interval, above which a workload is a misfit. */
    static final long MISFIT_LOCKED_OPS_PER_SECOND = 100_000;

    /** Shortest interval measured, in nanoseconds: the most often one map can report. */
    static final long INTERVAL_NANOS = 1_000_000_000L;

    /** Locked operations between two reads of the clock; a power of two. */
    static final int CHECK_EVERY = 1024;

    private final transient LongSupplier nanoClock;

    /** Locked operations since the interval began. */
    private transient long ops;

    /** Promotions since the interval began. */
    private transient int promotions;

    /** Clock reading when the interval began; meaningful only when started. */
    private transient long intervalStart;

    /** Whether an interval is being measured (the clock was read at least once). */
    private transient boolean started;

    LockPressure(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one operation that took the lock; every {@value #CHECK_EVERY}th may close the interval and report. A
     * check that finds no recording ends the interval, so that a later recording measures only its own time when a
     * check ran between the two; otherwise the interval the first began runs on into the second.
     */
    void lockedOperation(Object map) {
        if ((++ops & (CHECK_EVERY - 1)) == 0) {
            if (SyncMapMisfitEvent.enabled()) {
                closeIntervalIfDue(map);
            } else {
                started = false;
            }
        }
    }

    /** Counts one promotion. */
    void promoted() {
        promotions++;
    }

    /**
     * Ends the interval once it has lasted {@link #INTERVAL_NANOS}, committing a misfit event if its rate of locked
     * operations exceeded the threshold; the first call only starts an interval.
     */
    private void closeIntervalIfDue(Object map) {
        long now = nanoClock.getAsLong();
        long elapsed = now - intervalStart;
        if (started && elapsed < INTERVAL_NANOS) {
            return;
        }
        if (started) {
            long perSecond = (long) (ops * 1e9 / elapsed);
            if (perSecond > MISFIT_LOCKED_OPS_PER_SECOND) {
                SyncMapMisfitEvent e = new SyncMapMisfitEvent();
                e.lockedOps = ops;
                e.interval = elapsed;
                e.lockedOpsPerSecond = perSecond;
                e.promotions = promotions;
                e.map = System.identityHashCode(map);
                e.commit();
            }
        }
        started = true;
        intervalStart = now;
        ops = 0;
        promotions = 0;
    }

    /* ---------------- Serialization ---------------- */

    /** A map read back counts afresh on the system clock: what is written stands for a new counter. */
    @Serial
    private Object writeReplace() {
        return new Fresh();
    }

    /** Rejects a stream that holds a counter itself: only {@link Fresh} is ever written. */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a LockPressure is read as a new one");
    }

    /** The serialized form of every counter: reads back as a new one. */
    private static final class Fresh implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new LockPressure(System::nanoTime);
        }
    }
}
