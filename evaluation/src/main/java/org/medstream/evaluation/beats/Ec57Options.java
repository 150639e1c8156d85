package org.medstream.evaluation.beats;

/**
 * Settings of an EC57 beat-by-beat comparison, with the defaults of WFDB's {@code bxb}.
 *
 * @param fromSeconds start of scoring; annotations before it (the learning period) are matched but
 *     not counted. EC57 uses 300 s; 0 scores the whole record
 * @param toSeconds end of scoring (exclusive), or infinity for the end of the record
 * @param matchWindowSeconds largest distance between a reference and a test beat that still match
 */
public record Ec57Options(double fromSeconds, double toSeconds, double matchWindowSeconds) {
    /** 5 min learning period, whole record, ±150 ms match window. */
    public static final Ec57Options DEFAULT =
            new Ec57Options(300.0, Double.POSITIVE_INFINITY, 0.150);

    public Ec57Options {
        if (!(fromSeconds >= 0.0) || !(toSeconds > fromSeconds)) {
            throw new IllegalArgumentException(
                    "Scoring interval ["
                            + fromSeconds
                            + ", "
                            + toSeconds
                            + ") s is empty or negative; use 0 <= from < to");
        }
        if (!(matchWindowSeconds > 0.0)) {
            throw new IllegalArgumentException(
                    "Match window must be positive, got " + matchWindowSeconds + " s");
        }
    }

    public Ec57Options withFrom(double seconds) {
        return new Ec57Options(seconds, toSeconds, matchWindowSeconds);
    }

    public Ec57Options withTo(double seconds) {
        return new Ec57Options(fromSeconds, seconds, matchWindowSeconds);
    }
}
