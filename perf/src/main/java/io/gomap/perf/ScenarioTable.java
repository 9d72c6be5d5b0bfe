package io.gomap.perf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One {@link Scenario}'s figures as a Markdown table: a row per map, and per size and distribution a column of
 * scores (with JMH's error) and a column of ratios to the scenario's baseline, under the scenario's definition. A
 * {@code SampleTime} workload also gets a p99.9 and a maximum column per size and distribution.
 */
final class ScenarioTable {

    /*
     * Overview:
     *
     * A cell is found by (impl, size, distribution); a benchmark without a size or distribution parameter has the
     * single value null there. Ratios are speeds: score / baseline for throughput, baseline / score for the time
     * modes, so above 1 always means faster than the baseline. A pair JMH did not run shows "-". In SampleTime mode
     * the score is the mean of the sampled calls, and the p99.9 and maximum are those of every sample of the run,
     * all forks and iterations together (JMH's merged statistics); they get no ratio.
     *
     * Reading guide: of and put, then markdown, then the number formats.
     */

    /** One measured figure; {@code p999} and {@code max} are NaN except in SampleTime mode. */
    record Score(double value, double error, double p999, double max) {

        /** A figure without percentiles. */
        Score(double value, double error) {
            this(value, error, Double.NaN, Double.NaN);
        }
    }

    /** The workload. */
    private final Scenario scenario;

    /** Sizes of the columns, in order; a single null when the benchmark has no size. */
    private final List<Integer> sizes;

    /** Distributions of the columns, in order; a single null when the benchmark has none. */
    private final List<String> distributions;

    /** True when a larger score is better (throughput). */
    private final boolean higherIsBetter;

    /** JMH's unit of the scores, e.g. ops/us. */
    private final String unit;

    /** True in SampleTime mode: the table adds p99.9 and maximum columns. */
    private final boolean percentiles;

    /** Scores by impl, size and distribution. */
    private final Map<List<Object>, Score> scores = new HashMap<>();

    ScenarioTable(Scenario scenario, List<Integer> sizes, boolean higherIsBetter, String unit) {
        this(scenario, sizes, higherIsBetter, unit, false);
    }

    ScenarioTable(Scenario scenario, List<Integer> sizes, boolean higherIsBetter, String unit, boolean percentiles) {
        this.scenario = scenario;
        this.percentiles = percentiles;
        this.sizes = sizes.isEmpty() ? nullList() : List.copyOf(sizes);
        this.distributions = scenario.distributions.isEmpty() ? nullList() : scenario.distributions;
        this.higherIsBetter = higherIsBetter;
        this.unit = unit;
    }

    /** The table of a scenario's JMH results; unit and direction come from the first result. */
    static ScenarioTable of(Scenario scenario, List<Integer> sizes, Collection<RunResult> results) {
        boolean higher = true;
        boolean sampled = false;
        String unit = "?";
        if (!results.isEmpty()) {
            RunResult first = results.iterator().next();
            higher = first.getParams().getMode() == Mode.Throughput;
            sampled = first.getParams().getMode() == Mode.SampleTime;
            unit = first.getPrimaryResult().getScoreUnit();
        }
        ScenarioTable table = new ScenarioTable(scenario, sizes, higher, unit, sampled);
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> result = scenario.result == null ? r.getPrimaryResult()
                    : r.getSecondaryResults().get(scenario.result);
            if (result != null) {
                String size = p.getParam("size");
                Statistics stats = result.getStatistics();
                table.put(p.getParam("impl"), size == null ? null : Integer.valueOf(size), p.getParam("distribution"),
                        sampled ? new Score(result.getScore(), result.getScoreError(), stats.getPercentile(99.9),
                                stats.getMax()) : new Score(result.getScore(), result.getScoreError()));
            }
        }
        return table;
    }

    /** Records the score of one map at one size and distribution (nulls where the benchmark has no such parameter). */
    void put(String impl, Integer size, String distribution, Score score) {
        scores.put(key(impl, size, distribution), score);
    }

    /* ---- Rendering ---- */

    /** The section for this scenario: a heading, the definition and unit, and the table. */
    String markdown(int threads) {
        StringBuilder b = new StringBuilder("### ").append(scenario.title).append("\n\n");
        List<Integer> shown = sizes.get(0) == null ? List.of() : sizes;
        b.append("Definition: ").append(scenario.definition(shown, scenario.distributions, threads))
                .append(". JMH: `")
                .append(scenario.command(shown, scenario.distributions, threads)).append("`.\n\n");
        b.append(unit).append(higherIsBetter ? ", higher is better" : ", lower is better")
                .append(higherIsBetter && scenario.threads > 1 ? ", all threads together" : "")
                .append(percentiles ? "; JMH samples calls: the score is their mean" : "")
                .append("; ± is JMH's 99.9% confidence half-width; ratio: speed relative to ").append(scenario.baseline)
                .append(" (above 1: faster)")
                .append(percentiles ? "; p99.9 and max: of all sampled calls of all forks and iterations (max: the"
                        + " longest call sampled, not necessarily the longest made)" : "")
                .append(".\n\n");
        b.append("| map |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String d : distributions) {
            for (Integer s : sizes) {
                String column = column(s, d);
                b.append(' ').append(column).append(" | ratio |");
                rule.append("---:|---:|");
                if (percentiles) {
                    b.append(" p99.9 | max |");
                    rule.append("---:|---:|");
                }
            }
        }
        b.append('\n').append(rule).append('\n');
        for (String impl : scenario.impls) {
            b.append("| ").append(impl).append(" |");
            for (String d : distributions) {
                for (Integer s : sizes) {
                    Score score = scores.get(key(impl, s, d));
                    Score base = scores.get(key(scenario.baseline, s, d));
                    b.append(' ').append(score == null ? "-" : text(score))
                            .append(" | ").append(score == null || base == null ? "-" : ratio(score, base))
                            .append(" |");
                    if (percentiles) {
                        b.append(' ').append(score == null ? "-" : number(score.p999())).append(" | ")
                                .append(score == null ? "-" : number(score.max())).append(" |");
                    }
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A score and, when JMH could estimate one, its error. */
    private static String text(Score score) {
        return number(score.value()) + (Double.isFinite(score.error()) ? " ± " + number(score.error()) : "");
    }

    private String column(Integer size, String distribution) {
        List<String> parts = new ArrayList<>();
        if (distribution != null) {
            parts.add(distribution);
        }
        if (size != null) {
            parts.add(Scenario.count(size));
        }
        return parts.isEmpty() ? unit : String.join(", ", parts) + " (" + unit + ")";
    }

    private String ratio(Score score, Score base) {
        double r = higherIsBetter ? score.value() / base.value() : base.value() / score.value();
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f×", r) : "-";
    }

    /** Three significant digits or so. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static List<Object> key(String impl, Integer size, String distribution) {
        List<Object> k = new ArrayList<>(3);
        k.add(impl);
        k.add(size);
        k.add(distribution);
        return k;
    }

    private static <T> List<T> nullList() {
        List<T> one = new ArrayList<>(1);
        one.add(null);
        return one;
    }
}
