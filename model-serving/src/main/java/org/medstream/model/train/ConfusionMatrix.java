package org.medstream.model.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of (reference class, predicted class) pairs over the scored samples. */
public final class ConfusionMatrix {
    private final List<String> classNames;
    private final long[][] counts;

    /** Creates an empty matrix for the given classes, in class-index order. */
    public ConfusionMatrix(List<String> classNames) {
        this.classNames = List.copyOf(classNames);
        this.counts = new long[classNames.size()][classNames.size()];
    }

    /** Adds one sample. */
    public void add(int reference, int predicted) {
        counts[reference][predicted]++;
    }

    /** Adds sample {@code t} with the most likely class of {@code logits} [class][time]. */
    public void addMostLikely(int reference, float[][] logits, int t) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c][t] > logits[best][t]) {
                best = c;
            }
        }
        add(reference, best);
    }

    /** Count of samples with the given reference and predicted class. */
    public long count(int reference, int predicted) {
        return counts[reference][predicted];
    }

    /**
     * Computes accuracy, per-class F1 and macro F1. A class with no reference and no predicted
     * sample has F1 0, so an absent class lowers the macro F1 rather than being skipped.
     */
    public SegmentationScores scores() {
        int classes = classNames.size();
        long total = 0;
        long correct = 0;
        long[] referenceTotals = new long[classes];
        long[] predictedTotals = new long[classes];
        for (int reference = 0; reference < classes; reference++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                long count = counts[reference][predicted];
                total += count;
                referenceTotals[reference] += count;
                predictedTotals[predicted] += count;
                if (reference == predicted) {
                    correct += count;
                }
            }
        }

        Map<String, Double> f1ByClass = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            long denominator = referenceTotals[c] + predictedTotals[c];
            double f1 = denominator == 0 ? 0 : 2.0 * counts[c][c] / denominator;
            f1ByClass.put(classNames.get(c), f1);
            f1Sum += f1;
        }
        double accuracy = total == 0 ? 0 : (double) correct / total;
        return new SegmentationScores(total, accuracy, f1Sum / classes, f1ByClass);
    }
}
