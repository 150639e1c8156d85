package org.medstream.stream.detect;

/**
 * Causal QRS detector after Pan and Tompkins, "A real-time QRS detection algorithm", IEEE Trans.
 * Biomed. Eng. BME-32(3):230-236, 1985, with the peak finding and search-back rules of Hamilton and
 * Tompkins, "Quantitative investigation of QRS detection rules using the MIT/BIH arrhythmia
 * database", IEEE Trans. Biomed. Eng. BME-33(12):1157-1165, 1986.
 *
 * <p>Per sample: a 5-15 Hz Butterworth band-pass (designed for the stream's sampling frequency),
 * the five-point derivative, squaring and a 150 ms moving-window integrator. Peaks of the
 * integrated signal are QRS candidates; a candidate is a QRS when it exceeds the adaptive threshold
 * {@code noiseLevel + 0.25 (signalLevel - noiseLevel)}, lies outside the 200 ms refractory period
 * and, within 360 ms of the previous QRS, has at least half of its maximum slope and a shape
 * correlated at least 0.3 with a known beat template (T-wave and artefact discrimination). When no
 * QRS follows within 1.66 times the mean RR interval, the largest earlier candidate above half the
 * threshold is taken (search-back). After 2.5 s without a QRS the signal level is relaxed towards
 * the noise level every second, so that a drop of amplitude does not stop detection. When the lead
 * was noise-dominated within the last 5 s ({@link #isSignalUnreliable}), both levels also drop
 * fourfold each second, which bounds the beats missed after a noise burst. An absolute floor (the
 * integrated height of a {@code minimumQrsAmplitudeMv} triangular QRS) keeps the detector from
 * turning noise into beats during asystole or a flat line.
 *
 * <p>An accepted QRS is held back until 510 ms (the T-wave window plus the peak timeout) have
 * passed. It is replaced when a peak at least 1.5 times its integrated height follows within the
 * T-wave window, or a peak at least as high and as steep follows within the refractory period,
 * because the earlier peak was then a large P wave or an artefact in front of the QRS. It is kept
 * when it has the shape of a known beat and the later peak follows at the RR interval before it
 * (within 10 %): the later peak is then the next QRS of a fast rhythm. Every beat is reported at
 * most {@link #maxDelaySeconds()} (2.5 s) after its R peak; search-back candidates that could not
 * be reported within that bound are dropped.
 *
 * <p>The fiducial point is the R peak: the input sample of largest deviation from the local mean
 * within 50 ms of the steepest slope of the QRS, corrected for the filters' group delay, and at
 * least 200 ms after the previous R peak.
 *
 * <p>Beats are labelled {@code N} or {@code V} by {@link BeatClassifier} (QRS template correlation,
 * width and prematurity); it does not tell S, F or Q beats apart, and the EC57 QRS sensitivity and
 * positive predictivity do not use classes.
 *
 * <p>All state lives in {@link QrsDetectorState} and samples are processed one at a time, so the
 * output does not depend on how a stream is split into {@link #process} calls.
 */
public final class PanTompkinsDetector implements BeatDetector<QrsDetectorState> {
    private static final long serialVersionUID = 1L;

    static final int RR_HISTORY = 8;

    static final double LOW_CUTOFF_HZ = 5.0;
    static final double HIGH_CUTOFF_HZ = 15.0;
    static final int HIGH_PASS_SECTIONS = 1;
    static final int LOW_PASS_SECTIONS = 2;
    static final int SECTIONS = HIGH_PASS_SECTIONS + LOW_PASS_SECTIONS;
    static final double INTEGRATION_SECONDS = 0.150;
    static final double REFRACTORY_SECONDS = 0.200;
    static final double T_WAVE_WINDOW_SECONDS = 0.360;
    static final double LEARNING_SECONDS = 2.0;
    static final double PEAK_TIMEOUT_SECONDS = 0.150;
    static final double SEARCH_BACK_RR_FACTOR = 1.66;
    static final double DEFAULT_RR_SECONDS = 1.0;
    static final double RELAX_AFTER_SECONDS = 2.5;
    static final double RELAX_PERIOD_SECONDS = 1.0;
    static final double FIDUCIAL_SEARCH_SECONDS = 0.050;
    static final double FIDUCIAL_MARGIN_SECONDS = 0.100;
    static final double MAX_DELAY_SECONDS = 2.5;
    static final double FLAT_TOLERANCE_MV = 1e-6;
    static final double NO_SIGNAL_SECONDS = 1.0;
    static final int CANDIDATE_CAPACITY = 64;

    private final double minimumQrsAmplitudeMv;

    /** Creates a detector that ignores QRS complexes smaller than 0.1 mV. */
    public PanTompkinsDetector() {
        this(0.1);
    }

    /**
     * Creates a detector.
     *
     * @param minimumQrsAmplitudeMv amplitude (mV) of the smallest triangular 100 ms QRS the
     *     detector reports; sets the absolute threshold floor
     */
    public PanTompkinsDetector(double minimumQrsAmplitudeMv) {
        if (!(minimumQrsAmplitudeMv > 0.0)) {
            throw new IllegalArgumentException(
                    "minimumQrsAmplitudeMv must be positive, got " + minimumQrsAmplitudeMv);
        }
        this.minimumQrsAmplitudeMv = minimumQrsAmplitudeMv;
    }

    @Override
    public String name() {
        return "pan-tompkins";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Class<QrsDetectorState> stateClass() {
        return QrsDetectorState.class;
    }

    @Override
    public double maxDelaySeconds() {
        return MAX_DELAY_SECONDS;
    }

    @Override
    public QrsDetectorState createState(double samplingFrequencyHz) {
        if (!(samplingFrequencyHz >= 2.5 * HIGH_CUTOFF_HZ)
                || Double.isInfinite(samplingFrequencyHz)) {
            throw new IllegalArgumentException(
                    "Sampling frequency "
                            + samplingFrequencyHz
                            + " Hz is not supported; the QRS detector needs at least "
                            + 2.5 * HIGH_CUTOFF_HZ
                            + " Hz");
        }
        QrsDetectorState state = new QrsDetectorState();
        state.samplingFrequencyHz = samplingFrequencyHz;

        state.bandPassCoefficients = designBandPass(samplingFrequencyHz);
        state.bandPassDelays = new double[SECTIONS * ButterworthSection.DELAYS];
        state.bandPassDelaySamples =
                ButterworthSection.groupDelaySamples(
                        state.bandPassCoefficients, SECTIONS, 10.0, samplingFrequencyHz);
        state.derivativeHistory = new double[4];
        state.integratorWindow = new double[samples(state, INTEGRATION_SECONDS)];

        int history = samples(state, MAX_DELAY_SECONDS + 0.5);
        state.rawHistory = new float[history];
        state.slopeHistory = new float[history];
        state.rrIntervals = new double[RR_HISTORY];
        state.candidateIndex = new long[CANDIDATE_CAPACITY];
        state.candidateValue = new double[CANDIDATE_CAPACITY];
        state.candidateSlope = new double[CANDIDATE_CAPACITY];
        setReferenceQrsLevels(state);
        state.templates =
                new float
                        [BeatClassifier.TEMPLATES
                                * BeatClassifier.segmentLength(samplingFrequencyHz)];
        state.templateWidth = new double[BeatClassifier.TEMPLATES];
        state.templateUsage = new double[BeatClassifier.TEMPLATES];
        SignalQualityMonitor.initialize(state);
        return state;
    }

    /**
     * Returns whether the input has been constant or missing for at least one second, which no ECG
     * does while electrodes are attached: the detector then reports no beats, and callers should
     * treat the period as no signal rather than as asystole.
     */
    @Override
    public boolean isSignalAbsent(QrsDetectorState state) {
        return state.flatRunSamples >= NO_SIGNAL_SECONDS * state.samplingFrequencyHz;
    }

    @Override
    public long signalAbsentSamples(QrsDetectorState state) {
        return state.flatRunSamples;
    }

    /**
     * Returns whether the detector considers the lead noise-dominated: over the last 5 s the
     * in-band signal-to-noise ratio was below 8, the noise was large enough to hide a QRS of the
     * minimum amplitude, and the reported beats did not keep one shape (see {@code
     * SignalQualityMonitor}). Beats are still reported, but misses and false detections are then
     * likely. A flat or missing lead is reported by {@link #isSignalAbsent} instead.
     */
    @Override
    public boolean isSignalUnreliable(QrsDetectorState state) {
        return state.signalUnreliable;
    }

    /**
     * Returns the sample before the earliest fiducial that a beat still to come could have. Such a
     * beat comes from the pending beat or a peak that replaces it, from a search-back candidate
     * above the absolute threshold floor, from the peak being tracked, or from a peak not yet seen.
     * Candidates at or below the floor never become beats, because the search-back minimum never
     * falls below the floor. Its fiducial lies at most {@link FiducialLocator#earliestFiducial}
     * before its peak. In a pause without candidates the bound trails the last sample by about 0.4
     * s instead of {@link #maxDelaySeconds()}, which lets asystole be confirmed that much sooner.
     */
    @Override
    public long reportedThroughIndex(QrsDetectorState state) {
        if (!state.learned || state.nextSampleIndex < 0) {
            // Peaks of the learning phase are classified all at once when it ends.
            return Long.MIN_VALUE;
        }
        long earliestPeak = state.trackingPeak ? state.peakIndex : state.nextSampleIndex;
        if (state.hasPendingBeat) {
            earliestPeak = Math.min(earliestPeak, state.pendingPeakIndex);
        }
        for (int i = 0; i < state.candidateCount; i++) {
            if (state.candidateValue[i] > state.thresholdFloor) {
                earliestPeak = Math.min(earliestPeak, state.candidateIndex[i]);
            }
        }
        long earliestFiducial = FiducialLocator.earliestFiducial(state, earliestPeak);
        if (state.hasPendingBeat) {
            earliestFiducial = Math.min(earliestFiducial, state.pendingFiducial);
        }
        return earliestFiducial - 1;
    }

    @Override
    public void process(
            QrsDetectorState state,
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            BeatListener listener) {
        if (offset < 0 || count < 0 || offset + count > samples.length) {
            throw new IndexOutOfBoundsException(
                    "Invalid range offset="
                            + offset
                            + " count="
                            + count
                            + " for "
                            + samples.length
                            + " samples");
        }
        if (state.nextSampleIndex >= 0 && firstSampleIndex < state.nextSampleIndex) {
            throw new IllegalArgumentException(
                    "Sample index "
                            + firstSampleIndex
                            + " was already processed (next expected "
                            + state.nextSampleIndex
                            + "); feed each sample once, in order");
        }
        if (state.nextSampleIndex >= 0) {
            // A gap between calls is treated as missing samples so that indices stay aligned.
            for (long n = state.nextSampleIndex; n < firstSampleIndex; n++) {
                step(state, Float.NaN, n, listener);
            }
        }
        for (int i = 0; i < count; i++) {
            step(state, samples[offset + i], firstSampleIndex + i, listener);
        }
        state.nextSampleIndex = firstSampleIndex + count;
    }

    @Override
    public void finish(QrsDetectorState state, BeatListener listener) {
        long now = state.nextSampleIndex - 1;
        if (state.trackingPeak) {
            state.trackingPeak = false;
            PeakClassifier.onPeak(state, state.peakIndex, state.peakValue, now, listener);
        }
        if (!state.learned && state.learningMaximum > 0.0) {
            PeakClassifier.completeLearning(state, now, listener);
        }
        PeakClassifier.reportPendingBeat(state, now, true, listener);
    }

    private void step(QrsDetectorState state, float sample, long n, BeatListener listener) {
        double value = acceptSample(state, sample);

        double integrated = filterAndIntegrate(state, value);

        int at = ring(state, n);
        state.rawHistory[at] = (float) value;
        state.slopeHistory[at] = (float) Math.abs(state.lastDerivative);
        // The newest band-pass output is the first entry of the derivative history.
        SignalQualityMonitor.onSample(state, state.derivativeHistory[0], Float.isFinite(sample), n);

        PeakClassifier.onIntegratedSample(state, integrated, n, listener);
    }

    /**
     * Runs one sample through band-pass, five-point derivative, squaring and moving-window
     * integration; stores the derivative (mV/s) in {@link QrsDetectorState#lastDerivative}.
     */
    private static double filterAndIntegrate(QrsDetectorState state, double value) {
        double bandPass =
                ButterworthSection.filter(
                        state.bandPassCoefficients, state.bandPassDelays, SECTIONS, value);
        double[] h = state.derivativeHistory;
        double derivative =
                (2.0 * bandPass + h[0] - h[2] - 2.0 * h[3]) * state.samplingFrequencyHz / 8.0;
        h[3] = h[2];
        h[2] = h[1];
        h[1] = h[0];
        h[0] = bandPass;
        state.lastDerivative = derivative;
        return integrate(state, derivative * derivative);
    }

    /** Holds the last valid sample over NaN and infinite values and tracks flat runs. */
    private static double acceptSample(QrsDetectorState state, float sample) {
        if (!Float.isFinite(sample)) {
            state.flatRunSamples++;
            return state.hasValidSample ? state.lastValidSample : 0.0;
        }
        if (!state.hasValidSample) {
            // Start the high-pass sections in steady state for this level: no start-up transient.
            for (int s = 0; s < HIGH_PASS_SECTIONS; s++) {
                int c = s * ButterworthSection.COEFFICIENTS;
                int d = s * ButterworthSection.DELAYS;
                state.bandPassDelays[d] = -state.bandPassCoefficients[c] * sample;
                state.bandPassDelays[d + 1] = state.bandPassCoefficients[c + 2] * sample;
            }
            state.hasValidSample = true;
            state.lastValidSample = sample;
            state.flatRunSamples = 0;
            return sample;
        }
        if (Math.abs(sample - state.lastValidSample) < FLAT_TOLERANCE_MV) {
            state.flatRunSamples++;
        } else {
            state.flatRunSamples = 0;
        }
        state.lastValidSample = sample;
        return sample;
    }

    private static double integrate(QrsDetectorState state, double squared) {
        double[] window = state.integratorWindow;
        state.integratorSum += squared - window[state.integratorPosition];
        window[state.integratorPosition] = squared;
        state.integratorPosition++;
        if (state.integratorPosition == window.length) {
            // Re-sum once per window so that rounding errors cannot accumulate.
            state.integratorPosition = 0;
            double sum = 0.0;
            for (double v : window) {
                sum += v;
            }
            state.integratorSum = sum;
        }
        return state.integratorSum / window.length;
    }

    /** Designs the band-pass cascade: high-pass sections first, then low-pass sections. */
    private static double[] designBandPass(double samplingFrequencyHz) {
        double[] coefficients = new double[SECTIONS * ButterworthSection.COEFFICIENTS];
        for (int s = 0; s < SECTIONS; s++) {
            int at = s * ButterworthSection.COEFFICIENTS;
            if (s < HIGH_PASS_SECTIONS) {
                ButterworthSection.designHighPass(
                        LOW_CUTOFF_HZ, samplingFrequencyHz, coefficients, at);
            } else {
                ButterworthSection.designLowPass(
                        HIGH_CUTOFF_HZ, samplingFrequencyHz, coefficients, at);
            }
        }
        return coefficients;
    }

    /**
     * Runs an isolated triangular 100 ms QRS of the minimum amplitude through the filters. Sets the
     * threshold floor to the height of its integrated peak and the signal quality reference to the
     * largest magnitude of its band-pass output (mV).
     */
    private void setReferenceQrsLevels(QrsDetectorState state) {
        double samplingFrequencyHz = state.samplingFrequencyHz;
        QrsDetectorState probe = new QrsDetectorState();
        probe.samplingFrequencyHz = samplingFrequencyHz;
        probe.bandPassCoefficients = designBandPass(samplingFrequencyHz);
        probe.bandPassDelays = new double[SECTIONS * ButterworthSection.DELAYS];
        probe.derivativeHistory = new double[4];
        probe.integratorWindow = new double[samples(probe, INTEGRATION_SECONDS)];

        double halfWidth = 0.050 * samplingFrequencyHz;
        int length = samples(probe, 1.0);
        double maximum = 0.0;
        double bandPassMaximum = 0.0;
        for (int i = 0; i < length; i++) {
            double t = i - length / 4.0;
            double x = Math.max(0.0, minimumQrsAmplitudeMv * (1.0 - Math.abs(t) / halfWidth));
            maximum = Math.max(maximum, filterAndIntegrate(probe, x));
            bandPassMaximum = Math.max(bandPassMaximum, Math.abs(probe.derivativeHistory[0]));
        }
        state.thresholdFloor = maximum;
        state.qualityReferenceBandPassMv = bandPassMaximum;
    }

    static int samples(QrsDetectorState state, double seconds) {
        return Math.max(1, (int) Math.round(seconds * state.samplingFrequencyHz));
    }

    static int ring(QrsDetectorState state, long n) {
        return (int) Math.floorMod(n, (long) state.rawHistory.length);
    }
}
