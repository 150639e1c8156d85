package org.medstream.infra.scenario;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * The first frames of a real recording in which every channel is missing ({@link
 * Recording#INVALID_SAMPLE}) during {@code [fromSeconds, toSeconds)}, as when the electrodes come
 * off and the monitor reports no signal.
 */
final class DetachedLeadRecording implements Recording {
    private final Recording source;
    private final String name;
    private final int frameCount;
    private final int[][] digital;

    /**
     * @throws IllegalArgumentException if the source lacks ADC values or the stretch does not fit
     */
    DetachedLeadRecording(
            Recording source, String name, double seconds, double fromSeconds, double toSeconds) {
        double fs = source.samplingFrequencyHz();
        this.source = source;
        this.name = name;
        this.frameCount = (int) Math.min(source.frameCount(), Math.round(seconds * fs));
        int from = (int) Math.round(fromSeconds * fs);
        int to = (int) Math.round(toSeconds * fs);
        if (from < 0 || to > frameCount || to <= from) {
            throw new IllegalArgumentException(
                    "Detached stretch ["
                            + fromSeconds
                            + " s, "
                            + toSeconds
                            + " s) does not fit in "
                            + seconds
                            + " s of "
                            + source.source());
        }
        digital = new int[source.channels().size()][];
        for (int c = 0; c < digital.length; c++) {
            int[] values =
                    Arrays.copyOf(
                            source.digital(c)
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            source.source()
                                                                    + " has no ADC values")),
                            frameCount);
            Arrays.fill(values, from, to, INVALID_SAMPLE);
            digital[c] = values;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source.source() + " with detached electrodes";
    }

    @Override
    public double samplingFrequencyHz() {
        return source.samplingFrequencyHz();
    }

    @Override
    public Optional<Instant> startTime() {
        return Optional.empty();
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    @Override
    public List<RecordingChannel> channels() {
        return source.channels();
    }

    @Override
    public double[] physical(int channel) {
        RecordingChannel spec = source.channels().get(channel);
        double[] physical = new double[frameCount];
        for (int i = 0; i < frameCount; i++) {
            int value = digital[channel][i];
            physical[i] =
                    value == INVALID_SAMPLE
                            ? Double.NaN
                            : (value - spec.baseline()) / spec.adcGain();
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.of(digital[channel].clone());
    }
}
