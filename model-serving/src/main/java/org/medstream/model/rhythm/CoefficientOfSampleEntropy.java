package org.medstream.model.rhythm;

/**
 * The coefficient of sample entropy (COSEn) of a short RR interval series, after Lake and Moorman,
 * "Accurate estimation of entropy in very short physiological time series: the problem of atrial
 * fibrillation detection in implanted ventricular devices", Am J Physiol Heart Circ Physiol
 * 300(1):H319–H325, 2011 (doi:10.1152/ajpheart.00561.2010).
 *
 * <p>Sample entropy with template length m = 1 is {@code -ln(A / B)}: B counts the pairs of
 * intervals that match within the tolerance r, and A the pairs among them whose next intervals
 * match too. Dividing the match probability by the width of the matching region, 2r, turns it into
 * a density, and subtracting the log of the mean interval removes the rate:
 *
 * <pre>COSEn = -ln(A / B) + ln(2r) - ln(mean RR)</pre>
 *
 * <p>r and the mean RR are in the same unit, so the result does not depend on it. As Lake and
 * Moorman propose for very short series, r grows from its start value (doubling) until at least
 * {@link #MIN_MATCHES} pairs of length 2 match, so that the estimate rests on enough matches. An
 * irregular series (atrial fibrillation) has few matches and a high COSEn, a regular one a low
 * COSEn.
 */
public final class CoefficientOfSampleEntropy {
    /** Pairs of length 2 that must match before the estimate is accepted. */
    public static final int MIN_MATCHES = 5;

    /** Doublings of r at most, so r never exceeds 16 times its start value. */
    static final int MAX_DOUBLINGS = 4;

    private CoefficientOfSampleEntropy() {}

    /**
     * Returns the COSEn of {@code count} RR intervals read from the ring buffer {@code rrMillis},
     * oldest first at {@code start}, or NaN when the series has fewer than 4 intervals.
     *
     * @param toleranceMillis the start value of r in milliseconds
     */
    public static double of(double[] rrMillis, int start, int count, double toleranceMillis) {
        if (count < 4) {
            return Double.NaN;
        }
        double[] series = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            series[i] = rrMillis[(start + i) % rrMillis.length];
            sum += series[i];
        }
        double meanMillis = sum / count;

        double r = toleranceMillis;
        long[] matches = matches(series, r);
        for (int doubling = 0; doubling < MAX_DOUBLINGS && matches[1] < MIN_MATCHES; doubling++) {
            r *= 2;
            matches = matches(series, r);
        }
        // No pair of length 2 matches even at the widest tolerance: the series is as irregular as
        // this window can show, so one match is assumed, which bounds the entropy from below.
        double a = Math.max(matches[1], 1);
        double b = Math.max(matches[0], a);
        return -Math.log(a / b) + Math.log(2 * r) - Math.log(meanMillis);
    }

    /**
     * Returns {B, A}: pairs of templates of length 1 within {@code r}, and those whose next
     * intervals are also within {@code r}. Both count over the first {@code n - 1} intervals, so
     * each template of length 1 has a successor, as sample entropy defines them.
     */
    private static long[] matches(double[] series, double r) {
        long b = 0;
        long a = 0;
        int templates = series.length - 1;
        for (int i = 0; i < templates; i++) {
            for (int j = i + 1; j < templates; j++) {
                if (Math.abs(series[i] - series[j]) <= r) {
                    b++;
                    if (Math.abs(series[i + 1] - series[j + 1]) <= r) {
                        a++;
                    }
                }
            }
        }
        return new long[] {b, a};
    }
}
