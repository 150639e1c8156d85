package org.medstream.evaluation.breaths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.evaluation.matching.FiducialScore;
import org.medstream.evaluation.matching.PointMatching;

/**
 * Scores breath onsets against reference onsets. A reference onset is detected when a test onset
 * lies within the tolerance, matched one to one, nearest pairs first ({@link PointMatching}). Only
 * the scored span counts: reference onsets inside it, and test onsets inside it or up to the
 * tolerance outside it when they match a reference onset inside. The timing error of the matches is
 * reported in ms and, as boundary-detection papers report it, as mean absolute error in samples at
 * 125 Hz.
 *
 * <p>Each pair of consecutive reference onsets inside the span is one reference breath; its best
 * intersection over union with a test breath (consecutive test onsets) gives the segment mIoU.
 */
public final class BreathEvaluator {
    /** Default matching tolerance, in ms: about a sixth of a breath at 20 breaths per minute. */
    public static final double DEFAULT_TOLERANCE_MILLIS = 500;

    /** Rate of the sample counts in {@link BreathScore#meanAbsoluteErrorSamples()}. */
    public static final double PAPER_RATE_HZ = 125;

    private final double toleranceMillis;
    private final double fromSeconds;
    private final double toSeconds;

    /**
     * @param toleranceMillis largest distance of a match
     * @param fromSeconds start of the scored span
     * @param toSeconds end of the scored span; {@code Double.POSITIVE_INFINITY} for the end of each
     *     record
     */
    public BreathEvaluator(double toleranceMillis, double fromSeconds, double toSeconds) {
        if (!(toleranceMillis > 0)) {
            throw new IllegalArgumentException(
                    "Invalid tolerance " + toleranceMillis + " ms; give a positive value");
        }
        if (!(fromSeconds >= 0) || !(toSeconds > fromSeconds)) {
            throw new IllegalArgumentException(
                    "Invalid scored span from "
                            + fromSeconds
                            + " s to "
                            + toSeconds
                            + " s; it must start at 0 or later and end after its start");
        }
        this.toleranceMillis = toleranceMillis;
        this.fromSeconds = fromSeconds;
        this.toSeconds = toSeconds;
    }

    /** Scores each record and all of them together. */
    public BreathResult evaluate(List<BreathScoreInput> records) {
        Map<String, BreathScore> byRecord = new LinkedHashMap<>();
        BreathScore total = BreathScore.EMPTY;
        for (BreathScoreInput record : records) {
            BreathScore score = score(record);
            byRecord.merge(record.record(), score, BreathScore::plus);
            total = total.plus(score);
        }
        return new BreathResult(toleranceMillis, fromSeconds, toSeconds, byRecord, total);
    }

    private BreathScore score(BreathScoreInput record) {
        double fs = record.samplingFrequencyHz();
        long tolerance = (long) Math.floor(toleranceMillis * fs / 1000.0);
        long from = (long) Math.ceil(fromSeconds * fs);
        long to = Double.isInfinite(toSeconds) ? Long.MAX_VALUE : (long) Math.ceil(toSeconds * fs);
        List<Long> reference = inside(record.reference(), from, to);
        List<Long> test =
                inside(record.test(), from - tolerance, to == Long.MAX_VALUE ? to : to + tolerance);

        FiducialScore onsets =
                FiducialScore.of(
                        reference, test, tolerance, fs, sample -> sample >= from && sample < to);

        double iouSum = 0;
        for (int r = 0; r + 1 < reference.size(); r++) {
            iouSum += bestIou(reference.get(r), reference.get(r + 1), record.test());
        }
        return new BreathScore(onsets, Math.max(0, reference.size() - 1), iouSum);
    }

    /**
     * Returns the best IoU of breath [start, end) with a breath between consecutive test onsets.
     */
    private static double bestIou(long start, long end, List<Long> test) {
        double best = 0;
        for (int t = 0; t + 1 < test.size(); t++) {
            long testStart = test.get(t);
            long testEnd = test.get(t + 1);
            long overlap = Math.min(end, testEnd) - Math.max(start, testStart);
            if (overlap <= 0) {
                continue;
            }
            long union = Math.max(end, testEnd) - Math.min(start, testStart);
            best = Math.max(best, overlap / (double) union);
        }
        return best;
    }

    private static List<Long> inside(List<Long> points, long from, long to) {
        List<Long> inside = new ArrayList<>();
        for (long point : points) {
            if (point >= from && point < to) {
                inside.add(point);
            }
        }
        return inside;
    }
}
