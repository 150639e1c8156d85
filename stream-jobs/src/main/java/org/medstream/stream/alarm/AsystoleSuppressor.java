package org.medstream.stream.alarm;

/**
 * Decides whether an asystole that the stream's primary ECG lead confirms is contradicted by
 * another ECG lead of the same stream. A pause on one lead while another lead shows QRS complexes
 * at a plausible rate is a detection failure on that lead (noise, a low-amplitude axis, amplifier
 * recovery after an artefact), not a cardiac standstill.
 *
 * <p>The rule is conservative, because a missed true asystole is far worse than a false one: it
 * holds an alarm back only on positive evidence of heart activity, at least {@link #MIN_BEATS}
 * beats of the other lead inside the asystole window at a mean rate between {@link #MIN_BPM} and
 * {@link #MAX_BPM}. Bursts of noise that a detector reads as beats come faster than that, and a
 * flat, noisy or missing second lead gives no beats, so in both cases the alarm is raised as
 * without the suppressor. A held-back window restarts the asystole clock at the last beat of the
 * other lead, so a pause that follows on both leads still raises asystole after {@code
 * asystoleSeconds}.
 */
public final class AsystoleSuppressor {
    /** Beats of the other lead needed inside the window. */
    public static final int MIN_BEATS = 2;

    /** Lowest mean rate of those beats that counts as heart activity. */
    public static final double MIN_BPM = 20.0;

    /** Highest mean rate of those beats that counts as heart activity and not as noise. */
    public static final double MAX_BPM = 250.0;

    private AsystoleSuppressor() {}

    /**
     * Returns the last beat of {@code beats} in {@code (windowStart, windowEnd]} when the beats
     * there show heart activity, else -1.
     */
    public static long lastConfirmingBeat(
            OtherLeadBeats beats, long windowStart, long windowEnd, double samplingFrequencyHz) {
        long last = -1;
        long first = -1;
        int inWindow = 0;
        for (int age = 0; age < beats.count; age++) {
            long index = beats.fromLast(age);
            if (index <= windowStart) {
                break;
            }
            if (index > windowEnd) {
                continue;
            }
            if (last < 0) {
                last = index;
            }
            first = index;
            inWindow++;
        }
        if (inWindow < MIN_BEATS) {
            return -1;
        }
        double meanRrSeconds = (last - first) / samplingFrequencyHz / (inWindow - 1);
        double meanBpm = 60.0 / meanRrSeconds;
        return meanBpm >= MIN_BPM && meanBpm <= MAX_BPM ? last : -1;
    }
}
