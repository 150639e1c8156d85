package org.medstream.model.rhythm;

import java.util.Arrays;

/**
 * The rhythm of a whole recording, from an {@link AfDetector} run over its beats: {@code A} (atrial
 * fibrillation) when the detector calls at least half of the beats it could evaluate irregular,
 * {@code N} when it evaluated beats and called fewer, and {@code ~} when it could evaluate none
 * (too few beats, or too many classed ectopic). The labels are those of the PhysioNet/CinC
 * Challenge 2017 ({@code N} normal, {@code A} atrial fibrillation, {@code O} other rhythm, {@code
 * ~} noisy); this classifier never gives {@code O}, so other rhythms with regular RR intervals come
 * out {@code N}.
 *
 * @param label {@code A}, {@code N} or {@code ~}
 * @param score fraction of the evaluated beats called irregular, 0 when none was evaluated
 * @param beats beats in the recording
 * @param evaluatedBeats beats at which the detector reached a decision
 * @param medianCosen median coefficient of sample entropy over the evaluated beats, NaN without one
 */
public record RecordRhythm(
        String label, double score, int beats, int evaluatedBeats, double medianCosen) {

    /** Label for atrial fibrillation. */
    public static final String ATRIAL_FIBRILLATION = "A";

    /** Label for a rhythm without atrial fibrillation. */
    public static final String NORMAL = "N";

    /** Label for a recording without any decision. */
    public static final String UNDECIDED = "~";

    /**
     * Runs {@code detector} over the beats of one recording, in sample order.
     *
     * @param beatIndices sample indices of the beats, increasing
     * @param beatClasses the detector's class of each beat ({@code N}, {@code V}, …)
     */
    public static RecordRhythm of(
            AfDetector detector,
            long[] beatIndices,
            char[] beatClasses,
            double samplingFrequencyHz) {
        if (beatIndices.length != beatClasses.length) {
            throw new IllegalArgumentException(
                    beatIndices.length + " beat indices but " + beatClasses.length + " classes");
        }
        RrIrregularityState state = detector.createState();
        double[] cosens = new double[beatIndices.length];
        int evaluated = 0;
        int irregular = 0;
        for (int i = 0; i < beatIndices.length; i++) {
            AfDecision decision =
                    detector.onBeat(state, beatIndices[i], beatClasses[i], samplingFrequencyHz);
            if (decision.evaluated()) {
                cosens[evaluated++] = decision.cosen();
                if (decision.atrialFibrillation()) {
                    irregular++;
                }
            }
        }
        if (evaluated == 0) {
            return new RecordRhythm(UNDECIDED, 0, beatIndices.length, 0, Double.NaN);
        }
        Arrays.sort(cosens, 0, evaluated);
        double median =
                evaluated % 2 == 1
                        ? cosens[evaluated / 2]
                        : (cosens[evaluated / 2 - 1] + cosens[evaluated / 2]) / 2;
        String label = 2 * irregular >= evaluated ? ATRIAL_FIBRILLATION : NORMAL;
        return new RecordRhythm(
                label, (double) irregular / evaluated, beatIndices.length, evaluated, median);
    }
}
