package org.medstream.evaluation.beats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medstream.evaluation.json.NanAsNullModule;

/** Per-record, gross and average EC57 statistics of one evaluation. */
public final class Ec57Result {
    private final Ec57Options options;
    private final List<RecordScore> records;
    private final RecordScore gross;

    Ec57Result(Ec57Options options, List<RecordScore> records) {
        this.options = options;
        this.records = List.copyOf(records);
        this.gross = RecordScore.sum("gross", records);
    }

    public List<RecordScore> records() {
        return records;
    }

    /** Statistics of the counts summed over all records. */
    public RecordScore gross() {
        return gross;
    }

    /** Mean of the per-record QRS sensitivities (percent), skipping records without a value. */
    public double averageSensitivity() {
        return records.stream()
                .mapToDouble(RecordScore::sensitivity)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    /** Mean of the per-record QRS positive predictivities (percent). */
    public double averagePositivePredictivity() {
        return records.stream()
                .mapToDouble(RecordScore::positivePredictivity)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    /** Formats one line per record, then gross and average lines, as a fixed-width table. */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        boolean classified = gross.classified();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %7s %6s %6s %8s %8s",
                        "Record",
                        "TP",
                        "FN",
                        "FP",
                        "Se%",
                        "+P%"));
        if (classified) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            " %8s %8s %8s %8s",
                            "VEB Se",
                            "VEB +P",
                            "SVEB Se",
                            "SVEB +P"));
        }
        table.append('\n');
        for (RecordScore record : records) {
            appendRow(table, record, classified);
        }
        appendRow(table, gross, classified);
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %7s %6s %6s %8.2f %8.2f%n",
                        "average",
                        "",
                        "",
                        "",
                        averageSensitivity(),
                        averagePositivePredictivity()));
        double errorMillis = gross.meanAbsoluteErrorMillis();
        table.append(
                String.format(
                        Locale.ROOT,
                        "Mean |time error| of matched beats: %.1f ms (%.2f samples at 125 Hz,"
                                + " the rate at which MedTsLLM reports beat-boundary MAE)%n",
                        errorMillis,
                        errorMillis * 0.125));
        return table.toString();
    }

    /** Serializes options, per-record, gross and average statistics as JSON; NaN becomes null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fromSeconds", options.fromSeconds());
        json.put("toSeconds", Double.isInfinite(options.toSeconds()) ? null : options.toSeconds());
        json.put("matchWindowSeconds", options.matchWindowSeconds());
        json.put("records", records);
        json.put("gross", gross);
        json.put("averageSensitivity", nullIfNaN(averageSensitivity()));
        json.put("averagePositivePredictivity", nullIfNaN(averagePositivePredictivity()));
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Failed to serialize the EC57 result as JSON", e);
        }
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static void appendRow(StringBuilder table, RecordScore score, boolean classified) {
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %7d %6d %6d %8.2f %8.2f",
                        score.record(),
                        score.tp(),
                        score.fn(),
                        score.fp(),
                        score.sensitivity(),
                        score.positivePredictivity()));
        if (classified) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            " %8.2f %8.2f %8.2f %8.2f",
                            score.vebSensitivity(),
                            score.vebPositivePredictivity(),
                            score.svebSensitivity(),
                            score.svebPositivePredictivity()));
        }
        table.append('\n');
    }
}
