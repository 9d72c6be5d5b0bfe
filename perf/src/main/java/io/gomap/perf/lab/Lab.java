package io.gomap.perf.lab;

import io.gomap.perf.lab.LabSettings.Command;
import io.gomap.perf.lab.LabSettings.Option;
import io.gomap.perf.lab.LabSettings.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The gomap lab: the command a newcomer runs first. It shows a race caught with Go's message, a map that never
 * shrinks, a short benchmark of the concurrent maps, and what JFR says about a workload SyncMap does not fit, from
 * one jar:
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -jar perf/target/gomap-lab.jar            # the tour: race, inspect, bench, jfr
 * java -jar perf/target/gomap-lab.jar --help
 * java -jar perf/target/gomap-lab.jar bench --threads 4 --duration 2s --out /tmp/lab
 * </pre>
 *
 * <p>Exit codes: 0 when every step ran and every check held, 1 when a step failed (a wrong SyncMap count, a
 * benchmark that threw, a report or output that could not be written), 2 for a command line the lab cannot run.
 */
public final class Lab {

    /*
     * Overview:
     *
     * Lab only parses and dispatches: every step lives in its own class (RaceLab, InspectLab, BenchLab, JfrLab) and
     * writes to the PrintStream it is given, so a test runs the lab in-process through run(...) and reads its exit
     * code instead of a System.exit. A bad command line is reported as one line, "gomap-lab: <what is wrong>; see --help",
     * on the error stream with exit code 2 and no stack trace; expected runtime failures (I/O, a JMH run that
     * fails) are one line with exit code 1. Programming errors propagate with their stack trace.
     *
     * Reading guide: run, then execute, then usage.
     */

    /* ---- Exit codes ---- */

    static final int OK = 0;            // every step ran and every check held
    static final int FAILED = 1;        // a step failed at run time
    static final int BAD_USAGE = 2;     // the command line cannot be run
    static final int INTERRUPTED = 130; // the shell's code for a run stopped by an interrupt

    /** Prefix of every message the lab prints on the error stream. */
    static final String NAME = "gomap-lab";

    private Lab() {}

    /* ---- Entry points ---- */

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the lab as {@code java -jar gomap-lab.jar args...} would, printing to {@code out} and {@code err}.
     *
     * @return the process exit code: 0 on success, 1 when a step failed or {@code out} could not be written, 2 for a
     *     bad command line
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        int code = execute(out, err, args);
        // A PrintStream never throws: it only notes that a write failed (a full disk, a closed pipe), so without
        // this check output that was lost would still exit 0.
        if (out.checkError()) {
            err.println(NAME + ": could not write the output");
            return code == OK ? FAILED : code;
        }
        return code;
    }

    /* ---- Dispatch ---- */

    private static int execute(PrintStream out, PrintStream err, String... args) {
        LabSettings settings;
        try {
            settings = LabSettings.parse(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage() + "; see --help");
            return BAD_USAGE;
        }
        if (settings.help()) {
            out.print(usage());
            return OK;
        }
        try {
            return switch (settings.command()) {
                case TOUR -> tour(settings, out);
                case RACE -> RaceLab.run(settings, out);
                case INSPECT -> InspectLab.run(settings, out);
                case BENCH -> BenchLab.run(settings, BenchLab.prepare(settings.out()), out);
                case JFR -> JfrLab.run(settings, out);
            };
        } catch (IOException e) {
            err.println(NAME + ": " + settings.command().word() + " failed: " + describe(e));
            return FAILED;
        } catch (RunnerException e) {
            err.println(NAME + ": " + settings.command().word() + " failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return INTERRUPTED;
        }
    }

    /**
     * The message of an I/O failure with its cause spelled out: the file system exceptions Java throws for the commonest
     * causes carry only the path, so "permission denied" would otherwise be lost.
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            String why = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof NotDirectoryException ? "not a folder"
                    : e.getClass().getSimpleName();
            return f.getMessage() + ": " + why;
        }
        return e.getMessage();
    }

    private static int tour(LabSettings settings, PrintStream out)
            throws InterruptedException, IOException, RunnerException {
        Path folder = BenchLab.prepare(settings.out());
        out.println("gomap lab tour: (1) race, (2) inspect, (3) bench, (4) jfr. Options and single steps: --help");
        out.println();
        int race = RaceLab.run(settings, out);
        out.println();
        int inspect = InspectLab.run(settings, out);
        out.println();
        int bench = BenchLab.run(settings, folder, out);
        out.println();
        int jfr = JfrLab.run(settings, out);
        return Math.max(Math.max(race, inspect), Math.max(bench, jfr));
    }

    /** The text {@code --help} prints. */
    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("gomap-lab: Go's map and sync.Map on the JVM, raced, inspected and measured.\n\n");
        b.append("Usage: java -jar perf/target/gomap-lab.jar [COMMAND] [OPTIONS]\n\n");
        b.append("Commands:\n");
        for (Command c : Command.values()) {
            b.append(String.format("  %-9s %s%n", c.word(),
                    c.summary.replace("\n", System.lineSeparator() + " ".repeat(12))));
        }
        b.append("\nOptions (each command takes only those it uses):\n");
        for (Option o : Option.values()) {
            b.append(String.format("  %-16s %s%n", o.flag + " " + o.metavar,
                    o.help.replace("\n", System.lineSeparator() + " ".repeat(19))));
        }
        b.append(String.format("  %-16s %s%n", "-h, --help", "print this text"));
        b.append("\nExit codes: 0 done, 1 a step failed, 2 bad command line.\n");
        return b.toString();
    }
}
