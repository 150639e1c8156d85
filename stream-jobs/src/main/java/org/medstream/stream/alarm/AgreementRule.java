package org.medstream.stream.alarm;

import java.util.Arrays;
import org.medstream.model.rhythm.AfDecision;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.model.rhythm.RrIrregularityState;

/**
 * Decides whether the beats of a second detector of another kind, run on the same ECG lead as the
 * alarm detector, support a beat-derived alarm. Two detectors fail differently: the classic
 * detector misses low or wide QRS complexes in noise and counts tall T waves twice, the LMU beats
 * model fails on morphologies it was not trained on. An alarm that only one of them detects is more
 * likely a detection failure.
 *
 * <p>The rule holds an alarm back only on positive evidence against it, because a missed true alarm
 * is far worse than a false one:
 *
 * <p>Beats of the second detector closer than {@link #REFRACTORY_SECONDS} to the last one kept are
 * dropped first, as parts of one QRS complex: the LMU beats model sometimes splits one complex into
 * two label runs a few tens of milliseconds apart, and no two ventricular depolarisations come that
 * close. Then:
 *
 * <ul>
 *   <li>asystole: the second detector has at least {@link AsystoleSuppressor#MIN_BEATS} beats in
 *       the asystole window at a mean rate from {@link AsystoleSuppressor#MIN_BPM} to {@link
 *       AsystoleSuppressor#MAX_BPM}, the thresholds of the {@link AsystoleSuppressor};
 *   <li>extreme bradycardia and extreme tachycardia: the second detector's beats cover the window
 *       of the run, from the beat before its first beat to the beat that completes it: at least
 *       {@link #MIN_BEATS} beats, and no stretch of the window longer than {@link #MAX_GAP_SECONDS}
 *       without one. Their median interval gives a rate of at most {@link #MAX_BPM}, which is at or
 *       above the bradycardia limit, or at or below the tachycardia limit;
 *   <li>ventricular tachycardia: the same covering rate over the run, from {@link
 *       #REFRACTORY_SECONDS} before its first ventricular beat to the beat that completes it, is at
 *       or below the ventricular tachycardia rate limit. The second detector's beat classes are not
 *       used, because the LMU beats model classes ventricular beats of morphologies it was not
 *       trained on poorly, so a rule on its classes would hold back true runs;
 *   <li>atrial fibrillation: an {@link AfDetector} with the alarm's thresholds, fed the second
 *       detector's beats and classes, makes at least {@link #MIN_RHYTHM_DECISIONS} decisions at its
 *       beats in the irregular stretch that is about to raise the alarm, and calls fewer than half
 *       of them irregular.
 * </ul>
 *
 * <p>The median resists a beat the second detector misses or adds. Without evidence (no beats, too
 * few, gaps, a rate that only noise gives, too few rhythm decisions) the alarm is raised as without
 * the rule.
 */
public final class AgreementRule {
    /** Beats of the second detector needed in a rate alarm's window. */
    public static final int MIN_BEATS = 3;

    /** Maximum stretch of a rate alarm's window without a beat of the second detector. */
    public static final double MAX_GAP_SECONDS = 2.0;

    /** Highest rate of the second detector that counts as a rhythm and not as noise. */
    public static final double MAX_BPM = AsystoleSuppressor.MAX_BPM;

    /** Minimum time between two beats of the second detector that count as two QRS complexes. */
    public static final double REFRACTORY_SECONDS = 0.2;

    /**
     * Beats of the second detector kept per stream. After the {@link #REFRACTORY_SECONDS} merge no
     * rhythm is faster than 300 bpm, so 256 beats reach 51 s back, past the default 30 s stretch of
     * an atrial fibrillation alarm and the {@link AfDetector#windowIntervals()} intervals before
     * it.
     *
     * <p>NOTE: with {@code alarm.atrial-fibrillation} much longer than 30 s at fast rates, or with
     * many split complexes, the oldest beats of the stretch are overwritten, and the rhythm check
     * uses only its later part.
     */
    public static final int BEAT_CAPACITY = 256;

    /** Rhythm decisions of the second detector needed in an atrial fibrillation stretch. */
    public static final int MIN_RHYTHM_DECISIONS = 8;

    private AgreementRule() {}

    /**
     * The second detector's rhythm decisions at its beats in an irregular stretch: how many it made
     * and how many called the RR intervals irregular.
     */
    public record RhythmDecisions(int decisions, int irregular) {
        /**
         * Returns whether these decisions contradict atrial fibrillation: at least {@link
         * #MIN_RHYTHM_DECISIONS}, fewer than half of them irregular.
         */
        public boolean contradictAtrialFibrillation() {
            return decisions >= MIN_RHYTHM_DECISIONS && 2 * irregular < decisions;
        }
    }

    /**
     * Returns the last beat of the second detector in {@code (windowStart, windowEnd]} when its
     * beats there show heart activity, else -1.
     */
    public static long lastAsystoleEvidence(
            OtherLeadBeats beats, long windowStart, long windowEnd, double samplingFrequencyHz) {
        long[] inWindow = beatsIn(beats, windowStart, windowEnd, samplingFrequencyHz);
        int count = inWindow.length;
        if (count < AsystoleSuppressor.MIN_BEATS) {
            return -1;
        }
        long last = inWindow[count - 1];
        double meanBpm = 60.0 * samplingFrequencyHz * (count - 1) / (last - inWindow[0]);
        boolean heartActivity =
                meanBpm >= AsystoleSuppressor.MIN_BPM && meanBpm <= AsystoleSuppressor.MAX_BPM;
        return heartActivity ? last : -1;
    }

    /**
     * Returns the rate of the second detector's beats over {@code (windowStart, windowEnd]}, 60 s
     * over their median interval, or NaN when they do not cover the window (see the class comment).
     * Only beats up to {@code reportedThrough}, the last sample through which the second detector
     * has reported every beat, count, and the window is cut there.
     */
    public static double coveringRateBpm(
            OtherLeadBeats beats,
            long windowStart,
            long windowEnd,
            long reportedThrough,
            double samplingFrequencyHz) {
        long end = Math.min(windowEnd, reportedThrough);
        long[] inWindow = beatsIn(beats, windowStart, end, samplingFrequencyHz);
        int count = inWindow.length;
        if (count < MIN_BEATS) {
            return Double.NaN;
        }

        long maxGapSamples = Math.round(MAX_GAP_SECONDS * samplingFrequencyHz);
        if (inWindow[0] - windowStart > maxGapSamples
                || end - inWindow[count - 1] > maxGapSamples) {
            return Double.NaN;
        }
        long[] intervals = new long[count - 1];
        for (int i = 1; i < count; i++) {
            intervals[i - 1] = inWindow[i] - inWindow[i - 1];
            if (intervals[i - 1] > maxGapSamples) {
                return Double.NaN;
            }
        }
        Arrays.sort(intervals);
        int middle = intervals.length / 2;
        double median =
                intervals.length % 2 == 1
                        ? intervals[middle]
                        : (intervals[middle - 1] + intervals[middle]) / 2.0;
        double rateBpm = 60.0 * samplingFrequencyHz / median;
        return rateBpm <= MAX_BPM ? rateBpm : Double.NaN;
    }

    /**
     * Returns the beats in {@code (windowStart, windowEnd]}, oldest first, without those closer
     * than {@link #REFRACTORY_SECONDS} to the last one kept.
     */
    private static long[] beatsIn(
            OtherLeadBeats beats, long windowStart, long windowEnd, double samplingFrequencyHz) {
        return keptBeats(beats, windowStart, windowEnd, samplingFrequencyHz).indices();
    }

    /** Beats kept after the refractory merge, oldest first, with their classes. */
    private record KeptBeats(long[] indices, char[] classes) {}

    private static KeptBeats keptBeats(
            OtherLeadBeats beats, long windowStart, long windowEnd, double samplingFrequencyHz) {
        long refractorySamples = Math.round(REFRACTORY_SECONDS * samplingFrequencyHz);
        long[] kept = new long[beats.count];
        char[] classes = new char[beats.count];
        int count = 0;
        for (int age = beats.count - 1; age >= 0; age--) {
            long index = beats.fromLast(age);
            if (index <= windowStart || index > windowEnd) {
                continue;
            }
            if (count > 0 && index - kept[count - 1] < refractorySamples) {
                continue;
            }
            kept[count] = index;
            classes[count] = beats.classFromLast(age);
            count++;
        }
        return new KeptBeats(Arrays.copyOf(kept, count), Arrays.copyOf(classes, count));
    }

    /**
     * Returns the window of the covering rate of a ventricular run that starts at {@code
     * onsetIndex}: it opens {@link #REFRACTORY_SECONDS} before the run's first beat, so the second
     * detector's beat on that complex counts even when it lies a little earlier, while the beat
     * before the run, at least that far back, does not.
     */
    public static long ventricularWindowStart(long onsetIndex, double samplingFrequencyHz) {
        return onsetIndex - Math.round(REFRACTORY_SECONDS * samplingFrequencyHz);
    }

    /**
     * Runs {@code detector} over the second detector's beats up to {@code min(stretchEnd,
     * reportedThrough)}, starting from the oldest beat kept so that its window is full where the
     * stretch begins, and counts its decisions at the beats from {@code stretchStart} on.
     */
    public static RhythmDecisions rhythmDecisions(
            OtherLeadBeats beats,
            long stretchStart,
            long stretchEnd,
            long reportedThrough,
            AfDetector detector,
            double samplingFrequencyHz) {
        long end = Math.min(stretchEnd, reportedThrough);
        KeptBeats kept = keptBeats(beats, Long.MIN_VALUE, end, samplingFrequencyHz);
        RrIrregularityState state = detector.createState();
        int decisions = 0;
        int irregular = 0;
        for (int i = 0; i < kept.indices().length; i++) {
            AfDecision decision =
                    detector.onBeat(
                            state, kept.indices()[i], kept.classes()[i], samplingFrequencyHz);
            if (kept.indices()[i] < stretchStart || !decision.evaluated()) {
                continue;
            }
            decisions++;
            if (decision.atrialFibrillation()) {
                irregular++;
            }
        }
        return new RhythmDecisions(decisions, irregular);
    }

    /**
     * Returns whether the second detector's beats contradict a rate alarm: their {@link
     * #coveringRateBpm} is known and not beyond {@code limitBpm} in the alarm's direction.
     *
     * @param above true for a tachycardia (rate above the limit), false for a bradycardia
     */
    public static boolean contradictsRate(double coveringRateBpm, double limitBpm, boolean above) {
        if (Double.isNaN(coveringRateBpm)) {
            return false;
        }
        return above ? coveringRateBpm <= limitBpm : coveringRateBpm >= limitBpm;
    }
}
