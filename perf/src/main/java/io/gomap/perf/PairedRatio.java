package io.gomap.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The speed of one contender against another on one benchmark, measured in pairs of forks: each round runs one fork
 * of each, back to back, and the median of the rounds' ratios is the figure. Run from the shaded jar:
 *
 * <pre>
 * java -cp perf/target/benchmarks.jar io.gomap.perf.PairedRatio BENCHMARK --pair impl=A,B [-p NAME=VALUE]...
 *      [--rounds N] [-t THREADS] [-wi N] [-w TIME] [-i N] [-r TIME]
 * </pre>
 *
 * <p>For example {@code PairedRatio 'GoMapVsHashMapBenchmark.getHit$' --pair impl=GoMap-OFF,HashMap -p size=1000000}
 * prints, for 6 rounds, both scores and GoMap's speed relative to {@code HashMap}'s, then their median, minimum and
 * maximum. The forks run on the {@code java} that runs this class, and JMH gives them that JVM's options: {@code java
 * -XX:+UseParallelGC -cp ... PairedRatio ...} measures both contenders under ParallelGC.
 */
public final class PairedRatio {

    /*
     * Overview:
     *
     * A plain JMH run with -f 2 measures all forks of A, then all forks of B. On a shared machine whose speed drifts
     * over minutes (other tenants, memory placement), the drift lands on one side of the ratio only, and lookups at
     * 1M keys differ between forks of one side by up to 1.7x on this project's machine. Pairing the forks puts the
     * drift on both sides of each round's ratio, and alternating which side runs first (A first in odd rounds)
     * cancels what is left of an order effect. The median of the rounds is robust to the odd bimodal fork; the
     * minimum and maximum show how far one round can mislead.
     *
     * A ratio is always A's speed over B's, whatever the benchmark's mode: B's time over A's for a time per operation,
     * A's score over B's for a throughput.
     *
     * Reading guide: settings and their parsing, main, then the measuring worker and the arithmetic.
     */

    /* ---- Settings ---- */

    static final int DEFAULT_ROUNDS = 6;
    static final int DEFAULT_WARMUPS = 3;
    static final int DEFAULT_ITERATIONS = 3;
    static final TimeValue DEFAULT_TIME = TimeValue.seconds(1);

    private static final String USAGE = "usage: PairedRatio BENCHMARK --pair PARAM=A,B [-p NAME=VALUE]... "
            + "[--rounds N] [-t THREADS] [-wi N] [-w TIME] [-i N] [-r TIME]";

    /**
     * What to measure: the benchmark (a JMH include pattern that must select exactly one benchmark), the parameter
     * whose two values are the contenders, the other parameters fixed for both, each fork's iterations, and the
     * threads ({@code 0}: the benchmark's own {@code @Threads}).
     */
    record Settings(String benchmark, String param, String a, String b, Map<String, String> params, int rounds,
            int warmups, TimeValue warmupTime, int iterations, TimeValue time, int threads) {

        static Settings parse(String... args) {
            String benchmark = null;
            String pair = null;
            Map<String, String> params = new LinkedHashMap<>();
            int rounds = DEFAULT_ROUNDS;
            int warmups = DEFAULT_WARMUPS;
            int iterations = DEFAULT_ITERATIONS;
            TimeValue warmupTime = DEFAULT_TIME;
            TimeValue time = DEFAULT_TIME;
            int threads = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pair" -> pair = value(args, ++i);
                    case "-p" -> {
                        String[] nv = nameValue(value(args, ++i), "-p");
                        params.put(nv[0], nv[1]);
                    }
                    case "--rounds" -> rounds = positive(args, ++i);
                    case "-t" -> threads = positive(args, ++i);
                    case "-wi" -> warmups = count(args, ++i);
                    case "-w" -> warmupTime = TimeValue.fromString(value(args, ++i));
                    case "-i" -> iterations = positive(args, ++i);
                    case "-r" -> time = TimeValue.fromString(value(args, ++i));
                    default -> {
                        if (args[i].startsWith("-") || benchmark != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; " + USAGE);
                        }
                        benchmark = args[i];
                    }
                }
            }
            if (benchmark == null || pair == null) {
                throw new IllegalArgumentException((benchmark == null ? "no benchmark" : "no --pair") + "; " + USAGE);
            }
            String[] nv = nameValue(pair, "--pair");
            String[] ab = nv[1].split(",", -1);
            if (ab.length != 2 || ab[0].isEmpty() || ab[1].isEmpty() || ab[0].equals(ab[1])) {
                throw new IllegalArgumentException("--pair needs two different values, as in impl=A,B; got '"
                        + pair + "'");
            }
            if (params.containsKey(nv[0])) {
                throw new IllegalArgumentException("-p " + nv[0] + " is the parameter --pair varies");
            }
            return new Settings(benchmark, nv[0], ab[0], ab[1], params, rounds, warmups, warmupTime, iterations,
                    time, threads);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
            }
            return args[i];
        }

        private static String[] nameValue(String text, String option) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException(option + " takes NAME=VALUE; got '" + text + "'");
            }
            return new String[] {text.substring(0, eq), text.substring(eq + 1)};
        }

        private static int count(String[] args, int i) {
            String text = value(args, i);
            try {
                int n = Integer.parseInt(text);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below with the option's name
            }
            throw new IllegalArgumentException(args[i - 1] + " takes a count; got '" + text + "'");
        }

        private static int positive(String[] args, int i) {
            int n = count(args, i);
            if (n == 0) {
                throw new IllegalArgumentException(args[i - 1] + " must be at least 1");
            }
            return n;
        }

        /** The settings as a command line gives them, for the report. */
        String describe() {
            return String.format(Locale.ROOT, "%s, %s=%s against %s, %s; %d rounds of one fork each, -wi %d -w %s "
                    + "-i %d -r %s%s", benchmark, param, a, b, params, rounds, warmups, SuiteRun.text(warmupTime),
                    iterations, SuiteRun.text(time), threads == 0 ? "" : " -t " + threads);
        }
    }

    /** One round: A's and B's primary scores, in the benchmark's unit, and A's speed over B's. */
    record Round(double a, double b, double ratio) {}

    private PairedRatio() {}

    /* ---- Entry point ---- */

    /** Exits with status 2 and one line on standard error for bad arguments or a benchmark JMH cannot run. */
    public static void main(String[] args) {
        try {
            measure(Settings.parse(args), 1, System.out);
        } catch (IllegalArgumentException | RunnerException e) {
            System.err.println("PairedRatio: " + e.getMessage());
            System.exit(2);
        }
    }

    /* ---- Measuring ---- */

    /**
     * Runs the rounds with {@code forks} forks per side and round (1 from main; 0, in this JVM, for tests), printing
     * each round and then the summary to {@code out}, and returns the rounds.
     */
    static List<Round> measure(Settings s, int forks, PrintStream out) throws RunnerException {
        out.println("paired forks: " + s.describe());
        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= s.rounds(); r++) {
            boolean aFirst = r % 2 == 1;
            RunResult first = runOne(s, aFirst ? s.a() : s.b(), forks);
            RunResult second = runOne(s, aFirst ? s.b() : s.a(), forks);
            RunResult a = aFirst ? first : second;
            RunResult b = aFirst ? second : first;
            double scoreA = a.getPrimaryResult().getScore();
            double scoreB = b.getPrimaryResult().getScore();
            Round round = new Round(scoreA, scoreB, speedRatio(a.getParams().getMode(), scoreA, scoreB));
            rounds.add(round);
            String unit = a.getPrimaryResult().getScoreUnit();
            out.printf(Locale.ROOT, "round %d (%s first): %s %.4g, %s %.4g %s; %s / %s speed %.2fx%n", r,
                    aFirst ? s.a() : s.b(), s.a(), scoreA, s.b(), scoreB, unit, s.a(), s.b(), round.ratio());
        }
        List<Double> ratios = rounds.stream().map(Round::ratio).toList();
        out.printf(Locale.ROOT, "%s / %s speed: median %.2fx, min %.2fx, max %.2fx over %d rounds%n", s.a(), s.b(),
                median(ratios), ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), ratios.size());
        return rounds;
    }

    /**
     * One JMH run of the benchmark with the pair's parameter at {@code value}. It must measure one combination: a
     * pattern that selects two benchmarks, or a parameter left with several values, is an error.
     */
    private static RunResult runOne(Settings s, String value, int forks) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(s.benchmark())
                .forks(forks)
                .warmupIterations(s.warmups())
                .warmupTime(s.warmupTime())
                .measurementIterations(s.iterations())
                .measurementTime(s.time())
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .param(s.param(), value);
        s.params().forEach(options::param);
        if (s.threads() > 0) {
            options.threads(s.threads());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            List<String> which = results.stream().map(r -> r.getParams().id()).toList();
            throw new IllegalArgumentException(results.size() + " benchmarks or parameter combinations ran where "
                    + "one was expected; narrow BENCHMARK or fix each other parameter with -p: " + which);
        }
        return results.iterator().next();
    }

    /* ---- Arithmetic ---- */

    /** A's speed over B's: the inverse ratio of the scores for a time per operation, the ratio for a throughput. */
    static double speedRatio(Mode mode, double a, double b) {
        return mode == Mode.Throughput ? a / b : b / a;
    }

    /** The median; the mean of the middle two for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
