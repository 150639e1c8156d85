package org.medstream.evaluation.anomalies;

import java.util.ArrayList;
import java.util.List;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.evaluation.beats.BeatAnnotation;

/**
 * Scores anomalous spans beat by beat, without point adjustment, as a clinician would count them:
 *
 * <ul>
 *   <li>a reference beat whose AAMI class is not N is detected when a predicted anomalous sample
 *       lies within {@link AnomalyReference#HALF_WIDTH_SECONDS} of its annotation, that is, when a
 *       predicted span overlaps its reference segment;
 *   <li>a predicted span (a run of predicted samples) is a false positive when it overlaps the
 *       segment of no beat of class S, V, F or Q.
 * </ul>
 *
 * <p>VEB Se is the share of V beats detected. +P is the share of predicted spans that are not false
 * positives. A span on an S, F or Q beat counts as correct, because the reference calls every non-N
 * beat anomalous. One long span over many abnormal beats counts once in +P.
 */
public final class BeatLevelEvaluator {
    /**
     * Scores one record.
     *
     * @param beats reference annotations; labels that are not beats are skipped
     * @param predicted per sample, whether the model marks it anomalous
     * @param samplingFrequencyHz rate of the annotations' sample indices
     */
    public BeatLevelCounts score(
            String name,
            List<BeatAnnotation> beats,
            boolean[] predicted,
            double samplingFrequencyHz) {
        int length = predicted.length;
        int halfWidth = (int) Math.round(AnomalyReference.HALF_WIDTH_SECONDS * samplingFrequencyHz);
        int[] predictedBefore = new int[length + 1];
        for (int t = 0; t < length; t++) {
            predictedBefore[t + 1] = predictedBefore[t] + (predicted[t] ? 1 : 0);
        }
        boolean[] abnormalSegment = new boolean[length];

        long ventricular = 0;
        long ventricularDetected = 0;
        long abnormal = 0;
        long abnormalDetected = 0;
        for (BeatAnnotation beat : beats) {
            AamiClass aamiClass = AamiClass.ofLabel(beat.label());
            if (aamiClass == null || aamiClass == AamiClass.N) {
                continue;
            }
            int from = (int) Math.max(0, beat.sample() - halfWidth);
            int to = (int) Math.min(length - 1L, beat.sample() + halfWidth);
            if (from > to) {
                continue;
            }
            boolean detected = predictedBefore[to + 1] - predictedBefore[from] > 0;
            abnormal++;
            abnormalDetected += detected ? 1 : 0;
            if (aamiClass == AamiClass.V) {
                ventricular++;
                ventricularDetected += detected ? 1 : 0;
            }
            for (int t = from; t <= to; t++) {
                abnormalSegment[t] = true;
            }
        }

        long spans = 0;
        long falsePositives = 0;
        int t = 0;
        while (t < length) {
            if (!predicted[t]) {
                t++;
                continue;
            }
            boolean onAbnormalBeat = false;
            while (t < length && predicted[t]) {
                onAbnormalBeat |= abnormalSegment[t];
                t++;
            }
            spans++;
            falsePositives += onAbnormalBeat ? 0 : 1;
        }
        return new BeatLevelCounts(
                name,
                ventricular,
                ventricularDetected,
                abnormal,
                abnormalDetected,
                spans,
                falsePositives);
    }

    /**
     * Returns the records' rows followed by their sum, named {@link PointAdjustedEvaluator#TOTAL}.
     */
    public List<BeatLevelCounts> withTotal(List<BeatLevelCounts> records) {
        BeatLevelCounts total = new BeatLevelCounts(PointAdjustedEvaluator.TOTAL, 0, 0, 0, 0, 0, 0);
        for (BeatLevelCounts record : records) {
            total = total.plus(record, PointAdjustedEvaluator.TOTAL);
        }
        List<BeatLevelCounts> rows = new ArrayList<>(records);
        rows.add(total);
        return rows;
    }
}
