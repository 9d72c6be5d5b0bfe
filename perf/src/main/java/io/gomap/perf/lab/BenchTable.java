package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import io.gomap.perf.Scenario;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The bench's results: throughput per contender and workload, and the two tables made of them, one for the
 * terminal and one in Markdown.
 */
final class BenchTable {

    /*
     * Overview:
     *
     * Scores are JMH's primary results, operations per microsecond summed over threads; a contender or workload
     * JMH did not run has no score and shows as "-". Ratios compare with ConcurrentHashMap on the same workload,
     * the map a Java programmer would pick without this project; without a ConcurrentHashMap score there is no
     * ratio. Rows follow the order of `contenders`, columns the order of `scenarios`.
     *
     * Reading guide: of, then the two renderers, then number.
     */

    static final Contender BASELINE = Contender.CONCURRENT_HASH_MAP; // ratios are to this map
    static final int NAME_WIDTH = 20;                                 // terminal column of contender names
    static final int CELL_WIDTH = 20;                                 // terminal column per workload, at least
    static final int CELL_GAP = 2;                                    // spaces at least between two columns

    /** Workloads in column order. */
    final List<Scenario> scenarios;

    /** Contenders in row order. */
    final List<Contender> contenders;

    /** Scores in ops/µs by workload, then contender; written only while building. */
    private final Map<Scenario, Map<Contender, Double>> scores = new EnumMap<>(Scenario.class);

    private BenchTable(List<Scenario> scenarios, List<Contender> contenders) {
        this.scenarios = List.copyOf(scenarios);
        this.contenders = List.copyOf(contenders);
        for (Scenario w : scenarios) {
            scores.put(w, new EnumMap<>(Contender.class));
        }
    }

    /** Collects JMH's results for the given workloads and contenders. */
    static BenchTable of(List<Scenario> scenarios, List<Contender> contenders, Collection<RunResult> results) {
        BenchTable table = new BenchTable(scenarios, contenders);
        for (RunResult r : results) {
            Scenario w = Scenario.of(r.getParams());
            Contender c = Contender.parse(r.getParams().getParam("impl"));
            table.scores.get(w).put(c, r.getPrimaryResult().getScore());
        }
        return table;
    }

    /** Throughput in ops/µs, or NaN if this pair was not measured. */
    double score(Scenario w, Contender c) {
        Double s = scores.get(w).get(c);
        return s == null ? Double.NaN : s;
    }

    /** Score relative to ConcurrentHashMap's on the same workload, or NaN. */
    double ratio(Scenario w, Contender c) {
        return score(w, c) / score(w, BASELINE);
    }

    /** The largest score of a workload, or NaN if it has none. */
    double best(Scenario w) {
        return scores.get(w).values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /* ---- Renderers ---- */

    /** The table for the terminal, ASCII only, each line indented and ended by a newline. */
    String text() {
        StringBuilder b = new StringBuilder();
        b.append("   ops/us, all threads together, higher is better; (x) = ratio to ")
                .append(BASELINE.displayName()).append('\n');
        b.append("   ").append(pad("", NAME_WIDTH));
        for (Scenario w : scenarios) {
            b.append(pad(w.title, width(w)));
        }
        trimEnd(b).append('\n');
        for (Contender c : contenders) {
            b.append("   ").append(pad(c.displayName(), NAME_WIDTH));
            for (Scenario w : scenarios) {
                b.append(pad(number(score(w, c)) + " (" + ratioText(ratio(w, c), "x") + ")", width(w)));
            }
            trimEnd(b).append('\n');
        }
        return b.toString();
    }

    /** The table in Markdown, one row per contender. */
    String markdown() {
        StringBuilder b = new StringBuilder("| contender |");
        for (Scenario w : scenarios) {
            b.append(' ').append(w.title).append(" |");
        }
        b.append("\n|---|");
        b.append("---:|".repeat(scenarios.size()));
        b.append('\n');
        for (Contender c : contenders) {
            b.append("| ").append(c.displayName()).append(" |");
            for (Scenario w : scenarios) {
                b.append(' ').append(number(score(w, c))).append(" (").append(ratioText(ratio(w, c), "×"))
                        .append(") |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A score with three significant digits or so, or "-" if missing. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String ratioText(double r, String times) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2f", r) + times;
    }

    /** The terminal width of a workload's column: its title and a gap, at least {@link #CELL_WIDTH}. */
    private static int width(Scenario w) {
        return Math.max(CELL_WIDTH, w.title.length() + CELL_GAP);
    }

    private static StringBuilder trimEnd(StringBuilder b) {
        while (b.length() > 0 && b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 1);
        }
        return b;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
