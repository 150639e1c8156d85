package org.medstream.evaluation.waves;

import java.util.function.IntToDoubleFunction;

/**
 * Sample-by-sample confusion of the labels none, P, QRS and T inside the annotated span, summed
 * over leads. Row: reference label; column: test label.
 */
public final class SampleConfusion {
    /** Label index of samples outside every wave. */
    public static final int NONE = 0;

    static final String[] LABELS = {"none", "P", "QRS", "T"};

    private final long[][] counts = new long[4][4];

    void add(int reference, int test) {
        counts[reference][test]++;
    }

    void addAll(SampleConfusion other) {
        for (int r = 0; r < 4; r++) {
            for (int t = 0; t < 4; t++) {
                counts[r][t] += other.counts[r][t];
            }
        }
    }

    public long count(int reference, int test) {
        return counts[reference][test];
    }

    /** Returns the F1 score of one label in percent, NaN when it occurs in neither labelling. */
    public double f1(int label) {
        long tp = counts[label][label];
        long denominator = 2 * tp + falsePositives(label) + falseNegatives(label);
        return denominator == 0 ? Double.NaN : 100.0 * 2 * tp / denominator;
    }

    /** Returns the intersection over union of one label in percent. */
    public double iou(int label) {
        long tp = counts[label][label];
        long denominator = tp + falsePositives(label) + falseNegatives(label);
        return denominator == 0 ? Double.NaN : 100.0 * tp / denominator;
    }

    /**
     * Returns the mean F1 over the labels {@code from} to 3 (1 for waves only, 0 for all four). A
     * label found in neither labelling is not counted, such as the P wave of a record in atrial
     * fibrillation that the test also leaves out. NaN when no label is found.
     */
    public double macroF1(int from) {
        return meanOfFound(this::f1, from);
    }

    /**
     * Returns the mean intersection over union over the labels {@code from} to 3, as macroF1 does.
     */
    public double macroIou(int from) {
        return meanOfFound(this::iou, from);
    }

    private static double meanOfFound(IntToDoubleFunction score, int from) {
        double sum = 0;
        int found = 0;
        for (int label = from; label < 4; label++) {
            double value = score.applyAsDouble(label);
            if (!Double.isNaN(value)) {
                sum += value;
                found++;
            }
        }
        return found == 0 ? Double.NaN : sum / found;
    }

    private long falsePositives(int label) {
        long sum = 0;
        for (int r = 0; r < 4; r++) {
            sum += r == label ? 0 : counts[r][label];
        }
        return sum;
    }

    private long falseNegatives(int label) {
        long sum = 0;
        for (int t = 0; t < 4; t++) {
            sum += t == label ? 0 : counts[label][t];
        }
        return sum;
    }
}
