package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import io.gomap.perf.Scenario;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The lab's bench: four of the suite's workloads ({@link #SCENARIOS}), run by JMH for every {@link Contender} with
 * the suite's own benchmark classes and definitions, at the lab's key count and threads, with a progress bar instead
 * of JMH's log; then a table on the terminal and {@code report.md} and {@code chart.svg} in a new timestamped folder
 * under {@code --out}, each with the workloads' definitions. Three are workloads sync.Map's design is for; the fourth,
 * a growing cache, is the one where SyncMap does worst, so the comparison shows both.
 */
final class BenchLab {

    /*
     * Overview:
     *
     * The workloads are Scenario constants, the same definitions perf/run-suite.sh measures for the README, run with
     * the uniform choice of keys at --keys keys and --threads threads; the lab's defaults are the suite's larger size
     * and its threads, so the lab's table is a short run of the suite's. The growing cache (RECENT_READS) has no
     * distribution and always starts at its definition's size (FIXED_SIZE): it needs 1,024 keys per thread, and its
     * map is rebuilt every iteration, which at --keys' 1M would cost more than the measurement. Each workload is one JMH run and each
     * (contender, workload) pair one JMH benchmark: one warmup iteration and two measured iterations, each a
     * third of --duration, so the pair costs --duration plus setup. From the lab jar every pair runs in its own
     * forked VM, so one map's JIT profile cannot slow another's; from a class-path directory (tests, an IDE) there
     * is no jar to fork with, and the pairs run in this VM, which is quick and good enough for a smoke test. The
     * run's timestamped results folder is created before measuring (prepare), so a folder that cannot be written
     * fails in a second, not after the run. Nothing here judges the numbers.
     *
     * Reading guide: run, then options, then the report writer.
     */

    static final List<Scenario> SCENARIOS =    // the workloads of the lab's table, in column order
            List.of(Scenario.READ_ONLY, Scenario.READ_90_10, Scenario.DISJOINT_90_10, Scenario.RECENT_READS);
    static final Set<Scenario> FIXED_SIZE =    // run at their definition's size whatever --keys says
            EnumSet.of(Scenario.RECENT_READS);
    static final int DEFAULT_KEYS = 1_000_000; // the suite's larger size: beyond the caches, as in a server
    static final int WARMUP_ITERATIONS = 1;    // the forked VM's JIT settles within one third of --duration
    static final int MEASURED_ITERATIONS = 2;  // two, so a hiccup in one shows in the score without doubling the time
    static final int SLICES = WARMUP_ITERATIONS + MEASURED_ITERATIONS; // --duration is split into this many
    static final int TERMINAL_WIDTH = 118;     // columns the terminal's workload definitions wrap at
    static final DateTimeFormatter FOLDER =    // results/<timestamp>: sorts by time, no characters shells mind
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BenchLab() {}

    /* ---- Step ---- */

    /**
     * Measures, prints the table and writes the report into {@code folder}, the one {@link #prepare} made; returns
     * {@link Lab#OK}.
     */
    static int run(LabSettings settings, Path folder, PrintStream out) throws IOException, RunnerException {
        List<Contender> contenders = List.of(Contender.values());
        int keys = settings.keysOr(DEFAULT_KEYS);
        boolean fork = runningFromJar();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant start = Instant.now();
        Duration slice = settings.duration().dividedBy(SLICES);
        String what = String.format(Locale.ROOT, "%d threads, %,d keys, uniform; %s per pair (%d x %d ms warmup,"
                + " %d x %d ms measured), %s", settings.threads(), keys, LabSettings.text(settings.duration()),
                WARMUP_ITERATIONS, slice.toMillis(), MEASURED_ITERATIONS, slice.toMillis(),
                fork ? "a forked VM per pair" : "no forks");
        out.printf(Locale.ROOT, "== bench: %d maps x %d workloads with JMH%n   %s%n", contenders.size(),
                SCENARIOS.size(), what);
        for (Scenario s : FIXED_SIZE) {
            out.printf(Locale.ROOT, "   %s: %s keys at start, whatever --keys%n", s.title,
                    sizes(s, keys).stream().map(LabSettings::count).collect(Collectors.joining(", ")));
        }
        ProgressOutput progress = new ProgressOutput(out, System.console() != null,
                contenders.size() * SCENARIOS.size(), SLICES);
        Collection<RunResult> results = new ArrayList<>();
        try {
            for (Scenario s : SCENARIOS) {
                results.addAll(new Runner(options(s, contenders, settings.threads(), keys, slice, fork), progress)
                        .run());
            }
        } catch (RunnerException e) {
            String said = progress.recent();
            throw new RunnerException(said.isEmpty() ? e.getMessage()
                    : e.getMessage() + System.lineSeparator() + said, e);
        }
        BenchTable table = BenchTable.of(SCENARIOS, contenders, results);
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        out.printf(Locale.ROOT, "   done in %d:%02d%n", seconds / 60, seconds % 60);
        out.print(table.text());
        out.print(terminalDefinitions(keys, settings.threads()));
        String jmh = results.isEmpty() ? "" : "; JMH " + results.iterator().next().getParams().getJmhVersion();
        Files.writeString(folder.resolve("report.md"), report(table, what + jmh, keys, settings.threads(), start,
                load), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("chart.svg"), BarChart.svg(table, what), StandardCharsets.UTF_8);
        out.println("   wrote " + folder.resolve("report.md") + " and chart.svg");
        return Lab.OK;
    }

    /* ---- JMH ---- */

    private static Options options(Scenario scenario, List<Contender> contenders, int threads, int keys,
                                   Duration slice, boolean fork) {
        return scenario.options(names(contenders), sizes(scenario, keys), uniform(scenario), threads)
                .forks(fork ? 1 : 0)
                .warmupIterations(WARMUP_ITERATIONS)
                .warmupTime(TimeValue.milliseconds(slice.toMillis()))
                .measurementIterations(MEASURED_ITERATIONS)
                .measurementTime(TimeValue.milliseconds(slice.toMillis()))
                .shouldFailOnError(true)
                .build();
    }

    /**
     * The lab's choice of keys: the scenario's first distribution, uniform for every one of {@link #SCENARIOS} that
     * has one.
     */
    private static List<String> uniform(Scenario scenario) {
        return scenario.distributions.isEmpty() ? List.of() : scenario.distributions.subList(0, 1);
    }

    /** The sizes the lab runs a scenario at: --keys, or the definition's own for {@link #FIXED_SIZE}. */
    static List<Integer> sizes(Scenario scenario, int keys) {
        return FIXED_SIZE.contains(scenario) ? scenario.sizes : List.of(keys);
    }

    private static List<String> names(List<Contender> contenders) {
        return contenders.stream().map(Contender::displayName).toList();
    }

    /** Each workload's definition at the lab's settings as a Markdown list, one item a line. */
    static String definitions(int keys, int threads) {
        StringBuilder b = new StringBuilder();
        for (Scenario s : SCENARIOS) {
            b.append("- **").append(s.title).append("**: ").append(definition(s, keys, threads)).append(". JMH: `")
                    .append(s.command(sizes(s, keys), uniform(s), threads)).append("`\n");
        }
        return b.toString();
    }

    /** Each workload's definition for the terminal, wrapped at {@link #TERMINAL_WIDTH}, without the JMH arguments. */
    static String terminalDefinitions(int keys, int threads) {
        StringBuilder b = new StringBuilder("   workloads (the suite's own; their JMH arguments are in report.md):\n");
        for (Scenario s : SCENARIOS) {
            String line = "   - " + s.title + ": " + definition(s, keys, threads) + ".";
            while (line.length() > TERMINAL_WIDTH) {
                int cut = line.lastIndexOf(' ', TERMINAL_WIDTH);
                cut = cut <= 8 ? TERMINAL_WIDTH : cut;
                b.append(line, 0, cut).append('\n');
                line = "     " + line.substring(cut).strip();
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static String definition(Scenario s, int keys, int threads) {
        return s.definition(sizes(s, keys), uniform(s), threads);
    }

    /** True when this class was loaded from a jar, which a forked VM can be started with. */
    static boolean runningFromJar() {
        CodeSource source = BenchLab.class.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().endsWith(".jar");
    }

    /* ---- Report ---- */

    /**
     * Creates the run's folder, {@code out/<timestamp>} (and {@code out} if missing), so that a folder that cannot be
     * made stops the bench, or the tour, before anything runs; a run that fails later leaves it empty. Making it is
     * the only sure test: asking whether {@code out} is writable says yes to root for /proc, where nothing can be
     * created.
     *
     * @return the folder the report and chart go to
     */
    static Path prepare(Path out) throws IOException {
        try {
            Files.createDirectories(out);
            return newFolder(out, Instant.now());
        } catch (IOException e) {
            throw new IOException("cannot create the results folder: " + Lab.describe(e), e);
        }
    }

    /** Creates {@code out/<timestamp>}, adding a suffix if a run in the same second made one already. */
    private static Path newFolder(Path out, Instant when) throws IOException {
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

    private static String report(BenchTable table, String what, int keys, int threads, Instant when, double load) {
        StringBuilder b = new StringBuilder("# gomap lab: bench\n\n");
        b.append("Throughput in operations per microsecond, all threads together; higher is better. In brackets: "
                + "the ratio to ConcurrentHashMap on the same workload.\n\n");
        b.append(table.markdown()).append('\n');
        b.append("![throughput by workload and map](chart.svg)\n\n");
        b.append("## Workloads\n\n");
        b.append("The suite's own workloads (`io.gomap.perf.Scenario`), as `perf/run-suite.sh` runs them for the"
                + " README, at this run's keys and threads:\n\n");
        b.append(definitions(keys, threads));
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
                .append("For firmer figures, `perf/run-suite.sh` runs every workload with `-f 2` and writes a table per"
                        + " workload; or run one workload's JMH arguments above with `-f 2`.\n");
        return b.toString();
    }
}
