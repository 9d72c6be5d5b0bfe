package io.gomap.perf.lab;

import io.gomap.core.DetectorMode;
import io.gomap.perf.RecentReads;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the user asked the lab to do: a command and its settings, parsed from the command line by {@link #parse}.
 *
 * <p>An option the user did not give takes the command's default, so {@code race}, {@code inspect} and {@code bench}
 * each get sizes that suit them and {@code tour} gets the same ones.
 *
 * @param command the command to run
 * @param help true when the user asked for the usage text; the other fields, command included, are then defaults
 * @param threads writer threads for race, benchmark threads for bench
 * @param keys keys per writer (race), entries (inspect) or map size (bench); 0 means each command's own default
 * @param duration time measured per contender and workload in bench
 * @param out folder under which bench writes a timestamped folder of results
 * @param detector detector mode of the GoMap the race writes
 */
record LabSettings(Command command, boolean help, int threads, int keys, Duration duration, Path out,
                   DetectorMode detector) {

    /*
     * Overview:
     *
     * The command line is a list of words: at most one command name and any number of options, in any order. An option
     * is `--name value` or `--name=value`; `-h` and `--help` take no value and win over everything else, so `race
     * --threads x --bogus --help` prints the help. Every option may appear once and only for the commands that use it
     * (the Command constants list them). Every failure is a UsageException whose message says what is wrong in one
     * line; nothing here prints or exits.
     *
     * Reading guide: Command and Option, then parse, then the value parsers.
     */

    /* ---- Limits and defaults ---- */

    static final int DEFAULT_THREADS = 2;                          // the machine the tour is sized for has 2 cores
    static final int MAX_THREADS = 64;                             // beyond this a laptop only measures its scheduler
    static final int MIN_KEYS = 100;                               // fewer keys make every map a cache-resident toy
    static final int MAX_KEYS = 20_000_000;                        // threads * keys stays below 2^31 at 64 threads
    static final Duration DEFAULT_DURATION = Duration.ofMillis(1500); // the tour's 28 pairs: about 75 s on 2 cores
    static final Duration MIN_DURATION = Duration.ofMillis(10);     // below this JMH measures its own bookkeeping
    static final Duration MAX_DURATION = Duration.ofMinutes(10);    // a typo guard: 28 runs of this take hours
    static final Path DEFAULT_OUT = Path.of("results");            // the folder .gitignore leaves out
    static final DetectorMode DEFAULT_DETECTOR = DetectorMode.STRICT; // the race shows every overlap it can

    /** Digits, plain or grouped by three with commas or with underscores: 100000, 100,000, 100_000. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d+|\\d{1,3}(,\\d{3})+|\\d{1,3}(_\\d{3})+");
    /** Duration syntax: a whole number and a unit, e.g. 500ms, 2s, 1m. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /* ---- Commands and options ---- */

    /** The lab's subcommands, with the options each one reads. */
    enum Command {
        /** Race, inspect, bench and jfr in a row. */
        TOUR("race, inspect, bench and jfr in a row, about a minute and a half on 2 cores (the default)",
                EnumSet.allOf(Option.class)),
        /** Threads write one GoMap until the detector trips, then SyncMap takes the same load. */
        RACE("threads write one GoMap until the detector stops them with Go's message; then SyncMap, same load",
                EnumSet.of(Option.THREADS, Option.KEYS, Option.DETECTOR)),
        /** Fill a GoMap, delete 90%, print its stats as Go leaves it, compacted and shrunk. */
        INSPECT("fill a GoMap, delete 90% of its keys; its buckets and tombstones, then after compact() and whenSparse()",
                EnumSet.of(Option.KEYS)),
        /** JMH comparison of the concurrent maps. */
        BENCH("JMH: the concurrent maps on four of the suite's workloads, a growing cache among them; table,"
                + " report, chart", EnumSet.of(Option.THREADS, Option.KEYS, Option.DURATION, Option.OUT)),
        /** The growing cache on SyncMap under a JFR recording, beside ConcurrentHashMap. */
        JFR("a growing cache on ConcurrentHashMap, then on SyncMap under JFR: what the SyncMapMisfit and"
                + " DirtyPromote\nevents say about the workload (about 5 s)", EnumSet.of(Option.THREADS));

        /** One line for the usage text. */
        final String summary;

        /** Options this command reads; any other is an error. */
        final Set<Option> options;

        Command(String summary, Set<Option> options) {
            this.summary = summary;
            this.options = options;
        }

        /** The name typed on the command line. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The options, with the placeholder and text the usage shows. */
    enum Option {
        /** Number of threads. */
        THREADS("--threads", "N", "threads racing or benchmarking (2.." + MAX_THREADS + " for race and tour, 1.."
                + MAX_THREADS + " for bench and jfr; default " + DEFAULT_THREADS + ")"),
        /** Number of keys. */
        KEYS("--keys", "N", "keys per writer in race (default " + count(RaceLab.DEFAULT_KEYS) + "), entries in"
                + " inspect (default " + count(InspectLab.DEFAULT_KEYS) + "),\nmap size in bench (default "
                + count(BenchLab.DEFAULT_KEYS) + "; its growing cache always starts at "
                + count(RecentReads.DEFAULT_SIZE) + "); " + MIN_KEYS + ".." + count(MAX_KEYS)
                + "\n(race and tour: --threads x --keys at most " + count(MAX_KEYS) + ")"),
        /** Measured time per benchmark. */
        DURATION("--duration", "T", "bench: time per contender and workload, a third of it warming up;\n"
                + "e.g. 500ms, 2s, 1m (default " + text(DEFAULT_DURATION) + "; " + text(MIN_DURATION) + ".."
                + text(MAX_DURATION) + ")"),
        /** Results folder. */
        OUT("--out", "DIR", "bench: folder for <timestamp>/report.md and chart.svg (default " + DEFAULT_OUT + ")"),
        /** Detector mode for race. */
        DETECTOR("--detector", "MODE", "race: strict (every overlap caught) or best-effort (Go's flag; default "
                + word(DEFAULT_DETECTOR) + ")");

        /** The flag typed on the command line. */
        final String flag;

        /** Placeholder for the value in the usage text. */
        final String metavar;

        /** What the option means, for the usage text. */
        final String help;

        Option(String flag, String metavar, String help) {
            this.flag = flag;
            this.metavar = metavar;
            this.help = help;
        }
    }

    /** A command line the lab cannot run; the message says why in one line. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /* ---- Parsing ---- */

    /** Parses a command line; never returns null. */
    static LabSettings parse(String... args) throws UsageException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            return new LabSettings(Command.TOUR, true, DEFAULT_THREADS, 0, DEFAULT_DURATION, DEFAULT_OUT,
                    DEFAULT_DETECTOR);
        }
        Command command = null;
        Map<Option, String> given = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.startsWith("-")) {
                int eq = word.indexOf('=');
                String flag = eq > 0 ? word.substring(0, eq) : word;
                if (flag.equals("--help") || flag.equals("-h")) { // alone it was handled above; here it has a value
                    throw new UsageException(flag + " takes no value");
                }
                Option option = option(flag);
                String value;
                if (eq > 0) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(flag + " needs a value (" + option.metavar + ")");
                }
                if (given.put(option, value) != null) {
                    throw new UsageException(flag + " is given twice");
                }
            } else if (WHOLE_NUMBER.matcher(word).matches()) {
                throw new UsageException("'" + word + "' is not a command; a number goes after its option, e.g."
                        + " --keys " + word);
            } else if (command != null) {
                throw new UsageException("one command at a time: '" + word + "' after '" + command.word() + "'");
            } else {
                command = command(word);
            }
        }
        Command chosen = command == null ? Command.TOUR : command;
        for (Option option : given.keySet()) {
            if (!chosen.options.contains(option)) {
                throw new UsageException(option.flag + " does not apply to " + chosen.word());
            }
        }
        int minThreads = chosen == Command.BENCH || chosen == Command.JFR ? 1 : 2;
        LabSettings settings = new LabSettings(chosen, false,
                given.containsKey(Option.THREADS)
                        ? bounded(Option.THREADS, given.get(Option.THREADS), minThreads, MAX_THREADS)
                        : DEFAULT_THREADS,
                given.containsKey(Option.KEYS) ? bounded(Option.KEYS, given.get(Option.KEYS), MIN_KEYS, MAX_KEYS) : 0,
                given.containsKey(Option.DURATION) ? duration(given.get(Option.DURATION)) : DEFAULT_DURATION,
                given.containsKey(Option.OUT) ? folder(given.get(Option.OUT)) : DEFAULT_OUT,
                given.containsKey(Option.DETECTOR) ? detector(given.get(Option.DETECTOR)) : DEFAULT_DETECTOR);
        long raced = (long) settings.threads() * settings.keysOr(RaceLab.DEFAULT_KEYS);
        if (chosen.options.contains(Option.DETECTOR) && raced > MAX_KEYS) {
            throw new UsageException(String.format(Locale.ROOT, "%s stores --threads x --keys = %,d keys in one"
                    + " SyncMap; at most %,d", chosen == Command.RACE ? "race" : "the tour's race", raced, MAX_KEYS));
        }
        return settings;
    }

    /** This command's key count: the user's, or {@code fallback} if none was given. */
    int keysOr(int fallback) {
        return keys == 0 ? fallback : keys;
    }

    /* ---- Value parsers ---- */

    private static Command command(String word) throws UsageException {
        for (Command c : Command.values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        throw new UsageException("unknown command '" + word + "' (" + Arrays.stream(Command.values())
                .map(Command::word).collect(Collectors.joining(", ")) + ")");
    }

    private static Option option(String flag) throws UsageException {
        for (Option o : Option.values()) {
            if (o.flag.equals(flag)) {
                return o;
            }
        }
        throw new UsageException("unknown option '" + flag + "'");
    }

    private static int bounded(Option option, String value, int min, int max) throws UsageException {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new UsageException(option.flag + ": '" + value + "' is not a whole number");
        }
        String digits = value.replace("_", "").replace(",", "");
        long n = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (n < min || n > max) {
            throw new UsageException(String.format(Locale.ROOT, "%s %s is out of range (%,d..%,d)",
                    option.flag, value, min, max));
        }
        return (int) n;
    }

    private static Duration duration(String value) throws UsageException {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new UsageException("--duration: '" + value + "' is not a duration such as 500ms, 2s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new UsageException("--duration " + value + " is out of range (" + text(MIN_DURATION) + ".."
                    + text(MAX_DURATION) + ")");
        }
        return d;
    }

    private static Path folder(String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("--out needs a folder name");
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("--out: '" + value + "' is not a valid folder name");
        }
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UsageException("--out " + value + " is a file, not a folder");
        }
        return p;
    }

    /* ---- Value printers, the inverse of the parsers: what --help shows ---- */

    /** A duration as the user would type it: 10ms, 2s, 1m. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** A count with thousands separators, as --keys accepts it. */
    static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A detector mode as --detector accepts it. */
    static String word(DetectorMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static DetectorMode detector(String value) throws UsageException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "strict" -> DetectorMode.STRICT;
            case "best-effort", "best_effort" -> DetectorMode.BEST_EFFORT;
            default -> throw new UsageException("--detector: '" + value + "' is not strict or best-effort");
        };
    }
}
