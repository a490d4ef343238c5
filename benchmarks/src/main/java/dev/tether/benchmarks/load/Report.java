package dev.tether.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;

/**
 * The figures of one driver run: printed as a text table and written as JSON together with the
 * machine description and the options. Each end-to-end figure may name its baseline (measured in the
 * same run) and so carry a ratio that compares across machines.
 */
final class Report {

    /** One figure; {@code target} and {@code baseline} may be null, {@code met} null when no target applies. */
    record Row(String scenario, String metric, double value, String unit, String target, Boolean met, Double baseline,
            String baselineName, String note) {

        Double ratio() {
            return baseline == null || baseline == 0 || Double.isNaN(value) ? null : value / baseline;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> machine;
    private final Map<String, Object> options;

    Report(Map<String, Object> machine, Map<String, Object> options) {
        this.machine = machine;
        this.options = options;
    }

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("  = " + format(row));
    }

    void add(String scenario, String metric, double value, String unit, String note) {
        add(new Row(scenario, metric, value, unit, null, null, null, null, note));
    }

    /** A figure with a target: at least ({@code higherIsBetter}) or at most {@code target}. */
    void addWithTarget(String scenario, String metric, double value, String unit, double target, boolean higherIsBetter,
            Double baseline, String baselineName, String note) {
        boolean met = !Double.isNaN(value) && (higherIsBetter ? value >= target : value <= target);
        String targetText = (higherIsBetter ? "≥ " : "≤ ") + number(target);
        add(new Row(scenario, metric, value, unit, targetText, met, baseline, baselineName, note));
    }

    void addWithBaseline(String scenario, String metric, double value, String unit, Double baseline, String baselineName,
            String note) {
        add(new Row(scenario, metric, value, unit, null, null, baseline, baselineName, note));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    void print(PrintStream out) {
        out.println();
        out.println("Machine: " + machine);
        out.printf(Locale.ROOT, "%-14s %-52s %12s %-9s %-10s %-5s %9s  %s%n", "scenario", "metric", "value", "unit", "target",
                "met", "× base", "baseline / note");
        for (Row row : rows()) {
            Double ratio = row.ratio();
            String met = row.met() == null ? "" : row.met() ? "yes" : "NO";
            String baseline = row.baselineName() == null ? "" : row.baselineName() + " = " + number(row.baseline());
            String note = row.note() == null ? "" : row.note();
            out.printf(Locale.ROOT, "%-14s %-52s %12s %-9s %-10s %-5s %9s  %s%n", row.scenario(), row.metric(),
                    number(row.value()), row.unit(), row.target() == null ? "" : row.target(), met,
                    ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio),
                    (baseline + (baseline.isEmpty() || note.isEmpty() ? "" : "; ") + note));
        }
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("options", options);
        json.put("loadAverageAtEnd", MachineDescription.loadAverage());
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Row row : rows()) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("scenario", row.scenario());
            figure.put("metric", row.metric());
            figure.put("value", Double.isNaN(row.value()) ? null : row.value());
            figure.put("unit", row.unit());
            figure.put("target", row.target());
            figure.put("met", row.met());
            figure.put("baseline", row.baselineName() == null ? null : Map.of("name", row.baselineName(), "value", row.baseline()));
            figure.put("ratioToBaseline", row.ratio());
            figure.put("note", row.note());
            figures.add(figure);
        }
        json.put("figures", figures);
        Files.createDirectories(file.getParent());
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(json),
                StandardCharsets.UTF_8);
    }

    static String format(Row row) {
        Double ratio = row.ratio();
        return row.scenario() + " / " + row.metric() + ": " + number(row.value()) + " " + row.unit()
                + (row.target() == null ? "" : " (target " + row.target() + (Boolean.TRUE.equals(row.met()) ? ", met)" : ", MISSED)"))
                + (ratio == null ? "" : String.format(Locale.ROOT, " [%.3f × %s]", ratio, row.baselineName()))
                + (row.note() == null ? "" : " — " + row.note());
    }

    static String number(Double value) {
        if (value == null || Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
