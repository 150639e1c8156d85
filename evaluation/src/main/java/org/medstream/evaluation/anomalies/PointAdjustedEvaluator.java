package org.medstream.evaluation.anomalies;

import java.util.ArrayList;
import java.util.List;

/**
 * Point-adjusted anomaly scoring. A reference anomalous segment is a run of consecutive anomalous
 * samples. When any sample inside it is predicted anomalous, every sample of the segment counts as
 * detected, while predicted samples outside the segments stay false positives one by one.
 * Precision, recall and F1 are then computed sample by sample, and the AUROC of the binary
 * predictions from the same counts ({@link AnomalyCounts#auroc()}).
 *
 * <p>Point adjustment rewards a single hit in a long segment as much as covering it, so these
 * scores are higher than plain sample-wise ones and are no clinical metric.
 */
public final class PointAdjustedEvaluator {
    /** Name of the row that sums all records. */
    public static final String TOTAL = "total";

    /**
     * Scores one record.
     *
     * @param reference per sample, whether the reference marks it anomalous
     * @param predicted per sample, whether the model marks it anomalous
     * @throws IllegalArgumentException when the two arrays differ in length
     */
    public AnomalyCounts score(String name, boolean[] reference, boolean[] predicted) {
        if (reference.length != predicted.length) {
            throw new IllegalArgumentException(
                    "Record "
                            + name
                            + ": "
                            + reference.length
                            + " reference samples but "
                            + predicted.length
                            + " predicted samples; expected the same length");
        }
        boolean[] adjusted = predicted.clone();
        long segments = 0;
        long detected = 0;
        int t = 0;
        while (t < reference.length) {
            if (!reference[t]) {
                t++;
                continue;
            }
            int start = t;
            boolean hit = false;
            while (t < reference.length && reference[t]) {
                hit |= predicted[t];
                t++;
            }
            segments++;
            if (hit) {
                detected++;
                for (int s = start; s < t; s++) {
                    adjusted[s] = true;
                }
            }
        }

        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int s = 0; s < reference.length; s++) {
            if (reference[s]) {
                if (adjusted[s]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (adjusted[s]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new AnomalyCounts(name, reference.length, tp, fp, fn, tn, segments, detected);
    }

    /** Returns the records' rows followed by their sum, named {@link #TOTAL}. */
    public AnomalyResult total(List<AnomalyCounts> records) {
        AnomalyCounts total = new AnomalyCounts(TOTAL, 0, 0, 0, 0, 0, 0, 0);
        for (AnomalyCounts record : records) {
            total = total.plus(record, TOTAL);
        }
        return new AnomalyResult(new ArrayList<>(records), total);
    }
}
