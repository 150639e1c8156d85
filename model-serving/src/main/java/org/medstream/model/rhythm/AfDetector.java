package org.medstream.model.rhythm;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * A streaming atrial fibrillation detector on RR intervals. It keeps the last {@code
 * windowIntervals} accepted RR intervals of a stream in a {@link RrIrregularityState} and, at each
 * beat, calls the window atrial fibrillation when its coefficient of sample entropy ({@link
 * CoefficientOfSampleEntropy}, Lake and Moorman 2011) is above {@code cosenThreshold} and its root
 * mean square of successive differences, divided by the mean interval, is above {@code
 * rmssdThreshold}. COSEn measures how unpredictable the intervals are; the RMSSD limit keeps small,
 * unpredictable variations of a fast regular rhythm from counting. Memory and work per beat are
 * fixed by the window, whatever the stream's length.
 *
 * <p>Ectopic beats must not make a regular rhythm look irregular, so intervals next to them are
 * left out of the window:
 *
 * <ul>
 *   <li>by class: a beat whose class is not a normally conducted one ({@code N}, {@code L}, {@code
 *       R}, {@code e}, {@code j}), such as {@code V}, {@code S}, {@code F} or {@code Q}, drops the
 *       interval that ends at it (its coupling interval) and the one that starts at it (the pause
 *       after it);
 *   <li>by timing, for detectors that do not class supraventricular beats (the classic detector
 *       labels N or V): an interval more than {@link #PREMATURE_FRACTION} shorter than the median
 *       of the last {@link #REFERENCE_INTERVALS} accepted intervals, after an accepted interval
 *       within that fraction of the median, is held back. When the next interval is more than
 *       {@link #PAUSE_FRACTION} longer than the median, the pair is the premature beat and its
 *       compensatory pause, and both are dropped. Otherwise the held interval is accepted. In
 *       atrial fibrillation an accepted interval is rarely close to the median, so few intervals
 *       are dropped there;
 *   <li>intervals shorter than {@link #MIN_RR_MILLIS} or longer than {@link #MAX_RR_MILLIS} are
 *       extra or missed detections, or a pause, and are dropped.
 * </ul>
 *
 * <p>When more than {@link #MAX_ECTOPIC_BEATS} of the last {@code windowIntervals} beats are
 * classed ectopic, the detector makes no decision ({@link AfDecision#evaluated()} false).
 *
 * <p>The idea of filtering ectopic beats before an irregularity measure on a short window follows
 * Petrėnas, Marozas and Sörnmo, "Low-complexity detection of atrial fibrillation in continuous
 * long-term monitoring", Comput Biol Med 65:184–191, 2015; the rules above are this class's own.
 *
 * <p>NOTE: the thresholds were tuned on the odd-numbered clips of the PhysioNet/CinC Challenge 2017
 * subset (single-lead recordings of 9 to 60 s) and the ectopic-beat limit on bundled MIT-BIH
 * records, with beats from the classic detector. Sinus rhythm with frequent ventricular ectopy that
 * the beat detector does not class still looks irregular (MIT-BIH records 106, 108 and 208).
 */
public final class AfDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Relative shortening that makes an interval premature. */
    public static final double PREMATURE_FRACTION = 0.15;

    /** Relative lengthening that makes the interval after a premature one a compensatory pause. */
    public static final double PAUSE_FRACTION = 0.15;

    /** Accepted intervals whose median is the reference for the premature pattern. */
    public static final int REFERENCE_INTERVALS = 5;

    /**
     * Beats classed ectopic, among the last {@code windowIntervals} beats, above which the detector
     * makes no decision. Frequent ectopy that the beat detector classes means more that it does not
     * class (the classic detector finds about 78 % of ventricular beats), and those make a regular
     * rhythm look irregular.
     */
    public static final int MAX_ECTOPIC_BEATS = 1;

    /** Minimum interval taken as a real one, 240 bpm. */
    public static final double MIN_RR_MILLIS = 250;

    /** Maximum interval taken as a real one, 30 bpm; a longer one is a pause or a missed beat. */
    public static final double MAX_RR_MILLIS = 2000;

    private final int windowIntervals;
    private final int minIntervals;
    private final double toleranceMillis;
    private final double cosenThreshold;
    private final double rmssdThreshold;

    /**
     * @param windowIntervals accepted RR intervals in the window, at least 4
     * @param minIntervals accepted intervals needed before the first decision, 4 to {@code
     *     windowIntervals}
     * @param toleranceMillis the start value of the sample entropy tolerance r in milliseconds
     * @param cosenThreshold COSEn above which the window is atrial fibrillation
     * @param rmssdThreshold normalised RMSSD that the window must also exceed, 0 for no limit
     */
    public AfDetector(
            int windowIntervals,
            int minIntervals,
            double toleranceMillis,
            double cosenThreshold,
            double rmssdThreshold) {
        if (windowIntervals < 4
                || windowIntervals > 63
                || minIntervals < 4
                || minIntervals > windowIntervals) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "Invalid AF detector window: windowIntervals=%d minIntervals=%d;"
                                    + " expected 4 <= minIntervals <= windowIntervals <= 63",
                            windowIntervals,
                            minIntervals));
        }
        if (!(toleranceMillis > 0) || Double.isInfinite(toleranceMillis)) {
            throw new IllegalArgumentException(
                    "Invalid AF detector tolerance " + toleranceMillis + " ms: expected > 0");
        }
        if (!Double.isFinite(cosenThreshold)) {
            throw new IllegalArgumentException(
                    "Invalid AF detector COSEn threshold " + cosenThreshold + ": expected finite");
        }
        this.windowIntervals = windowIntervals;
        this.minIntervals = minIntervals;
        this.toleranceMillis = toleranceMillis;
        if (!(rmssdThreshold >= 0) || Double.isInfinite(rmssdThreshold)) {
            throw new IllegalArgumentException(
                    "Invalid AF detector RMSSD threshold " + rmssdThreshold + ": expected >= 0");
        }
        this.cosenThreshold = cosenThreshold;
        this.rmssdThreshold = rmssdThreshold;
    }

    /**
     * Returns a window of 16 intervals with 12 to decide, r from 30 ms and thresholds -1.7 and
     * 0.08.
     */
    public static AfDetector defaults() {
        return withThresholds(DEFAULT_COSEN_THRESHOLD, DEFAULT_RMSSD_THRESHOLD);
    }

    /** Default COSEn threshold. */
    public static final double DEFAULT_COSEN_THRESHOLD = -1.7;

    /** Default normalised RMSSD threshold. */
    public static final double DEFAULT_RMSSD_THRESHOLD = 0.08;

    /** Returns the default detector with other thresholds. */
    public static AfDetector withThresholds(double cosenThreshold, double rmssdThreshold) {
        return new AfDetector(16, 12, 30, cosenThreshold, rmssdThreshold);
    }

    public int windowIntervals() {
        return windowIntervals;
    }

    public double cosenThreshold() {
        return cosenThreshold;
    }

    public double rmssdThreshold() {
        return rmssdThreshold;
    }

    /** Creates the state of a new stream. */
    public RrIrregularityState createState() {
        RrIrregularityState state = new RrIrregularityState();
        state.rrMillis = new double[windowIntervals];
        return state;
    }

    /**
     * Adds one beat and returns the decision over the window after it. Beats arrive in increasing
     * sample order; a beat at or before the last one restarts the interval chain at it.
     *
     * @param beatIndex the beat's sample index
     * @param beatClass the detector's class of the beat ({@code N}, {@code S}, {@code V}, …)
     * @param samplingFrequencyHz the stream's sampling frequency
     */
    public AfDecision onBeat(
            RrIrregularityState state, long beatIndex, char beatClass, double samplingFrequencyHz) {
        if (state.rrMillis == null || state.rrMillis.length != windowIntervals) {
            state.rrMillis = new double[windowIntervals];
            state.start = 0;
            state.count = 0;
        }
        boolean ectopic = !isNormallyConducted(beatClass);
        long previousIndex = state.lastBeatIndex;
        boolean previousEctopic = state.lastBeatEctopic;
        state.lastBeatIndex = beatIndex;
        state.lastBeatEctopic = ectopic;
        state.ectopicBeats = (state.ectopicBeats << 1) | (ectopic ? 1 : 0);
        if (previousIndex < 0 || beatIndex <= previousIndex) {
            state.pendingMillis = 0;
            return decide(state);
        }

        double rrMillis = (beatIndex - previousIndex) * 1000.0 / samplingFrequencyHz;
        if (rrMillis < MIN_RR_MILLIS || rrMillis > MAX_RR_MILLIS) {
            releasePending(state);
            state.skippedIntervals++;
        } else if (ectopic || previousEctopic) {
            releasePending(state);
            state.skippedIntervals++;
        } else if (state.pendingMillis > 0) {
            double reference = referenceMillis(state);
            if (rrMillis > (1 + PAUSE_FRACTION) * reference) {
                state.pendingMillis = 0;
                state.skippedIntervals += 2;
            } else {
                releasePending(state);
                accept(state, rrMillis);
            }
        } else if (isPrematureAfterRegular(state, rrMillis)) {
            state.pendingMillis = rrMillis;
        } else {
            accept(state, rrMillis);
        }
        return decide(state);
    }

    /** Returns the decision over the intervals accepted so far, without adding a beat. */
    public AfDecision decide(RrIrregularityState state) {
        if (state.rrMillis == null || state.count < minIntervals) {
            return AfDecision.NOT_EVALUATED;
        }
        long windowMask = (1L << windowIntervals) - 1;
        if (Long.bitCount(state.ectopicBeats & windowMask) > MAX_ECTOPIC_BEATS) {
            return AfDecision.NOT_EVALUATED;
        }
        double cosen =
                CoefficientOfSampleEntropy.of(
                        state.rrMillis, state.start, state.count, toleranceMillis);
        double sum = 0;
        double squaredDifferences = 0;
        double previous = Double.NaN;
        for (int i = 0; i < state.count; i++) {
            double rr = state.rrMillis[(state.start + i) % state.rrMillis.length];
            sum += rr;
            if (i > 0) {
                squaredDifferences += (rr - previous) * (rr - previous);
            }
            previous = rr;
        }
        double meanMillis = sum / state.count;
        double rmssd = Math.sqrt(squaredDifferences / (state.count - 1));
        double normalisedRmssd = rmssd / meanMillis;
        boolean irregular = cosen > cosenThreshold && normalisedRmssd > rmssdThreshold;
        return new AfDecision(true, irregular, cosen, normalisedRmssd, meanMillis);
    }

    /** Whether a beat of this class is conducted from the atria along the normal pathway. */
    static boolean isNormallyConducted(char beatClass) {
        return switch (beatClass) {
            case 'N', 'L', 'R', 'e', 'j' -> true;
            default -> false;
        };
    }

    private boolean isPrematureAfterRegular(RrIrregularityState state, double rrMillis) {
        if (state.count < REFERENCE_INTERVALS) {
            return false;
        }
        double reference = referenceMillis(state);
        double lastAccepted =
                state.rrMillis[(state.start + state.count - 1) % state.rrMillis.length];
        boolean lastRegular = Math.abs(lastAccepted - reference) <= PREMATURE_FRACTION * reference;
        return lastRegular && rrMillis < (1 - PREMATURE_FRACTION) * reference;
    }

    private static double referenceMillis(RrIrregularityState state) {
        int n = Math.min(REFERENCE_INTERVALS, state.count);
        if (n == 0) {
            return Double.NaN;
        }
        double[] recent = new double[n];
        for (int i = 0; i < n; i++) {
            int position = state.start + state.count - n + i;
            recent[i] = state.rrMillis[position % state.rrMillis.length];
        }
        Arrays.sort(recent);
        return n % 2 == 1 ? recent[n / 2] : (recent[n / 2 - 1] + recent[n / 2]) / 2;
    }

    private static void releasePending(RrIrregularityState state) {
        if (state.pendingMillis > 0) {
            accept(state, state.pendingMillis);
            state.pendingMillis = 0;
        }
    }

    private static void accept(RrIrregularityState state, double rrMillis) {
        int capacity = state.rrMillis.length;
        if (state.count < capacity) {
            state.rrMillis[(state.start + state.count) % capacity] = rrMillis;
            state.count++;
        } else {
            state.rrMillis[state.start] = rrMillis;
            state.start = (state.start + 1) % capacity;
        }
        state.acceptedIntervals++;
    }
}
