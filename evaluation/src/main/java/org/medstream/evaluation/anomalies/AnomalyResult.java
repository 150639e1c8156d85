package org.medstream.evaluation.anomalies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medstream.evaluation.json.NanAsNullModule;

/**
 * Point-adjusted anomaly scores per record and summed over the records.
 *
 * @param records one row per record, in the order scored
 * @param total the records' counts summed, with scores from the sums
 */
public record AnomalyResult(List<AnomalyCounts> records, AnomalyCounts total) {
    public AnomalyResult {
        records = List.copyOf(records);
    }

    /** Returns one line per record and the total, with counts and percentages. */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %9s %8s %8s %8s %9s %8s %8s %8s %8s%n",
                        "Record",
                        "Samples",
                        "TP",
                        "FP",
                        "FN",
                        "Segments",
                        "Prec%",
                        "Rec%",
                        "F1%",
                        "AUROC%"));
        List<AnomalyCounts> rows = new ArrayList<>(records);
        rows.add(total);
        for (AnomalyCounts row : rows) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-8s %9d %8d %8d %8d %4d/%-4d %8.2f %8.2f %8.2f %8.2f%n",
                            row.name(),
                            row.samples(),
                            row.truePositives(),
                            row.falsePositives(),
                            row.falseNegatives(),
                            row.detectedSegments(),
                            row.segments(),
                            row.precision(),
                            row.recall(),
                            row.f1(),
                            row.auroc()));
        }
        table.append(
                "Point-adjusted: a reference segment (±150 ms around each beat that is not AAMI"
                        + " class N) counts as detected in full when any of its samples is"
                        + " predicted; Segments is detected/all.");
        return table.toString();
    }

    /** Serializes the rows as JSON; NaN becomes null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AnomalyCounts record : records) {
            rows.add(row(record));
        }
        json.put("records", rows);
        json.put("total", row(total));
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Failed to serialize the anomaly result as JSON", e);
        }
    }

    private static Map<String, Object> row(AnomalyCounts counts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record", counts.name());
        row.put("samples", counts.samples());
        row.put("truePositives", counts.truePositives());
        row.put("falsePositives", counts.falsePositives());
        row.put("falseNegatives", counts.falseNegatives());
        row.put("trueNegatives", counts.trueNegatives());
        row.put("segments", counts.segments());
        row.put("detectedSegments", counts.detectedSegments());
        row.put("precision", counts.precision());
        row.put("recall", counts.recall());
        row.put("f1", counts.f1());
        row.put("auroc", counts.auroc());
        return row;
    }
}
