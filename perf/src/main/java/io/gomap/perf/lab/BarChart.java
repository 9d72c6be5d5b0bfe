package io.gomap.perf.lab;

import io.gomap.perf.Contender;
import io.gomap.perf.Scenario;
import java.util.List;
import java.util.Locale;

/**
 * The bench's results as an SVG chart: one group of horizontal bars per workload, one bar per contender, each bar
 * labelled with its score, and a legend of the contenders' colours. Hand-written SVG 1.1, valid XML, no scripts.
 */
final class BarChart {

    /*
     * Overview:
     *
     * Every bar is exactly one <rect class="bar"> and nothing else is a bar, so a reader (or a test) counts
     * contenders × workloads of them; legend swatches are <rect class="swatch">. Bars of one group share a scale
     * whose full width is that workload's best score: workloads differ by orders of magnitude, and one scale for
     * all would flatten the write-heavy groups into slivers; the numbers beside the bars carry the absolute values.
     * A missing score draws a zero-width bar labelled "-". All text is XML-escaped.
     *
     * Reading guide: svg, then the layout constants it uses.
     */

    /* ---- Layout ---- */

    static final int WIDTH = 820;             // px, whole chart
    static final int LABEL_X = 190;           // px, right edge of contender names; bars start here
    static final int BAR_MAX = 500;           // px, length of a group's best bar
    static final int BAR_HEIGHT = 16;         // px
    static final int BAR_STEP = 20;           // px from one bar's top to the next
    static final int GROUP_TITLE = 26;        // px above a group's first bar for its title
    static final int GROUP_GAP = 14;          // px after a group's last bar
    static final int LEGEND_COLUMNS = 4;      // legend entries per row
    static final int LEGEND_STEP_X = 195;     // px between legend columns
    static final int LEGEND_STEP_Y = 18;      // px between legend rows
    static final String[] COLOURS = {         // Tableau 10, distinguishable for most colour vision
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"};

    private BarChart() {}

    /* ---- Drawing ---- */

    /** The chart as an SVG document; {@code subtitle} states the settings. */
    static String svg(BenchTable table, String subtitle) {
        List<Contender> contenders = table.contenders;
        int legendRows = (contenders.size() + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
        int top = 70 + legendRows * LEGEND_STEP_Y;
        int groupHeight = GROUP_TITLE + contenders.size() * BAR_STEP + GROUP_GAP;
        int height = top + table.scenarios.size() * groupHeight + 10;
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        b.append(String.format(Locale.ROOT, "<rect class=\"background\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\""
                + " fill=\"#ffffff\"/>%n", WIDTH, height));
        b.append("<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">")
                .append(escape("gomap lab: throughput in ops/µs, all threads together (higher is better)"))
                .append("</text>\n");
        b.append("<text x=\"10\" y=\"40\" fill=\"#555555\">").append(escape(subtitle)).append("</text>\n");
        for (int i = 0; i < contenders.size(); i++) {
            int x = 10 + (i % LEGEND_COLUMNS) * LEGEND_STEP_X;
            int y = 56 + (i / LEGEND_COLUMNS) * LEGEND_STEP_Y;
            b.append(String.format(Locale.ROOT, "<rect class=\"swatch\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\""
                    + " fill=\"%s\"/>", x, y, colour(i)));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 18, y + 10,
                    escape(contenders.get(i).displayName())));
        }
        int y = top;
        for (Scenario w : table.scenarios) {
            double best = table.best(w);
            b.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                    y + 16, escape(w.title + " (bars scaled to this workload's best)")));
            y += GROUP_TITLE;
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get(i);
                double score = table.score(w, c);
                double length = Double.isNaN(score) || !(best > 0) ? 0 : BAR_MAX * score / best;
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                        LABEL_X - 6, y + 12, escape(c.displayName())));
                b.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\""
                        + " height=\"%d\" fill=\"%s\"><title>%s</title></rect>", LABEL_X, y, length, BAR_HEIGHT,
                        colour(i), escape(c.displayName() + ", " + w.title + ": "
                                + BenchTable.number(score) + " ops/µs")));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                        LABEL_X + length + 6, y + 12, escape(BenchTable.number(score))));
                y += BAR_STEP;
            }
            y += GROUP_GAP;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    /** Text safe inside an XML element or a double-quoted attribute. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
