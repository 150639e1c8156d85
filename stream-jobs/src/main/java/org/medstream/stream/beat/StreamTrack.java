package org.medstream.stream.beat;

import org.medstream.stream.alarm.AlertEpisode;

/**
 * Per-stream bookkeeping of the beat detection operator, next to the detector's own state. A Flink
 * POJO (public no-argument constructor, public primitive fields) so no fallback serializer runs.
 */
public class StreamTrack {
    public double samplingFrequencyHz;
    public long streamStartMicros;
    public int leadChannel;

    /** Index of the sample the next chunk should start with. */
    public long nextSampleIndex;

    /** Highest index through which the detector has reported every beat. */
    public long detectedThroughIndex;

    /** Last reported beat, or -1 when none since the stream start or the last reset. */
    public long lastBeatIndex;

    /** The most recent RR intervals in samples, oldest overwritten first. */
    public long[] recentRrSamples;

    public int recentRrCount;
    public int recentRrNext;

    /** Processing time of the last chunk, for the inactivity cleanup timer. */
    public long lastActivityMillis;

    /** Processing time of the registered cleanup timer, or -1 when none is registered. */
    public long cleanupTimerMillis;

    /** Processing time of the registered no-data timer, or -1 when none is registered. */
    public long noDataTimerMillis;

    /** Whether the current silence has already raised its {@code NO_DATA} alert. */
    public boolean noDataRaised;

    /** The open {@code NO_DATA} alert, from its START until the next chunk. */
    public AlertEpisode noData = new AlertEpisode();

    /** Care unit of the patient context of the stream's last chunk; null when it had none. */
    public String patientCareUnit;

    public StreamTrack() {}

    /**
     * Returns {@code track} with its {@code NO_DATA} alert set, or null for null. State written
     * before alerts had phases restores that field as null.
     */
    public static StreamTrack restored(StreamTrack track) {
        if (track != null && track.noData == null) {
            track.noData = new AlertEpisode();
        }
        return track;
    }

    /** Forgets beats and RR history, as after a gap in the signal. */
    public void resetBeats(int heartRateBeats) {
        lastBeatIndex = -1;
        recentRrSamples = new long[heartRateBeats];
        recentRrCount = 0;
        recentRrNext = 0;
    }

    /** Records an RR interval and returns the mean over the most recent ones, in samples. */
    public double addRrInterval(long rrSamples) {
        recentRrSamples[recentRrNext] = rrSamples;
        recentRrNext = (recentRrNext + 1) % recentRrSamples.length;
        recentRrCount = Math.min(recentRrCount + 1, recentRrSamples.length);

        long sum = 0;
        for (int i = 0; i < recentRrCount; i++) {
            sum += recentRrSamples[i];
        }
        return (double) sum / recentRrCount;
    }
}
