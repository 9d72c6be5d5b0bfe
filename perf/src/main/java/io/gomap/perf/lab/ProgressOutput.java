package io.gomap.perf.lab;

import io.gomap.perf.Scenario;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output replaced by a progress bar: one line redrawn with {@code \r} on a terminal, one plain line per
 * finished benchmark otherwise (a pipe, a CI log). JMH's own text is kept, unprinted, so that a failure can quote it.
 */
final class ProgressOutput implements OutputFormat {

    /*
     * Overview:
     *
     * JMH reports each benchmark's start, each iteration's start and result, and each benchmark's end, from forked
     * VMs too. Progress is counted in iterations: `perBenchmark` of them (warmup and measurement) for each of
     * `benchmarks` benchmarks, in the order JMH runs them. On a terminal the bar line is drawn at every iteration
     * start and result, padded to the previous line's length so that no old character survives, and erased when the
     * run ends; the caller's next line then starts clean. Everything JMH prints as text goes to the `recent` ring.
     *
     * Reading guide: the JMH callbacks in the order JMH calls them, then draw.
     */

    static final int BAR_WIDTH = 24;      // characters of the bar itself
    static final int RECENT_LINES = 20;   // JMH lines kept for an error message

    /** Where the progress goes. */
    private final PrintStream out;

    /** True to redraw one line with \r; false to print a line per benchmark. */
    private final boolean terminal;

    /** Benchmarks this run will execute. */
    private final int benchmarks;

    /** Iterations per benchmark, warmup included. */
    private final int perBenchmark;

    /** When the run started, for the elapsed time shown. */
    private final long startNanos = System.nanoTime();

    /** Benchmarks started so far, the current one included. */
    private int started;

    /** Iterations of the current benchmark finished so far. */
    private int finished;

    /** What the current benchmark measures, e.g. "SyncMap, read-only hits". */
    private String current = "";

    /** Length of the last line drawn, to pad the next one over it. */
    private int drawn;

    /** The last lines JMH printed, oldest first. */
    private final Deque<String> recent = new ArrayDeque<>();

    /** Text JMH printed with print() and not yet ended by a newline. */
    private final StringBuilder partial = new StringBuilder();

    ProgressOutput(PrintStream out, boolean terminal, int benchmarks, int perBenchmark) {
        this.out = out;
        this.terminal = terminal;
        this.benchmarks = benchmarks;
        this.perBenchmark = perBenchmark;
    }

    /** The last lines JMH printed, oldest first, joined by newlines. */
    String recent() {
        return String.join(System.lineSeparator(), recent);
    }

    /* ---- JMH callbacks ---- */

    @Override
    public void startRun() {
        draw();
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        finished = 0;
        current = params.getParam("impl") + ", " + Scenario.of(params).title;
        draw();
    }

    @Override
    public void iteration(BenchmarkParams params, IterationParams iteration, int index) {
        draw();
    }

    @Override
    public void iterationResult(BenchmarkParams params, IterationParams iteration, int index, IterationResult r) {
        finished = iteration.getType() == IterationType.WARMUP ? index : params.getWarmup().getCount() + index;
        draw();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (!terminal && result != null) {
            out.printf(Locale.ROOT, "   bench %2d/%d  %-48s %s ops/us%n", started, benchmarks, current,
                    BenchTable.number(result.getPrimaryResult().getScore()));
        }
    }

    @Override
    public void endRun(Collection<RunResult> results) {
        if (terminal) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
        }
    }

    @Override
    public void print(String s) {
        keep(s);
    }

    @Override
    public void println(String s) {
        keep(s + "\n");
    }

    @Override
    public void verbosePrintln(String s) {
        keep(s + "\n");
    }

    @Override
    public void write(int b) {
        keep(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b) {
        keep(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }

    /* ---- Drawing ---- */

    private void draw() {
        if (!terminal) {
            return;
        }
        int total = benchmarks * perBenchmark;
        int done = Math.min(total, Math.max(0, (started - 1) * perBenchmark + finished));
        int filled = total == 0 ? 0 : done * BAR_WIDTH / total;
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String line = String.format(Locale.ROOT, "   [%s%s] %2d/%d %d:%02d  %s", "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), Math.max(started, 0), benchmarks, seconds / 60, seconds % 60,
                current);
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    private void keep(String text) {
        partial.append(text);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline).stripTrailing();
            partial.delete(0, newline + 1);
            if (!line.isEmpty()) {
                recent.addLast(line);
                if (recent.size() > RECENT_LINES) {
                    recent.removeFirst();
                }
            }
        }
    }
}
