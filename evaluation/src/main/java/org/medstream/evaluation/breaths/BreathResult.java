package org.medstream.evaluation.breaths;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.medstream.evaluation.json.NanAsNullModule;
import org.medstream.evaluation.matching.FiducialScore;

/**
 * Breath onset scores per record and over all records.
 *
 * @param toleranceMillis matching tolerance
 * @param fromSeconds start of the scored span
 * @param toSeconds end of the scored span, infinite for the end of each record
 * @param records scores per record, in input order
 * @param total scores over all records
 */
public record BreathResult(
        double toleranceMillis,
        double fromSeconds,
        double toSeconds,
        Map<String, BreathScore> records,
        BreathScore total) {
    public BreathResult {
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    /** Returns one row per record and a total row. */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "Breath onsets within +/-%.0f ms, from %.0f s to %s%n",
                        toleranceMillis,
                        fromSeconds,
                        Double.isInfinite(toSeconds)
                                ? "the end"
                                : String.format(Locale.ROOT, "%.0f s", toSeconds)));
        String header = "%-12s %5s %5s %5s %8s %8s %8s %9s %8s %9s %7s%n";
        table.append(
                String.format(
                        Locale.ROOT,
                        header,
                        "Record",
                        "TP",
                        "FN",
                        "FP",
                        "Se%",
                        "+P%",
                        "F1%",
                        "mean ms",
                        "SD ms",
                        "MAE@125",
                        "mIoU"));
        for (Map.Entry<String, BreathScore> entry : records.entrySet()) {
            table.append(row(entry.getKey(), entry.getValue()));
        }
        table.append(row("Total", total));
        return table.toString();
    }

    private static String row(String name, BreathScore score) {
        FiducialScore onsets = score.onsets();
        return String.format(
                Locale.ROOT,
                "%-12s %5d %5d %5d %8.2f %8.2f %8.2f %9.1f %8.1f %9.2f %7.3f%n",
                name,
                onsets.tp(),
                onsets.fn(),
                onsets.fp(),
                onsets.sensitivity(),
                onsets.positivePredictivity(),
                onsets.f1(),
                onsets.meanErrorMillis(),
                onsets.errorSdMillis(),
                score.meanAbsoluteErrorSamples(),
                score.meanIou());
    }

    /** Serializes the scores as JSON; NaN and an open end become null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("toleranceMillis", toleranceMillis);
        json.put("fromSeconds", fromSeconds);
        json.put("toSeconds", Double.isInfinite(toSeconds) ? null : toSeconds);
        Map<String, Object> rows = new LinkedHashMap<>();
        for (Map.Entry<String, BreathScore> entry : records.entrySet()) {
            rows.put(entry.getKey(), fields(entry.getValue()));
        }
        json.put("records", rows);
        json.put("total", fields(total));
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Failed to serialize the breath result as JSON", e);
        }
    }

    private static Map<String, Object> fields(BreathScore score) {
        FiducialScore onsets = score.onsets();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tp", onsets.tp());
        row.put("fn", onsets.fn());
        row.put("fp", onsets.fp());
        row.put("sensitivity", onsets.sensitivity());
        row.put("positivePredictivity", onsets.positivePredictivity());
        row.put("f1", onsets.f1());
        row.put("meanErrorMillis", onsets.meanErrorMillis());
        row.put("errorSdMillis", onsets.errorSdMillis());
        row.put("meanAbsoluteErrorSamples125Hz", score.meanAbsoluteErrorSamples());
        row.put("meanIou", score.meanIou());
        return row;
    }
}
