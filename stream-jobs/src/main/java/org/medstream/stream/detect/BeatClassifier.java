package org.medstream.stream.detect;

/**
 * Labels each detected beat normal ({@code N}) or ventricular ({@code V}) by QRS morphology.
 *
 * <p>The input around the R peak (80 ms before to 120 ms after) is compared by correlation with up
 * to two running-average templates. A beat that correlates at least {@code MATCH_CORRELATION} with
 * a template updates it; otherwise it replaces the less used template. Among the templates in
 * regular use, the one with the narrowest QRS is taken as the normally conducted beat, since
 * ventricular activation spreads outside the conduction system and widens the QRS. A beat is {@code
 * V} when it matches another template whose QRS is at least {@code WIDTH_RATIO} times as wide and
 * it is premature (RR interval below {@code PREMATURE_RR_FRACTION} of the mean) or at least {@code
 * WIDE_WIDTH_RATIO} times as wide; every other beat is {@code N}.
 *
 * <p>NOTE: the classifier outputs only N and V. Supraventricular, fusion and paced beats come out
 * as N or V, so SVEB statistics from its labels are meaningless.
 */
final class BeatClassifier {
    static final double SEGMENT_BEFORE_SECONDS = 0.080;
    static final double SEGMENT_AFTER_SECONDS = 0.120;
    static final int TEMPLATES = 2;

    static final double MATCH_CORRELATION = 0.85;
    private static final double WIDTH_RATIO = 1.25;
    private static final double WIDE_WIDTH_RATIO = 1.5;
    private static final double PREMATURE_RR_FRACTION = 0.9;
    private static final double TEMPLATE_UPDATE = 0.125;
    private static final double USAGE_DECAY = 0.98;
    private static final double REGULAR_USE = 0.3;
    private static final double BASELINE_SECONDS = 0.020;

    private BeatClassifier() {}

    static int segmentLength(double samplingFrequencyHz) {
        return (int)
                        Math.round(
                                (SEGMENT_BEFORE_SECONDS + SEGMENT_AFTER_SECONDS)
                                        * samplingFrequencyHz)
                + 1;
    }

    /**
     * Classifies the beat with R peak {@code fiducial}, with input samples available up to {@code
     * n}; {@code previousFiducial} is the R peak before it ({@link Long#MIN_VALUE} for the first
     * beat) and {@code meanRrSamples} the current mean RR interval.
     */
    static char classify(
            QrsDetectorState state,
            long fiducial,
            long previousFiducial,
            double meanRrSamples,
            long n) {
        double[] segment = extract(state, fiducial, n);
        double width = equivalentWidth(segment, state.samplingFrequencyHz);

        int matched = -1;
        double best = MATCH_CORRELATION;
        double highest = -1.0;
        for (int t = 0; t < state.templateCount; t++) {
            double correlation = correlation(segment, state.templates, t * segment.length);
            highest = Math.max(highest, correlation);
            if (correlation >= best) {
                best = correlation;
                matched = t;
            }
        }
        SignalQualityMonitor.onBeat(state, fiducial, highest);

        if (matched >= 0) {
            int at = matched * segment.length;
            for (int i = 0; i < segment.length; i++) {
                state.templates[at + i] +=
                        (float) (TEMPLATE_UPDATE * (segment[i] - state.templates[at + i]));
            }
            state.templateWidth[matched] +=
                    TEMPLATE_UPDATE * (width - state.templateWidth[matched]);
        } else {
            matched = state.templateCount < TEMPLATES ? state.templateCount++ : leastUsed(state);
            int at = matched * segment.length;
            for (int i = 0; i < segment.length; i++) {
                state.templates[at + i] = (float) segment[i];
            }
            state.templateWidth[matched] = width;
            state.templateUsage[matched] = 0.0;
        }
        for (int t = 0; t < state.templateCount; t++) {
            state.templateUsage[t] *= USAGE_DECAY;
        }
        state.templateUsage[matched] += 1.0;

        int normal = narrowestRegular(state);
        double ratio = state.templateWidth[matched] / state.templateWidth[normal];
        boolean premature =
                previousFiducial != Long.MIN_VALUE
                        && fiducial - previousFiducial < PREMATURE_RR_FRACTION * meanRrSamples;
        boolean ventricular =
                matched != normal
                        && ratio >= WIDTH_RATIO
                        && (premature || ratio >= WIDE_WIDTH_RATIO);
        return ventricular ? 'V' : 'N';
    }

    /** Returns the largest correlation of the segment around {@code fiducial} with a template. */
    static double bestCorrelation(QrsDetectorState state, long fiducial, long n) {
        double[] segment = extract(state, fiducial, n);
        double best = -1.0;
        for (int t = 0; t < state.templateCount; t++) {
            best = Math.max(best, correlation(segment, state.templates, t * segment.length));
        }
        return best;
    }

    private static double[] extract(QrsDetectorState state, long fiducial, long n) {
        int length = segmentLength(state.samplingFrequencyHz);
        long start = fiducial - Math.round(SEGMENT_BEFORE_SECONDS * state.samplingFrequencyHz);
        long oldest = Math.max(0, n - state.rawHistory.length + 1);
        double[] segment = new double[length];
        for (int i = 0; i < length; i++) {
            long index = Math.min(Math.max(start + i, oldest), n);
            segment[i] = state.rawHistory[PanTompkinsDetector.ring(state, index)];
        }
        return segment;
    }

    /**
     * Returns the QRS area over its peak deviation from the baseline before the Q wave (seconds):
     * close to the duration of the complex and robust to its amplitude.
     */
    private static double equivalentWidth(double[] segment, double samplingFrequencyHz) {
        int baselineSamples = Math.max(1, (int) Math.round(BASELINE_SECONDS * samplingFrequencyHz));
        double baseline = 0.0;
        for (int i = 0; i < baselineSamples; i++) {
            baseline += segment[i];
        }
        baseline /= baselineSamples;

        double area = 0.0;
        double peak = 0.0;
        for (double value : segment) {
            double deviation = Math.abs(value - baseline);
            area += deviation;
            peak = Math.max(peak, deviation);
        }
        return peak > 0.0 ? area / peak / samplingFrequencyHz : 0.0;
    }

    private static double correlation(double[] segment, float[] templates, int at) {
        int length = segment.length;
        double meanSegment = 0.0;
        double meanTemplate = 0.0;
        for (int i = 0; i < length; i++) {
            meanSegment += segment[i];
            meanTemplate += templates[at + i];
        }
        meanSegment /= length;
        meanTemplate /= length;

        double product = 0.0;
        double segmentPower = 0.0;
        double templatePower = 0.0;
        for (int i = 0; i < length; i++) {
            double a = segment[i] - meanSegment;
            double b = templates[at + i] - meanTemplate;
            product += a * b;
            segmentPower += a * a;
            templatePower += b * b;
        }
        double norm = Math.sqrt(segmentPower * templatePower);
        return norm > 0.0 ? product / norm : 0.0;
    }

    private static int leastUsed(QrsDetectorState state) {
        int least = 0;
        for (int t = 1; t < state.templateCount; t++) {
            if (state.templateUsage[t] < state.templateUsage[least]) {
                least = t;
            }
        }
        return least;
    }

    /**
     * Returns the narrowest template among those used at least {@code REGULAR_USE} times as often
     * as the most used one.
     */
    private static int narrowestRegular(QrsDetectorState state) {
        double maxUsage = 0.0;
        for (int t = 0; t < state.templateCount; t++) {
            maxUsage = Math.max(maxUsage, state.templateUsage[t]);
        }
        int narrowest = -1;
        for (int t = 0; t < state.templateCount; t++) {
            boolean regular = state.templateUsage[t] >= REGULAR_USE * maxUsage;
            if (regular
                    && (narrowest < 0 || state.templateWidth[t] < state.templateWidth[narrowest])) {
                narrowest = t;
            }
        }
        return narrowest;
    }
}
