package org.medstream.stream.detect;

/**
 * Everything that changes while one stream runs through a {@link PanTompkinsDetector}: filter
 * delays, ring buffers of recent samples, adaptive levels, RR history and the search-back
 * candidates. A Flink POJO (public no-argument constructor, public fields of primitive and
 * primitive-array types) so that keyed state checkpoints it with Flink's POJO serializer.
 *
 * <p>Ring buffers are indexed by stream sample index modulo their length. Fields are public for
 * Flink; only {@link PanTompkinsDetector} writes them.
 */
public class QrsDetectorState {
    /** Sampling frequency of the stream (Hz). */
    public double samplingFrequencyHz;

    /** Stream sample index expected by the next {@code process} call; -1 before the first one. */
    public long nextSampleIndex = -1;

    /** Last valid input sample (mV), held over missing (NaN) samples. */
    public double lastValidSample;

    /** Whether {@link #lastValidSample} holds a real sample yet. */
    public boolean hasValidSample;

    /** Length of the current run of (nearly) constant or missing input samples. */
    public long flatRunSamples;

    /** Band-pass cascade coefficients, 5 per section (see {@link ButterworthSection}). */
    public double[] bandPassCoefficients;

    /** Band-pass cascade delay elements, 2 per section. */
    public double[] bandPassDelays;

    /** Group delay of the band-pass filter at 10 Hz (samples). */
    public double bandPassDelaySamples;

    /** Last four band-pass outputs, newest first, for the five-point derivative. */
    public double[] derivativeHistory;

    /** Five-point derivative of the latest band-pass output (mV/s). */
    public double lastDerivative;

    /** Squared derivative over the moving-integration window. */
    public double[] integratorWindow;

    public int integratorPosition;

    public double integratorSum;

    /** Previous moving-integration output, to detect rising edges. */
    public double previousIntegrated;

    /** Raw (NaN-held) input ring (mV). */
    public float[] rawHistory;

    /** Absolute derivative ring (mV/s). */
    public float[] slopeHistory;

    /** Whether the peak finder is following a rising edge of the integrated signal. */
    public boolean trackingPeak;

    public double peakValue;

    public long peakIndex;

    /** Maximum integrated value during the learning phase. */
    public double learningMaximum;

    public double learningSum;

    /** Samples with non-zero integrated energy seen during the learning phase. */
    public long learningSamples;

    /** Whether the learning phase is over and the levels below are valid. */
    public boolean learned;

    /** Running estimate of QRS peak height in the integrated signal (SPKI in Pan–Tompkins). */
    public double signalLevel;

    /** Running estimate of noise peak height in the integrated signal (NPKI in Pan–Tompkins). */
    public double noiseLevel;

    /** Integrated value that a QRS of {@code minimumQrsAmplitude} mV produces; threshold floor. */
    public double thresholdFloor;

    /** Most recent RR intervals (samples), ring of {@link PanTompkinsDetector#RR_HISTORY}. */
    public double[] rrIntervals;

    public int rrCount;

    public int rrPosition;

    public boolean hasQrs;

    /** Integrated-signal peak index of the last QRS. */
    public long lastQrsPeakIndex;

    /** Fiducial (R peak) sample index of the last reported QRS. */
    public long lastQrsFiducial = Long.MIN_VALUE;

    /** Maximum absolute slope of the last QRS (mV/s), for T-wave discrimination. */
    public double lastQrsSlope;

    /** Sample index at which the threshold was last relaxed during a pause without beats. */
    public long lastRelaxIndex;

    /** Search-back candidates (noise peaks since the last QRS): integrated-peak index. */
    public long[] candidateIndex;

    public double[] candidateValue;

    public double[] candidateSlope;

    public int candidateCount;

    /** Whether a candidate was added since the last search-back pass. */
    public boolean candidatesChanged;

    /** Whether a QRS was accepted but not yet reported, because a larger peak may replace it. */
    public boolean hasPendingBeat;

    /** Whether accepting the pending beat added an RR interval to {@link #rrIntervals}. */
    public boolean pendingHasRr;

    public long pendingPeakIndex;

    public double pendingValue;

    /** Maximum absolute slope of the pending beat (mV/s). */
    public double pendingSlope;

    public long pendingFiducial;

    /** Beat templates of {@link BeatClassifier}, one input segment (mV) after the other. */
    public float[] templates;

    /** Number of templates in use. */
    public int templateCount;

    /** QRS equivalent width of each template (seconds). */
    public double[] templateWidth;

    /** Decaying count of the beats that matched each template. */
    public double[] templateUsage;

    /**
     * Band-pass magnitudes (mV) of the current signal quality block; see {@link
     * SignalQualityMonitor}.
     */
    public float[] qualityBlock;

    /** Samples of the current block, including missing ones. */
    public int qualityBlockSamples;

    /** Valid samples stored in {@link #qualityBlock}. */
    public int qualityBlockValid;

    /** Peak band-pass magnitude (mV) of the current block. */
    public double qualityBlockPeak;

    /** Peak band-pass magnitude (mV) of each of the last blocks, ring. */
    public double[] qualityBlockPeaks;

    /** Median band-pass magnitude (mV) of each of the last blocks, ring. */
    public double[] qualityBlockMedians;

    /** Ring position of the next completed block. */
    public int qualityBlockPosition;

    /** Number of completed blocks in the rings, up to their length. */
    public int qualityBlockCount;

    /** Signal-to-noise ratio of the last complete window; NaN before one. */
    public double qualitySignalToNoise;

    /** Band-pass output peak (mV) of a QRS of {@code minimumQrsAmplitude} mV. */
    public double qualityReferenceBandPassMv;

    /** Running mean of the reported beats' largest correlation with a beat template. */
    public double qualityMorphology;

    /** Fiducial sample index of the last reported beat seen by the signal quality monitor. */
    public long qualityLastBeat;

    /** Sample index at which the lead was last marked unreliable. */
    public long qualityLastUnreliable;

    /** Whether the last complete window marked the lead noise-dominated. */
    public boolean signalUnreliable;

    public QrsDetectorState() {}
}
