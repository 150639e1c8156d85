package org.medstream.evaluation.rhythm;

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
 * Rhythm labels per record against the reference, scored as the PhysioNet/CinC Challenge 2017
 * scores them and as an atrial fibrillation detector: with {@code A} positive and every other
 * reference label negative.
 *
 * @param records one row per record, in the order scored
 */
public record RhythmResult(List<RhythmLabel> records) {
    /** Labels of the challenge: normal, atrial fibrillation, other rhythm, noisy. */
    public static final List<String> LABELS = List.of("N", "A", "O", "~");

    /** One record's reference and predicted label. */
    public record RhythmLabel(String record, String reference, String predicted) {}

    public RhythmResult {
        records = List.copyOf(records);
    }

    /**
     * Returns the number of records with reference {@code reference} predicted {@code predicted}.
     */
    public int count(String reference, String predicted) {
        int count = 0;
        for (RhythmLabel label : records) {
            if (label.reference().equals(reference) && label.predicted().equals(predicted)) {
                count++;
            }
        }
        return count;
    }

    /** Percentage of the reference A records predicted A. */
    public double sensitivity() {
        int positives = 0;
        for (String predicted : LABELS) {
            positives += count("A", predicted);
        }
        return percent(count("A", "A"), positives);
    }

    /** Percentage of the records with another reference label not predicted A. */
    public double specificity() {
        int negatives = 0;
        int predictedA = 0;
        for (String reference : LABELS) {
            if (reference.equals("A")) {
                continue;
            }
            for (String predicted : LABELS) {
                negatives += count(reference, predicted);
            }
            predictedA += count(reference, "A");
        }
        return percent(negatives - predictedA, negatives);
    }

    /** Percentage of the records predicted A whose reference is A. */
    public double positivePredictivity() {
        int predictedA = 0;
        for (String reference : LABELS) {
            predictedA += count(reference, "A");
        }
        return percent(count("A", "A"), predictedA);
    }

    /**
     * Returns the challenge's F1 of one label, as a percentage: twice the records with that
     * reference and prediction over the records with that reference plus those with that
     * prediction.
     */
    public double f1(String label) {
        int reference = 0;
        int predicted = 0;
        for (String other : LABELS) {
            reference += count(label, other);
            predicted += count(other, label);
        }
        return percent(2 * count(label, label), reference + predicted);
    }

    /** Returns the challenge's score: the mean of the F1 of N, A and O, as a percentage. */
    public double challengeF1() {
        return (f1("N") + f1("A") + f1("O")) / 3;
    }

    /** Returns the confusion table, the atrial fibrillation scores and the challenge score. */
    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-12s", "Reference"));
        for (String predicted : LABELS) {
            table.append(String.format(Locale.ROOT, " %7s", "pred " + predicted));
        }
        table.append(String.format(Locale.ROOT, "%n"));
        for (String reference : LABELS) {
            table.append(String.format(Locale.ROOT, "%-12s", reference));
            for (String predicted : LABELS) {
                table.append(String.format(Locale.ROOT, " %7d", count(reference, predicted)));
            }
            table.append(String.format(Locale.ROOT, "%n"));
        }
        table.append(
                String.format(
                        Locale.ROOT,
                        "Atrial fibrillation (A against the rest): Se %.2f%%, Sp %.2f%%, +P %.2f%%,"
                                + " F1 %.2f%%%n",
                        sensitivity(),
                        specificity(),
                        positivePredictivity(),
                        f1("A")));
        table.append(
                String.format(
                        Locale.ROOT,
                        "PhysioNet/CinC 2017 score, mean F1 of N, A and O: %.2f%% (F1 N %.2f%%, A"
                                + " %.2f%%, O %.2f%%)",
                        challengeF1(),
                        f1("N"),
                        f1("A"),
                        f1("O")));
        return table.toString();
    }

    /** Serializes the records and scores as JSON; NaN becomes null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RhythmLabel label : records) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("record", label.record());
            row.put("reference", label.reference());
            row.put("predicted", label.predicted());
            rows.add(row);
        }
        json.put("records", rows);

        Map<String, Object> confusion = new LinkedHashMap<>();
        for (String reference : LABELS) {
            Map<String, Integer> row = new LinkedHashMap<>();
            for (String predicted : LABELS) {
                row.put(predicted, count(reference, predicted));
            }
            confusion.put(reference, row);
        }
        json.put("confusion", confusion);
        json.put("sensitivity", sensitivity());
        json.put("specificity", specificity());
        json.put("positivePredictivity", positivePredictivity());
        Map<String, Double> f1 = new LinkedHashMap<>();
        for (String label : List.of("N", "A", "O")) {
            f1.put(label, f1(label));
        }
        json.put("f1", f1);
        json.put("challengeF1", challengeF1());

        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }
}
