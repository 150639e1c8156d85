package org.medstream.model.ludb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.model.train.RecordRanges;

/**
 * Measures how much LUDB's own wave boundaries vary between the leads of one beat, and what that
 * allows a delineator to score sample-wise. LUDB marks every lead on its own.
 *
 * <p>Each wave of lead II is matched by kind and peak (within 120 ms) in the other leads. Waves
 * found in at least six leads form a group. For each group it takes the median onset and offset
 * across leads, and for each lead the deviation from them. Two predictors are then scored against
 * each lead's own labels, sample by sample inside the lead's annotated span, as {@code evaluate}
 * does:
 *
 * <ul>
 *   <li>median: every lead of a group gets the group's median boundaries, the best a delineator can
 *       do if each lead's deviation were noise;
 *   <li>median + lead offset: the median moved by the lead's mean deviation over the record, which
 *       a delineator could learn from the lead's shape. What is left is each beat's own deviation.
 * </ul>
 *
 * <p>Waves outside any group keep their reference boundaries in both predictors. Run with {@code
 * -Dmedstream.ludb.folder=/path/to/ludb/data} and optionally {@code
 * -Dmedstream.ludb.records=129-160} (the default); writes {@code
 * target/ludb-reference-agreement.md}.
 */
@EnabledIfSystemProperty(named = "medstream.ludb.folder", matches = ".+")
class LudbReferenceAgreementReport {
    private static final int PEAK_TOLERANCE_SAMPLES = 60;
    private static final int MINIMUM_LEADS = 6;
    private static final double MILLIS_PER_SAMPLE = 1000.0 / LudbReader.SAMPLING_FREQUENCY_HZ;
    private static final int LEAD_II = LudbReader.LEADS.indexOf("ii");
    private static final String[] CLASS_NAMES = {"none", "P", "QRS", "T"};

    /** Sums of squared deviations from the group median, [kind][onset, offset]. */
    private final double[][] rawSquares = new double[3][2];

    /** The same after subtracting the lead's mean deviation over the record. */
    private final double[][] residualSquares = new double[3][2];

    private final long[] groupedWaves = new long[3];

    /** Confusion counts [reference class][predicted class] of the two predictors. */
    private final long[][] medianConfusion = new long[4][4];

    private final long[][] offsetConfusion = new long[4][4];

    @Test
    void report() throws IOException {
        Path folder = Path.of(System.getProperty("medstream.ludb.folder"));
        String range = System.getProperty("medstream.ludb.records", "129-160");
        for (int record : RecordRanges.parse(range)) {
            addRecord(folder, record);
        }

        String report = format(range);
        System.out.println(report);
        Files.writeString(Path.of("target", "ludb-reference-agreement.md"), report);
        assertThat(groupedWaves[WaveKind.QRS.ordinal()]).isPositive();
    }

    private void addRecord(Path folder, int record) throws IOException {
        List<List<Wave>> leads = new ArrayList<>();
        for (String lead : LudbReader.LEADS) {
            leads.add(WfdbWaves.of(WfdbAnnotations.read(folder.resolve(record + "." + lead))));
        }
        List<Wave[]> groups = groups(leads);

        // Mean deviation of each lead from the group medians, per kind: [lead][kind][onset,
        // offset].
        double[][][] deviationSums = new double[leads.size()][3][2];
        int[][] deviationCounts = new int[leads.size()][3];
        List<double[]> medians = new ArrayList<>();
        for (Wave[] group : groups) {
            double[] median = medianBoundaries(group);
            medians.add(median);
            int kind = kindOf(group);
            for (int lead = 0; lead < group.length; lead++) {
                if (group[lead] != null) {
                    deviationSums[lead][kind][0] += group[lead].onset() - median[0];
                    deviationSums[lead][kind][1] += group[lead].offset() - median[1];
                    deviationCounts[lead][kind]++;
                }
            }
        }

        Map<Wave, long[]> medianPrediction = new IdentityHashMap<>();
        Map<Wave, long[]> offsetPrediction = new IdentityHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            Wave[] group = groups.get(g);
            double[] median = medians.get(g);
            int kind = kindOf(group);
            for (int lead = 0; lead < group.length; lead++) {
                Wave wave = group[lead];
                if (wave == null) {
                    continue;
                }
                double[] mean = new double[2];
                double[] deviation = {wave.onset() - median[0], wave.offset() - median[1]};
                for (int edge = 0; edge < 2; edge++) {
                    mean[edge] = deviationSums[lead][kind][edge] / deviationCounts[lead][kind];
                    rawSquares[kind][edge] += deviation[edge] * deviation[edge];
                    double residual = deviation[edge] - mean[edge];
                    residualSquares[kind][edge] += residual * residual;
                }
                groupedWaves[kind]++;
                medianPrediction.put(
                        wave, new long[] {Math.round(median[0]), Math.round(median[1])});
                offsetPrediction.put(
                        wave,
                        new long[] {
                            Math.round(median[0] + mean[0]), Math.round(median[1] + mean[1])
                        });
            }
        }

        for (List<Wave> waves : leads) {
            addLabels(waves, medianPrediction, medianConfusion);
            addLabels(waves, offsetPrediction, offsetConfusion);
        }
    }

    /** Groups each wave of lead II with the nearest wave of its kind in every other lead. */
    private static List<Wave[]> groups(List<List<Wave>> leads) {
        List<Wave[]> groups = new ArrayList<>();
        for (Wave anchor : leads.get(LEAD_II)) {
            Wave[] group = new Wave[leads.size()];
            int found = 0;
            for (int lead = 0; lead < leads.size(); lead++) {
                group[lead] = nearest(leads.get(lead), anchor);
                if (group[lead] != null) {
                    found++;
                }
            }
            if (found >= MINIMUM_LEADS) {
                groups.add(group);
            }
        }
        return groups;
    }

    private static Wave nearest(List<Wave> waves, Wave anchor) {
        Wave best = null;
        for (Wave wave : waves) {
            long distance = Math.abs(wave.peak() - anchor.peak());
            if (wave.kind() == anchor.kind()
                    && distance <= PEAK_TOLERANCE_SAMPLES
                    && (best == null || distance < Math.abs(best.peak() - anchor.peak()))) {
                best = wave;
            }
        }
        return best;
    }

    private static double[] medianBoundaries(Wave[] group) {
        List<Long> onsets = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (Wave wave : group) {
            if (wave != null) {
                onsets.add(wave.onset());
                offsets.add(wave.offset());
            }
        }
        return new double[] {median(onsets), median(offsets)};
    }

    private static double median(List<Long> values) {
        Collections.sort(values);
        int size = values.size();
        return size % 2 == 1
                ? values.get(size / 2)
                : (values.get(size / 2 - 1) + values.get(size / 2)) / 2.0;
    }

    private static int kindOf(Wave[] group) {
        for (Wave wave : group) {
            if (wave != null) {
                return wave.kind().ordinal();
            }
        }
        throw new IllegalStateException("Empty group");
    }

    /**
     * Adds one lead's labels to {@code confusion}: the reference waves against the same waves with
     * the predicted boundaries, inside the lead's annotated span.
     */
    private static void addLabels(
            List<Wave> waves, Map<Wave, long[]> prediction, long[][] confusion) {
        if (waves.isEmpty()) {
            return;
        }
        long start = waves.get(0).onset();
        int length = Math.toIntExact(waves.get(waves.size() - 1).offset() - start + 1);
        int[] reference = new int[length];
        int[] predicted = new int[length];
        for (Wave wave : waves) {
            int label = wave.kind().ordinal() + 1;
            fill(reference, wave.onset() - start, wave.offset() - start, label);
            long[] boundaries =
                    prediction.getOrDefault(wave, new long[] {wave.onset(), wave.offset()});
            fill(predicted, boundaries[0] - start, boundaries[1] - start, label);
        }
        for (int t = 0; t < length; t++) {
            confusion[reference[t]][predicted[t]]++;
        }
    }

    private static void fill(int[] labels, long from, long to, int label) {
        for (long t = Math.max(0, from); t <= Math.min(labels.length - 1, to); t++) {
            labels[(int) t] = label;
        }
    }

    private String format(String range) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "LUDB records %s%n%n", range));
        out.append(
                "| Wave | grouped | SD onset / offset (ms) | SD less the lead's mean deviation (ms) |\n");
        out.append("|---|---:|---|---|\n");
        for (WaveKind kind : WaveKind.values()) {
            int k = kind.ordinal();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.1f / %.1f | %.1f / %.1f |%n",
                            kind,
                            groupedWaves[k],
                            sd(rawSquares[k][0], k),
                            sd(rawSquares[k][1], k),
                            sd(residualSquares[k][0], k),
                            sd(residualSquares[k][1], k)));
        }
        out.append("\n| Predictor | F1 none | F1 P | F1 QRS | F1 T | macro F1 P, QRS, T | IoU |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        appendScores(out, "median", medianConfusion);
        appendScores(out, "median + lead offset", offsetConfusion);
        return out.toString();
    }

    private double sd(double squares, int kind) {
        return Math.sqrt(squares / groupedWaves[kind]) * MILLIS_PER_SAMPLE;
    }

    private static void appendScores(StringBuilder out, String name, long[][] confusion) {
        out.append("| ").append(name);
        double macroF1 = 0;
        double macroIou = 0;
        for (int c = 0; c < CLASS_NAMES.length; c++) {
            long truePositives = confusion[c][c];
            long errors = 0;
            for (int other = 0; other < CLASS_NAMES.length; other++) {
                if (other != c) {
                    errors += confusion[other][c] + confusion[c][other];
                }
            }
            double f1 = 2.0 * truePositives / (2 * truePositives + errors);
            double iou = (double) truePositives / (truePositives + errors);
            out.append(String.format(Locale.ROOT, " | %.2f", 100 * f1));
            if (c > 0) {
                macroF1 += f1 / 3;
                macroIou += iou / 3;
            }
        }
        out.append(String.format(Locale.ROOT, " | %.2f | %.2f |%n", 100 * macroF1, 100 * macroIou));
    }
}
