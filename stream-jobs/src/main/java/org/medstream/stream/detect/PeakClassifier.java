package org.medstream.stream.detect;

import static org.medstream.stream.detect.PanTompkinsDetector.DEFAULT_RR_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.FIDUCIAL_MARGIN_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.INTEGRATION_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.LEARNING_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.MAX_DELAY_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.PEAK_TIMEOUT_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.REFRACTORY_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.RELAX_AFTER_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.RELAX_PERIOD_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.RR_HISTORY;
import static org.medstream.stream.detect.PanTompkinsDetector.SEARCH_BACK_RR_FACTOR;
import static org.medstream.stream.detect.PanTompkinsDetector.T_WAVE_WINDOW_SECONDS;
import static org.medstream.stream.detect.PanTompkinsDetector.ring;
import static org.medstream.stream.detect.PanTompkinsDetector.samples;

/**
 * Decision rules of {@link PanTompkinsDetector} on the integrated signal: peak finding, the
 * adaptive thresholds, the refractory period, T-wave discrimination, search-back and fiducial
 * placement.
 */
final class PeakClassifier {
    /** How much larger a peak must be to replace the pending beat within the T-wave window. */
    private static final double REPLACEMENT_RATIO = 1.5;

    /** Correlation with a beat template that a QRS within the T-wave window needs. */
    private static final double MINIMUM_EARLY_CORRELATION = 0.3;

    /**
     * Largest relative difference between two RR intervals for which beats count as evenly spaced.
     */
    private static final double EVEN_SPACING = 0.1;

    /** Largest multiple of the signal level by which one peak can move a level. */
    private static final double LEVEL_STEP_LIMIT = 3.0;

    /** Factor applied to both levels per relaxation step after unreliable signal. */
    private static final double AFTER_NOISE_RELAX_FACTOR = 0.25;

    private PeakClassifier() {}

    static void onIntegratedSample(
            QrsDetectorState state, double integrated, long n, BeatListener listener) {
        if (!state.learned && integrated > 0.0) {
            state.learningMaximum = Math.max(state.learningMaximum, integrated);
            state.learningSum += integrated;
            state.learningSamples++;
        }

        if (integrated > state.previousIntegrated) {
            if (!state.trackingPeak || integrated > state.peakValue) {
                state.trackingPeak = true;
                state.peakValue = integrated;
                state.peakIndex = n;
            }
        }
        state.previousIntegrated = integrated;
        if (state.trackingPeak
                && (integrated < 0.5 * state.peakValue
                        || n - state.peakIndex > samples(state, PEAK_TIMEOUT_SECONDS))) {
            state.trackingPeak = false;
            onPeak(state, state.peakIndex, state.peakValue, n, listener);
        }

        reportPendingBeat(state, n, false, listener);
        if (!state.learned) {
            if (state.learningSamples >= samples(state, LEARNING_SECONDS)) {
                completeLearning(state, n, listener);
            }
            return;
        }
        dropStaleCandidates(state, n);
        relaxDuringPause(state, n);
        if (state.hasQrs
                && state.candidatesChanged
                && n - state.lastQrsPeakIndex > searchBackSamples(state)) {
            searchBack(state, n, listener);
        }
    }

    static void onPeak(
            QrsDetectorState state, long peakIndex, double value, long n, BeatListener listener) {
        double slope = maximumSlope(state, peakIndex, n);
        if (!state.learned) {
            addCandidate(state, peakIndex, value, slope);
            return;
        }
        classify(state, peakIndex, value, slope, n, listener);
    }

    /** Sets the initial levels from the learning phase and classifies the peaks found in it. */
    static void completeLearning(QrsDetectorState state, long n, BeatListener listener) {
        double mean = state.learningSum / Math.max(1, state.learningSamples);
        state.signalLevel = 0.5 * state.learningMaximum;
        state.noiseLevel = 0.5 * mean;
        state.learned = true;
        state.lastRelaxIndex = n;

        int count = state.candidateCount;
        long[] indices = new long[count];
        double[] values = new double[count];
        double[] slopes = new double[count];
        System.arraycopy(state.candidateIndex, 0, indices, 0, count);
        System.arraycopy(state.candidateValue, 0, values, 0, count);
        System.arraycopy(state.candidateSlope, 0, slopes, 0, count);
        state.candidateCount = 0;
        for (int i = 0; i < count; i++) {
            classify(state, indices[i], values[i], slopes[i], n, listener);
        }
    }

    private static void classify(
            QrsDetectorState state,
            long peakIndex,
            double value,
            double slope,
            long n,
            BeatListener listener) {
        double threshold = threshold(state);
        if (state.hasPendingBeat
                && peakIndex - state.pendingPeakIndex < samples(state, T_WAVE_WINDOW_SECONDS)
                && value > threshold
                && value >= replacementRatio(state, peakIndex, slope) * state.pendingValue
                && !isPendingFastRhythmBeat(state, peakIndex, n)) {
            replacePendingBeat(state, peakIndex, value, slope, n);
            return;
        }
        if (state.hasQrs
                && peakIndex - state.lastQrsPeakIndex < samples(state, REFRACTORY_SECONDS)) {
            return;
        }
        if (value > threshold
                && !isTWave(state, peakIndex, slope)
                && !isUnlikeKnownBeats(state, peakIndex, n)) {
            acceptQrs(state, peakIndex, value, slope, false, n, listener);
        } else {
            state.noiseLevel = 0.125 * levelUpdate(state, value) + 0.875 * state.noiseLevel;
            addCandidate(state, peakIndex, value, slope);
        }
    }

    /**
     * Replaces the beat not yet reported by a much larger peak that follows it within the T-wave
     * window: the earlier peak was then a large P wave or an artefact in front of the QRS.
     */
    private static void replacePendingBeat(
            QrsDetectorState state, long peakIndex, double value, double slope, long n) {
        if (state.pendingHasRr) {
            int last = Math.floorMod(state.rrPosition - 1, RR_HISTORY);
            state.rrIntervals[last] += peakIndex - state.lastQrsPeakIndex;
        }
        state.signalLevel = 0.125 * levelUpdate(state, value) + 0.875 * state.signalLevel;
        state.lastQrsPeakIndex = peakIndex;
        state.lastQrsSlope = slope;
        state.lastRelaxIndex = n;
        removeCandidatesUpTo(state, peakIndex);
        state.pendingPeakIndex = peakIndex;
        state.pendingValue = value;
        state.pendingSlope = slope;
        state.pendingFiducial = FiducialLocator.locate(state, peakIndex, n);
    }

    /**
     * Returns how much larger than the pending beat a later peak must be to replace it. Two peaks
     * within the refractory period cannot both be QRS complexes. The earlier one is taken for a P
     * wave when the later one is at least as large and at least as steep, because ventricular
     * depolarisation is faster than atrial depolarisation. Later in the T-wave window the peak must
     * be {@code REPLACEMENT_RATIO} times larger, since a T wave there is as likely as a QRS.
     */
    private static double replacementRatio(QrsDetectorState state, long peakIndex, double slope) {
        if (peakIndex - state.pendingPeakIndex < samples(state, REFRACTORY_SECONDS)
                && slope >= state.pendingSlope) {
            return 1.0;
        }
        return REPLACEMENT_RATIO;
    }

    /**
     * Returns whether the pending beat is a QRS of a fast rhythm, which a larger peak after it must
     * not replace: the later peak lies at least the refractory period after it, at the same spacing
     * as the RR interval before it (within {@code EVEN_SPACING}), and the pending beat has the
     * shape of a known beat (correlation {@link BeatClassifier#MATCH_CORRELATION} with a template).
     * A large P wave is neither evenly spaced nor shaped like a QRS. From 167 bpm on, the next QRS
     * falls within the T-wave window, and breathing alone can make it 1.5 times as high in
     * integrated height.
     */
    private static boolean isPendingFastRhythmBeat(QrsDetectorState state, long peakIndex, long n) {
        if (state.templateCount == 0 || !state.pendingHasRr) {
            return false;
        }
        long interval = peakIndex - state.pendingPeakIndex;
        double rr = state.rrIntervals[Math.floorMod(state.rrPosition - 1, RR_HISTORY)];
        return interval >= samples(state, REFRACTORY_SECONDS)
                && Math.abs(interval - rr) <= EVEN_SPACING * rr
                && BeatClassifier.bestCorrelation(state, state.pendingFiducial, n)
                        >= BeatClassifier.MATCH_CORRELATION;
    }

    /** Reports the pending beat once no peak can replace it any more, or at the end of a stream. */
    static void reportPendingBeat(
            QrsDetectorState state, long n, boolean force, BeatListener listener) {
        if (!state.hasPendingBeat) {
            return;
        }
        if (!force
                && n - state.pendingPeakIndex
                        <= samples(state, T_WAVE_WINDOW_SECONDS + PEAK_TIMEOUT_SECONDS)) {
            return;
        }
        state.hasPendingBeat = false;
        long previousFiducial = state.lastQrsFiducial;
        state.lastQrsFiducial = state.pendingFiducial;
        char beatClass =
                BeatClassifier.classify(
                        state, state.pendingFiducial, previousFiducial, meanRrSamples(state), n);
        listener.onBeat(state.pendingFiducial, beatClass);
    }

    /**
     * Limits the peak height that updates a level to {@code LEVEL_STEP_LIMIT} times the signal
     * level: QRS amplitude changes little from beat to beat, so a much larger peak is an artefact
     * (an electrode pop) that would otherwise raise the threshold above the next beats.
     */
    private static double levelUpdate(QrsDetectorState state, double value) {
        if (state.signalLevel <= 0.0) {
            return value;
        }
        return Math.min(value, LEVEL_STEP_LIMIT * state.signalLevel);
    }

    private static double threshold(QrsDetectorState state) {
        double threshold = state.noiseLevel + 0.25 * (state.signalLevel - state.noiseLevel);
        return Math.max(threshold, state.thresholdFloor);
    }

    /**
     * Returns whether a peak within the T-wave window of the last QRS has a shape unrelated to
     * every beat template (correlation below {@code MINIMUM_EARLY_CORRELATION}). A QRS that early
     * is rare, while T waves and artefacts are common there, so an early QRS must resemble a beat
     * seen before.
     */
    private static boolean isUnlikeKnownBeats(QrsDetectorState state, long peakIndex, long n) {
        if (!state.hasQrs
                || state.templateCount == 0
                || peakIndex - state.lastQrsPeakIndex >= samples(state, T_WAVE_WINDOW_SECONDS)) {
            return false;
        }
        long fiducial = FiducialLocator.locate(state, peakIndex, n);
        return BeatClassifier.bestCorrelation(state, fiducial, n) < MINIMUM_EARLY_CORRELATION;
    }

    private static boolean isTWave(QrsDetectorState state, long peakIndex, double slope) {
        return state.hasQrs
                && peakIndex - state.lastQrsPeakIndex < samples(state, T_WAVE_WINDOW_SECONDS)
                && slope < 0.5 * state.lastQrsSlope;
    }

    private static void searchBack(QrsDetectorState state, long n, BeatListener listener) {
        state.candidatesChanged = false;
        double minimum = Math.max(0.5 * threshold(state), state.thresholdFloor);
        int best = -1;
        for (int i = 0; i < state.candidateCount; i++) {
            long index = state.candidateIndex[i];
            double value = state.candidateValue[i];
            if (index - state.lastQrsPeakIndex >= samples(state, REFRACTORY_SECONDS)
                    && value > minimum
                    && !isTWave(state, index, state.candidateSlope[i])
                    && (best < 0 || value > state.candidateValue[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            acceptQrs(
                    state,
                    state.candidateIndex[best],
                    state.candidateValue[best],
                    state.candidateSlope[best],
                    true,
                    n,
                    listener);
        }
    }

    private static void acceptQrs(
            QrsDetectorState state,
            long peakIndex,
            double value,
            double slope,
            boolean searchBack,
            long n,
            BeatListener listener) {
        boolean hadQrs = state.hasQrs;
        double weight = searchBack ? 0.25 : 0.125;
        state.signalLevel = weight * levelUpdate(state, value) + (1.0 - weight) * state.signalLevel;
        if (state.hasQrs) {
            state.rrIntervals[state.rrPosition] = peakIndex - state.lastQrsPeakIndex;
            state.rrPosition = (state.rrPosition + 1) % RR_HISTORY;
            state.rrCount = Math.min(RR_HISTORY, state.rrCount + 1);
        }
        state.hasQrs = true;
        state.lastQrsPeakIndex = peakIndex;
        state.lastQrsSlope = slope;
        state.lastRelaxIndex = n;
        state.candidatesChanged = true;
        removeCandidatesUpTo(state, peakIndex);

        reportPendingBeat(state, n, true, listener);
        state.hasPendingBeat = true;
        state.pendingHasRr = hadQrs;
        state.pendingPeakIndex = peakIndex;
        state.pendingValue = value;
        state.pendingSlope = slope;
        state.pendingFiducial = FiducialLocator.locate(state, peakIndex, n);
    }

    private static double searchBackSamples(QrsDetectorState state) {
        return SEARCH_BACK_RR_FACTOR * meanRrSamples(state);
    }

    /** Mean of the last {@code RR_HISTORY} RR intervals (samples), or a default before any. */
    private static double meanRrSamples(QrsDetectorState state) {
        if (state.rrCount == 0) {
            return DEFAULT_RR_SECONDS * state.samplingFrequencyHz;
        }
        double sum = 0.0;
        for (int i = 0; i < state.rrCount; i++) {
            sum += state.rrIntervals[i];
        }
        return sum / state.rrCount;
    }

    /**
     * Relaxes the signal level towards the noise level each second of a pause without QRS. While
     * the lead is or was within one signal quality window unreliable, both levels also drop by
     * {@code AFTER_NOISE_RELAX_FACTOR}, because noise accepted as QRS raised them far above the
     * beats that follow the noise; in a clean pause (sinus arrest, AV block) the classic relaxation
     * alone runs, so that P waves do not become beats.
     */
    private static void relaxDuringPause(QrsDetectorState state, long n) {
        long lastEvent = state.hasQrs ? state.lastQrsPeakIndex : state.lastRelaxIndex;
        if (n - lastEvent > samples(state, RELAX_AFTER_SECONDS)
                && n - state.lastRelaxIndex >= samples(state, RELAX_PERIOD_SECONDS)) {
            state.signalLevel = state.noiseLevel + 0.5 * (state.signalLevel - state.noiseLevel);
            if (SignalQualityMonitor.wasRecentlyUnreliable(state, n)) {
                // Levels learned from noise do not predict the QRS amplitude after it, so each step
                // halves the expected amplitude (a quarter of the integrated height).
                state.noiseLevel *= AFTER_NOISE_RELAX_FACTOR;
                state.signalLevel *= AFTER_NOISE_RELAX_FACTOR;
            }
            state.lastRelaxIndex = n;
        }
    }

    /** Maximum absolute slope over the integration window that ends at the peak. */
    private static double maximumSlope(QrsDetectorState state, long peakIndex, long n) {
        long start =
                Math.max(
                        peakIndex - samples(state, INTEGRATION_SECONDS),
                        FiducialLocator.oldest(state, n));
        double maximum = 0.0;
        for (long i = start; i <= peakIndex; i++) {
            maximum = Math.max(maximum, state.slopeHistory[ring(state, i)]);
        }
        return maximum;
    }

    private static void addCandidate(
            QrsDetectorState state, long peakIndex, double value, double slope) {
        if (state.candidateCount == state.candidateIndex.length) {
            removeFirstCandidates(state, 1);
        }
        int i = state.candidateCount++;
        state.candidateIndex[i] = peakIndex;
        state.candidateValue[i] = value;
        state.candidateSlope[i] = slope;
        state.candidatesChanged = true;
    }

    /** Drops candidates whose beat could no longer be reported within the maximum delay. */
    private static void dropStaleCandidates(QrsDetectorState state, long n) {
        long retention =
                samples(state, MAX_DELAY_SECONDS)
                        - samples(state, INTEGRATION_SECONDS + 2 * FIDUCIAL_MARGIN_SECONDS)
                        - Math.round(state.bandPassDelaySamples);
        int stale = 0;
        while (stale < state.candidateCount && state.candidateIndex[stale] < n - retention) {
            stale++;
        }
        removeFirstCandidates(state, stale);
    }

    private static void removeCandidatesUpTo(QrsDetectorState state, long peakIndex) {
        int count = 0;
        while (count < state.candidateCount && state.candidateIndex[count] <= peakIndex) {
            count++;
        }
        removeFirstCandidates(state, count);
    }

    private static void removeFirstCandidates(QrsDetectorState state, int count) {
        if (count == 0) {
            return;
        }
        int remaining = state.candidateCount - count;
        System.arraycopy(state.candidateIndex, count, state.candidateIndex, 0, remaining);
        System.arraycopy(state.candidateValue, count, state.candidateValue, 0, remaining);
        System.arraycopy(state.candidateSlope, count, state.candidateSlope, 0, remaining);
        state.candidateCount = remaining;
    }
}
