package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import io.gomap.perf.RecentReads;
import io.gomap.perf.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The lab's JFR step: the growing cache where SyncMap does worst ({@link Scenario#RECENT_READS}, the bench's last
 * column) runs on ConcurrentHashMap, then on SyncMap under an in-process JFR recording of gomap's events
 * {@value #MISFIT} and {@value #PROMOTE}, started once the map is filled; the step prints both throughputs and, in
 * plain words, what the recording says about the workload.
 */
final class JfrLab {

    /*
     * Overview:
     *
     * Both maps run the same code, RecentReads (the workload RecentReadsBenchmark measures), from --threads plain
     * threads in this VM: a warmup, then a measured run whose operations are counted; no JMH, so the figures are
     * rough and the bench's table holds JMH's. The recording is a jdk.jfr.Recording with only gomap's two events
     * enabled, no stack traces, threshold zero. It starts once RecentReads.start has filled and settled the map, so
     * it covers SyncMap's warmup and run and nothing of the setup: the fill's 100,000 puts take the lock and promote
     * a growing snapshot many times over, which would otherwise be counted as the workload's promotions and fall in
     * its first misfit interval. Warmup and run are long enough for SyncMap's lock counter to close at least one of
     * its one-second intervals (LockPressure commits a SyncMapMisfit event at the end of an interval in which the
     * lock was taken over 100,000 times a second). The recording is dumped to a temporary file, read back with
     * RecordingFile and deleted. What the step concludes comes from the events alone: misfit events mean the lock was
     * taken too often for sync.Map's design; none means it was not.
     *
     * Reading guide: constants, run and recordSyncMap, then the two helpers: what the recording says and the load.
     */

    static final String MISFIT = "io.gomap.SyncMapMisfit";      // lock taken too often throughout an interval
    static final String PROMOTE = "io.gomap.DirtyPromote";       // a new read snapshot built, an O(n) merge
    static final Duration WARMUP = Duration.ofMillis(300);       // per map, not counted: the JIT compiles the loop
    static final Duration RUN = Duration.ofMillis(2200);         // each map, counted: two misfit intervals of 1 s;
                                                                 // one length for both, as the map grows all along
    static final int BATCH = 1024;                               // operations between two looks at the stop flag

    private JfrLab() {}

    /* ---- Step ---- */

    /** Runs both maps and prints what the recording says; returns {@link Lab#OK}. */
    static int run(LabSettings settings, PrintStream out) throws InterruptedException, IOException {
        int threads = settings.threads();
        int keys = RecentReads.DEFAULT_SIZE;
        out.printf(Locale.ROOT, "== jfr: what Flight Recorder says about a growing cache on SyncMap%n");
        out.printf(Locale.ROOT, "   the bench's \"%s\" workload: %d thread%s, %,d keys at start; run here without"
                + " JMH%n   (rough figures), SyncMap under a JFR recording in this process (jdk.jfr.Recording) of%n"
                + "   %s and %s%n", Scenario.RECENT_READS.title, threads,
                threads == 1 ? "" : "s", keys, MISFIT, PROMOTE);
        Contender chm = Contender.CONCURRENT_HASH_MAP;
        double baseline = throughput(RecentReads.start(chm.displayName(), keys, threads), chm, threads, RUN);
        out.printf(Locale.ROOT, "   %-18s %8s ops/us  (%s)%n", chm.displayName(), BenchTable.number(baseline),
                LabSettings.text(RUN));
        Recorded sync = recordSyncMap(threads, keys, RUN);
        out.printf(Locale.ROOT, "   %-18s %8s ops/us  (%s, recorded): %.2fx %s%n", Contender.SYNC_MAP.displayName(),
                BenchTable.number(sync.throughput()), LabSettings.text(RUN), sync.throughput() / baseline,
                chm.displayName());
        out.print(verdict(sync.events()));
        return Lab.OK;
    }

    /** SyncMap's measured operations per microsecond and the events recorded while it ran. */
    record Recorded(double throughput, List<RecordedEvent> events) {}

    /**
     * Fills and settles a SyncMap of {@code keys} keys, then runs the growing cache on it under a recording of
     * gomap's two events: {@link #WARMUP}, then {@code measured}.
     */
    static Recorded recordSyncMap(int threads, int keys, Duration measured) throws InterruptedException, IOException {
        RecentReads cache = RecentReads.start(Contender.SYNC_MAP.displayName(), keys, threads);
        Path file = Files.createTempFile("gomap-lab-", ".jfr");
        try (Recording recording = new Recording()) {
            recording.setName("gomap-lab");
            recording.enable(MISFIT).withoutStackTrace().withThreshold(Duration.ZERO);
            recording.enable(PROMOTE).withoutStackTrace().withThreshold(Duration.ZERO);
            // Only now: the fill's promotions and locked puts are the setup's, not the workload's.
            recording.start();
            double sync = throughput(cache, Contender.SYNC_MAP, threads, measured);
            recording.stop();
            recording.dump(file);
            return new Recorded(sync, RecordingFile.readAllEvents(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /* ---- What the recording says ---- */

    /** The recording's events in plain words, each line indented and ended by a newline. */
    static String verdict(List<RecordedEvent> events) {
        List<RecordedEvent> misfits = events.stream().filter(e -> e.getEventType().getName().equals(MISFIT)).toList();
        List<RecordedEvent> promotes = events.stream().filter(e -> e.getEventType().getName().equals(PROMOTE))
                .toList();
        StringBuilder b = new StringBuilder();
        if (misfits.isEmpty()) {
            b.append("   JFR: no SyncMapMisfit event: SyncMap's lock was not taken 100,000 times a second throughout a")
                    .append(" one-second interval,\n   so by JFR's measure this workload fits SyncMap");
        } else {
            long least = misfits.stream().mapToLong(e -> e.getLong("lockedOpsPerSecond")).min().orElse(0);
            long most = misfits.stream().mapToLong(e -> e.getLong("lockedOpsPerSecond")).max().orElse(0);
            long promotions = misfits.stream().mapToLong(e -> e.getInt("promotions")).sum();
            b.append(String.format(Locale.ROOT, "   JFR: %d SyncMapMisfit event%s, lock taken %s times a second"
                            + " (%,d promotions in those intervals):%n   this workload belongs on ConcurrentHashMap",
                    misfits.size(), misfits.size() == 1 ? "" : "s", range(least, most), promotions));
        }
        b.append('\n');
        if (promotes.isEmpty()) {
            b.append("   JFR: no DirtyPromote event: SyncMap built no new read snapshot during the run\n");
        } else {
            long copied = promotes.stream().mapToLong(e -> (long) e.getInt("snapshotKeys") + e.getInt("dirtySize"))
                    .max().orElse(0);
            double millis = promotes.stream().mapToDouble(e -> e.getDuration().toNanos() / 1e6).sum();
            b.append(String.format(Locale.ROOT, "   JFR: %,d DirtyPromote event%s: new read snapshots, each a copy of"
                            + " the map (up to %,d keys),%n   %.2f ms each on average, %.2f s in all%n",
                    promotes.size(), promotes.size() == 1 ? "" : "s", copied, millis / promotes.size(), millis / 1e3));
        }
        b.append("   in a service: jcmd <pid> JFR.start, later jcmd <pid> JFR.dump filename=<file>.jfr, then\n")
                .append("   jfr print --events ").append(MISFIT).append(" <file>.jfr\n");
        return b.toString();
    }

    /** A rate or a range of rates as people say them: "600,000", "580,000 to 610,000", "5.2 to 6.2 million". */
    static String range(long least, long most) {
        String a = rate(least);
        String b = rate(most);
        if (a.equals(b)) {
            return a;
        }
        String million = " million";
        return a.endsWith(million) && b.endsWith(million) ? a.substring(0, a.length() - million.length()) + " to " + b
                : a + " to " + b;
    }

    /** A rate rounded to thousands, or to a tenth of a million from a million up. */
    private static String rate(long perSecond) {
        return perSecond >= 1_000_000 ? String.format(Locale.ROOT, "%.1f million", perSecond / 1e6)
                : String.format(Locale.ROOT, "%,d", Math.round(perSecond / 1e3) * 1000);
    }

    /* ---- The load ---- */

    /**
     * Runs the growing cache on {@code cache}, a started map of the given kind, from {@code threads} threads:
     * {@link #WARMUP}, then {@code measured}; returns the measured operations per microsecond, all threads together.
     */
    private static double throughput(RecentReads cache, Contender contender, int threads, Duration measured)
            throws InterruptedException {
        long[] ops = new long[threads];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Phase phase = new Phase();
        CountDownLatch ready = new CountDownLatch(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            RecentReads.Worker worker = cache.worker(t);
            workers[t] = new Thread(() -> {
                try {
                    ready.countDown();
                    long counted = 0;
                    int state;
                    while ((state = phase.state) != Phase.STOPPED) {
                        for (int i = 0; i < BATCH; i++) {
                            worker.next();
                        }
                        if (state == Phase.MEASURING) {
                            counted += BATCH;
                        }
                    }
                    ops[index] = counted;
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "jfr-" + contender.displayName() + "-" + t);
            workers[t].start();
        }
        ready.await();
        Thread.sleep(WARMUP.toMillis());
        long start = System.nanoTime();
        phase.state = Phase.MEASURING;
        Thread.sleep(measured.toMillis());
        phase.state = Phase.STOPPED;
        long elapsed = System.nanoTime() - start;
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = 0;
        for (long n : ops) {
            total += n;
        }
        return total / (elapsed / 1e3);
    }

    /** What the load threads are to do; written by the step's thread only. */
    private static final class Phase {
        static final int WARMING = 0;      // run, do not count
        static final int MEASURING = 1;    // run and count
        static final int STOPPED = 2;      // leave the loop

        volatile int state = WARMING;
    }
}
