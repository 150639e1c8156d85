package org.medstream.stream.detect;

import static org.medstream.stream.detect.PanTompkinsDetector.FIDUCIAL_SEARCH_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.INTEGRATION_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.REFRACTORY_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.ring;
import static org.medstream.stream.detect.PanTompkinsDetector.samples;

/** Places the fiducial point (R peak) of a QRS found by {@link PanTompkinsDetector}. */
final class FiducialLocator {
    private FiducialLocator() {}

    /**
     * Places the fiducial at the R peak: finds the steepest slope in the integration window that
     * produced the integrated peak, shifts it back by the filters' group delay and takes the input
     * sample of largest deviation from the local mean within {@code FIDUCIAL_SEARCH_SECONDS} of
     * that point. Starting from the steepest slope keeps large P and T waves out of the search.
     */
    static long locate(QrsDetectorState state, long peakIndex, long n) {
        long oldest = oldest(state, n);
        if (state.lastQrsFiducial != Long.MIN_VALUE) {
            // R peaks of two beats are at least the refractory period apart.
            oldest = Math.max(oldest, state.lastQrsFiducial + samples(state, REFRACTORY_SECONDS));
        }
        peakIndex = Math.max(peakIndex, oldest);
        long start = Math.max(peakIndex - samples(state, INTEGRATION_SECONDS), oldest);
        long steepest = peakIndex;
        double largest = -1.0;
        for (long i = start; i <= peakIndex; i++) {
            double slope = state.slopeHistory[ring(state, i)];
            if (slope > largest) {
                largest = slope;
                steepest = i;
            }
        }

        long centre = Math.max(steepest - slopeDelaySamples(state), oldest);
        int search = samples(state, FIDUCIAL_SEARCH_SECONDS);
        long from = Math.max(centre - search, oldest);
        long to = Math.min(centre + search, n);
        long meanFrom = Math.max(centre - 2 * search, oldest);
        long meanTo = Math.min(centre + 2 * search, n);
        double sum = 0.0;
        for (long i = meanFrom; i <= meanTo; i++) {
            sum += state.rawHistory[ring(state, i)];
        }
        double mean = sum / (meanTo - meanFrom + 1);

        long fiducial = centre;
        double deviation = -1.0;
        for (long i = from; i <= to; i++) {
            double d = Math.abs(state.rawHistory[ring(state, i)] - mean);
            if (d > deviation) {
                deviation = d;
                fiducial = i;
            }
        }
        return fiducial;
    }

    /**
     * Returns the earliest fiducial that {@link #locate} can place for an integrated peak at or
     * after {@code peakIndex}: the steepest slope lies at most one integration window before the
     * peak, the group delay moves it back and the search may move it back once more.
     */
    static long earliestFiducial(QrsDetectorState state, long peakIndex) {
        return peakIndex
                - samples(state, INTEGRATION_SECONDS)
                - slopeDelaySamples(state)
                - samples(state, FIDUCIAL_SEARCH_SECONDS);
    }

    /** Delay of the slope signal behind the input: the five-point derivative adds two samples. */
    private static long slopeDelaySamples(QrsDetectorState state) {
        return Math.round(state.bandPassDelaySamples) + 2;
    }

    static long oldest(QrsDetectorState state, long n) {
        return Math.max(0, n - state.rawHistory.length + 1);
    }
}
