package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The lab's bench: {@link LabBenchmark} run by JMH for every {@link Contender} on every {@link Workload}, with a
 * progress bar instead of JMH's log, then a table on the terminal and {@code report.md} and {@code chart.svg} in a
 * new timestamped folder under {@code --out}.
 */
final class BenchLab {

    /*
     * Overview:
     *
     * Each (contender, workload) pair is one JMH benchmark: one warmup iteration and two measured iterations, each a
     * third of --duration, so the pair costs --duration plus setup. From the lab jar every pair runs in its own
     * forked VM, so one map's JIT profile cannot slow another's; from a class-path directory (tests, an IDE) there
     * is no jar to fork with, and the pairs run in this VM, which is quick and good enough for a smoke test. The
     * results folder is created before measuring, so a folder that cannot be written fails in a second, not after
     * the run. Nothing here judges the numbers.
     *
     * Reading guide: run, then options, then the report writer.
     */

    static final int DEFAULT_KEYS = 100_000;   // larger than L2, smaller than L3 on most machines
    static final int WARMUP_ITERATIONS = 1;    // the forked VM's JIT settles within one third of --duration
    static final int MEASURED_ITERATIONS = 2;  // two, so a hiccup in one shows in the score without doubling the time
    static final int SLICES = WARMUP_ITERATIONS + MEASURED_ITERATIONS; // --duration is split into this many
    static final DateTimeFormatter FOLDER =    // results/<timestamp>: sorts by time, no characters shells mind
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BenchLab() {}

    /* ---- Step ---- */

    /** Measures, prints the table and writes the report; returns {@link Lab#OK}. */
    static int run(LabSettings settings, PrintStream out) throws IOException, RunnerException {
        List<Contender> contenders = List.of(Contender.values());
        int keys = settings.keysOr(DEFAULT_KEYS);
        boolean fork = runningFromJar();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant start = Instant.now();
        Path folder = newFolder(settings.out(), start);
        Duration slice = settings.duration().dividedBy(SLICES);
        String what = String.format(Locale.ROOT, "%d threads, %,d keys, %s per pair (%d x %d ms warmup, %d x %d ms"
                + " measured), %s", settings.threads(), keys, text(settings.duration()), WARMUP_ITERATIONS,
                slice.toMillis(), MEASURED_ITERATIONS, slice.toMillis(), fork ? "a forked VM per pair" : "no forks");
        out.printf(Locale.ROOT, "== bench: %d maps x %d workloads with JMH%n   %s%n", contenders.size(),
                Workload.values().length, what);
        ProgressOutput progress = new ProgressOutput(out, System.console() != null,
                contenders.size() * Workload.values().length, SLICES);
        Collection<RunResult> results;
        try {
            results = new Runner(options(contenders, settings.threads(), keys, slice, fork), progress).run();
        } catch (RunnerException e) {
            String said = progress.recent();
            throw new RunnerException(said.isEmpty() ? e.getMessage()
                    : e.getMessage() + System.lineSeparator() + said, e);
        }
        BenchTable table = BenchTable.of(contenders, results);
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        out.printf(Locale.ROOT, "   done in %d:%02d%n", seconds / 60, seconds % 60);
        out.print(table.text());
        String jmh = results.isEmpty() ? "" : "; JMH " + results.iterator().next().getParams().getJmhVersion();
        Files.writeString(folder.resolve("report.md"), report(table, what + jmh, start, load), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("chart.svg"), BarChart.svg(table, what), StandardCharsets.UTF_8);
        out.println("   wrote " + folder.resolve("report.md") + " and chart.svg");
        return Lab.OK;
    }

    /* ---- JMH ---- */

    private static Options options(List<Contender> contenders, int threads, int keys, Duration slice, boolean fork) {
        return new OptionsBuilder()
                .include("^" + Pattern.quote(LabBenchmark.class.getName() + ".") + "\\w+$")
                .param("contender", contenders.stream().map(Contender::displayName).toArray(String[]::new))
                .param("keys", Integer.toString(keys))
                .threads(threads)
                .forks(fork ? 1 : 0)
                .warmupIterations(WARMUP_ITERATIONS)
                .warmupTime(TimeValue.milliseconds(slice.toMillis()))
                .measurementIterations(MEASURED_ITERATIONS)
                .measurementTime(TimeValue.milliseconds(slice.toMillis()))
                .shouldFailOnError(true)
                .build();
    }

    /** True when this class was loaded from a jar, which a forked VM can be started with. */
    static boolean runningFromJar() {
        CodeSource source = BenchLab.class.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().endsWith(".jar");
    }

    /* ---- Report ---- */

    /** Creates {@code out/<timestamp>}, adding a suffix if a run in the same second made one already. */
    private static Path newFolder(Path out, Instant when) throws IOException {
        Files.createDirectories(out);
        String name = FOLDER.format(when);
        for (int suffix = 1; ; suffix++) {
            try {
                return Files.createDirectory(out.resolve(suffix == 1 ? name : name + "-" + suffix));
            } catch (FileAlreadyExistsException e) {
                if (suffix == 100) {
                    throw e;
                }
            }
        }
    }

    private static String report(BenchTable table, String what, Instant when, double load) {
        StringBuilder b = new StringBuilder("# gomap lab: bench\n\n");
        b.append("Throughput in operations per microsecond, all threads together; higher is better. In brackets: "
                + "the ratio to ConcurrentHashMap on the same workload.\n\n");
        b.append(table.markdown()).append('\n');
        b.append("![throughput by workload and map](chart.svg)\n\n");
        b.append("## Workloads\n\n");
        for (Workload w : Workload.values()) {
            b.append("- **").append(w.title).append("**: ").append(w.description).append(".\n");
        }
        b.append("\n## Run\n\n");
        b.append("- date: ").append(when.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        b.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(load < 0 ? "" : String.format(Locale.ROOT, ", load average %.2f when the run started", load))
                .append('\n');
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        b.append("- settings: ").append(what).append('\n');
        b.append("\nShort runs: differences under about 20% are noise, more so on a machine shared with other work. ")
                .append("For firmer figures run `java -jar perf/target/benchmarks.jar LabBenchmark -t 2` with JMH's "
                        + "default iterations.\n");
        return b.toString();
    }

    /** A duration as the user would type it. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
