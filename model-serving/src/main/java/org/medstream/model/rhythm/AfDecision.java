package org.medstream.model.rhythm;

/**
 * The rhythm decision of an {@link AfDetector} at one beat.
 *
 * @param evaluated whether the window held enough accepted intervals, with few enough ectopic
 *     beats, for a decision; when false, {@code atrialFibrillation} is false and the statistics are
 *     NaN
 * @param atrialFibrillation whether the RR intervals of the window are irregular enough for atrial
 *     fibrillation
 * @param cosen the coefficient of sample entropy of the window ({@link CoefficientOfSampleEntropy})
 * @param normalisedRmssd the root mean square of successive differences of the window divided by
 *     its mean interval
 * @param meanRrMillis the mean accepted RR interval of the window in milliseconds
 */
public record AfDecision(
        boolean evaluated,
        boolean atrialFibrillation,
        double cosen,
        double normalisedRmssd,
        double meanRrMillis) {

    /** The decision when the window has too few intervals or too many ectopic beats. */
    public static final AfDecision NOT_EVALUATED =
            new AfDecision(false, false, Double.NaN, Double.NaN, Double.NaN);
}
