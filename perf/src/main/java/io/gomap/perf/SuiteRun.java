package io.gomap.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every {@link Scenario} as the suite defines it, in one go, and writes the README's figures:
 * {@code figures.md}, one Markdown table per scenario under its definition, and one JMH JSON file per scenario.
 * {@code perf/run-suite.sh} runs it from the benchmarks jar:
 *
 * <pre>
 * java -cp perf/target/benchmarks.jar io.gomap.perf.SuiteRun --out DIR [--smoke] [--dry-run] [--only NAME,...]
 * </pre>
 */
public final class SuiteRun {

    /*
     * Overview:
     *
     * Each scenario is one JMH run with the options Scenario builds plus the iteration settings here; JMH prints its
     * usual log to standard output, and figures.md is rewritten after every scenario, so a run stopped halfway
     * keeps the tables it finished. A table's ratios come from one JMH invocation that measures all its maps, one
     * after another, with the same settings; the forks inherit this JVM's options.
     *
     * Reading guide: settings, main, then the report.
     */

    /* ---- Settings ---- */

    static final int FORKS = 2;                                     // the project's minimum for a published ratio
    static final int WARMUP_ITERATIONS = 1;                          // each fork: warm up once...
    static final TimeValue WARMUP_TIME = TimeValue.seconds(1);
    static final int MEASURED_ITERATIONS = 2;                        // ...then measure twice: 4 samples per figure
    static final TimeValue MEASURED_TIME = TimeValue.seconds(1);
    static final TimeValue SMOKE_TIME = TimeValue.milliseconds(200); // --smoke: 1 fork, 1 iteration of this

    private SuiteRun() {}

    /* ---- Entry point ---- */

    public static void main(String[] args) throws IOException, RunnerException {
        Path out = null;
        boolean smoke = false;
        boolean dry = false;
        List<Scenario> scenarios = List.of(Scenario.values());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--smoke" -> smoke = true;
                case "--dry-run" -> dry = true;
                case "--only" -> {
                    List<Scenario> chosen = new ArrayList<>();
                    for (String name : value(args, ++i).split(",")) {
                        chosen.add(Scenario.parse(name.strip()));
                    }
                    scenarios = chosen;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: SuiteRun --out DIR [--smoke] [--dry-run] [--only NAME,...]");
            }
        }
        String settings = settings(smoke);
        if (dry) {
            for (Scenario s : scenarios) {
                System.out.println("java -jar perf/target/benchmarks.jar "
                        + s.command(s.sizes, s.distributions, s.threads) + " " + settings);
            }
            return;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Files.createDirectories(out);
        Instant start = Instant.now();
        StringBuilder sections = new StringBuilder();
        for (Scenario s : scenarios) {
            System.out.println("== " + s.name() + ": " + s.title);
            ChainedOptionsBuilder options = s.options()
                    .result(out.resolve(s.name() + ".json").toString())
                    .resultFormat(ResultFormatType.JSON)
                    .shouldFailOnError(true);
            if (smoke) {
                options.forks(1).warmupIterations(0).measurementIterations(1).measurementTime(SMOKE_TIME);
            } else {
                options.forks(FORKS).warmupIterations(WARMUP_ITERATIONS).warmupTime(WARMUP_TIME)
                        .measurementIterations(MEASURED_ITERATIONS).measurementTime(MEASURED_TIME);
            }
            Collection<RunResult> results = new Runner(options.build()).run();
            sections.append(ScenarioTable.of(s, s.sizes, results).markdown(s.threads)).append('\n');
            Files.writeString(out.resolve("figures.md"), header(start, settings, smoke) + sections,
                    StandardCharsets.UTF_8);
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        System.out.printf(Locale.ROOT, "== done in %d:%02d; tables in %s%n", seconds / 60, seconds % 60,
                out.resolve("figures.md"));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /* ---- Report ---- */

    /** The JMH iteration options every scenario runs with, as a command line would give them. */
    static String settings(boolean smoke) {
        return smoke ? "-f 1 -wi 0 -i 1 -r " + text(SMOKE_TIME)
                : String.format(Locale.ROOT, "-f %d -wi %d -w %s -i %d -r %s", FORKS, WARMUP_ITERATIONS,
                        text(WARMUP_TIME), MEASURED_ITERATIONS, text(MEASURED_TIME));
    }

    /** A time as JMH's command line takes it: 1s, 200ms. */
    static String text(TimeValue t) {
        return t.toString().replace(" ", "");
    }

    private static String header(Instant start, String settings, boolean smoke) {
        StringBuilder b = new StringBuilder("# gomap: the suite's workloads\n\n");
        if (smoke) {
            b.append("**Smoke run: one short iteration per figure; the numbers are meaningless.**\n\n");
        }
        b.append("Every table below comes from one `perf/run-suite.sh` run, JMH ").append(settings)
                .append(" for every workload (single-shot workloads: ").append(smoke ? "1 map" : "1 + 2 maps")
                .append(" per fork). Keys are distinct pseudo-random `Integer`s, pre-boxed (the growing cache boxes each")
                .append(" key when it fills it), from a fixed seed; each thread walks its own precomputed sequence of")
                .append(" key indices; maps are created")
                .append(" without a capacity hint, filled, and settled (SyncMap's recent level promoted) before")
                .append(" measuring. Each definition ends with the JMH arguments that rerun it.\n\n");
        b.append("- date: ").append(start.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        b.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n');
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("\n\n");
        return b.toString();
    }
}
