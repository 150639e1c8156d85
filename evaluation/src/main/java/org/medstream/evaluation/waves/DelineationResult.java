package org.medstream.evaluation.waves;

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
import org.medstream.evaluation.matching.FiducialScore;

/**
 * Delineation scores over all scored leads: per fiducial point Se, PPV, F1 and timing error, and
 * sample-by-sample F1 and intersection over union per label.
 *
 * @param toleranceMillis matching tolerance
 * @param leads leads with reference annotations that were scored
 * @param fiducials counts and errors per fiducial point
 * @param samples sample-by-sample confusion inside the annotated spans
 * @param records the same scores per record
 */
public record DelineationResult(
        double toleranceMillis,
        int leads,
        Map<Fiducial, FiducialScore> fiducials,
        SampleConfusion samples,
        List<RecordDelineation> records) {
    public DelineationResult {
        records = List.copyOf(records);
    }

    /**
     * Returns the onset and offset table, the sample-wise scores, then one line per record with its
     * missed and false points per fiducial and its sample-wise macro F1.
     */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-11s %7s %6s %6s %8s %8s %8s %10s %8s%n",
                        "Fiducial",
                        "TP",
                        "FN",
                        "FP",
                        "Se%",
                        "PPV%",
                        "F1%",
                        "mean ms",
                        "SD ms"));
        for (Map.Entry<Fiducial, FiducialScore> entry : fiducials.entrySet()) {
            FiducialScore score = entry.getValue();
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-11s %7d %6d %6d %8.2f %8.2f %8.2f %10.1f %8.1f%n",
                            entry.getKey(),
                            score.tp(),
                            score.fn(),
                            score.fp(),
                            score.sensitivity(),
                            score.positivePredictivity(),
                            score.f1(),
                            score.meanErrorMillis(),
                            score.errorSdMillis()));
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nSample-wise over %d %s:%n",
                        leads,
                        leads == 1 ? "lead" : "leads"));
        table.append(String.format(Locale.ROOT, "%-6s %8s %8s%n", "Label", "F1%", "IoU%"));
        for (int label = 0; label < SampleConfusion.LABELS.length; label++) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-6s %8.2f %8.2f%n",
                            SampleConfusion.LABELS[label],
                            samples.f1(label),
                            samples.iou(label)));
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "macro F1 %.2f, IoU %.2f over P, QRS, T; %.2f, %.2f with none%n",
                        samples.macroF1(1),
                        samples.macroIou(1),
                        samples.macroF1(0),
                        samples.macroIou(0)));
        appendRecords(table);
        return table.toString();
    }

    private static Map<String, Long> counts(FiducialScore score) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tp", score.tp());
        counts.put("fn", score.fn());
        counts.put("fp", score.fp());
        return counts;
    }

    private void appendRecords(StringBuilder table) {
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nPer record, FN / FP per point and sample-wise macro F1 over P, QRS, T:%n%-8s",
                        "Record"));
        for (Fiducial fiducial : Fiducial.values()) {
            table.append(String.format(Locale.ROOT, " %11s", fiducial));
        }
        table.append(String.format(Locale.ROOT, " %8s%n", "F1%"));
        for (RecordDelineation record : records) {
            table.append(String.format(Locale.ROOT, "%-8s", record.record()));
            for (Fiducial fiducial : Fiducial.values()) {
                FiducialScore score = record.fiducials().get(fiducial);
                table.append(String.format(Locale.ROOT, " %11s", score.fn() + " / " + score.fp()));
            }
            table.append(String.format(Locale.ROOT, " %8.2f%n", record.samples().macroF1(1)));
        }
    }

    /** Serializes the scores as JSON; NaN becomes null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("toleranceMillis", toleranceMillis);
        json.put("leads", leads);
        Map<String, Object> points = new LinkedHashMap<>();
        for (Map.Entry<Fiducial, FiducialScore> entry : fiducials.entrySet()) {
            FiducialScore score = entry.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tp", score.tp());
            row.put("fn", score.fn());
            row.put("fp", score.fp());
            row.put("sensitivity", score.sensitivity());
            row.put("positivePredictivity", score.positivePredictivity());
            row.put("f1", score.f1());
            row.put("meanErrorMillis", score.meanErrorMillis());
            row.put("errorSdMillis", score.errorSdMillis());
            points.put(entry.getKey().name(), row);
        }
        json.put("fiducials", points);
        Map<String, Object> sampleWise = new LinkedHashMap<>();
        for (int label = 0; label < SampleConfusion.LABELS.length; label++) {
            sampleWise.put(
                    SampleConfusion.LABELS[label],
                    Map.of("f1", samples.f1(label), "iou", samples.iou(label)));
        }
        sampleWise.put("macroF1Waves", samples.macroF1(1));
        sampleWise.put("macroIouWaves", samples.macroIou(1));
        sampleWise.put("macroF1All", samples.macroF1(0));
        sampleWise.put("macroIouAll", samples.macroIou(0));
        json.put("samples", sampleWise);
        List<Map<String, Object>> recordRows = new ArrayList<>();
        for (RecordDelineation record : records) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("record", record.record());
            row.put("leads", record.leads());
            Map<String, Object> counts = new LinkedHashMap<>();
            record.fiducials()
                    .forEach((fiducial, score) -> counts.put(fiducial.name(), counts(score)));
            row.put("fiducials", counts);
            row.put("macroF1Waves", record.samples().macroF1(1));
            recordRows.add(row);
        }
        json.put("records", recordRows);
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Failed to serialize the delineation result as JSON", e);
        }
    }
}
