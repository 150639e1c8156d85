package org.medstream.infra.bench;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A recording without a start time, so that the replayer starts its stream at the wall-clock time
 * of the replay start and event time equals the time a sample would have been recorded.
 */
final class UndatedRecording implements Recording {
    private final Recording recording;

    UndatedRecording(Recording recording) {
        this.recording = recording;
    }

    @Override
    public String name() {
        return recording.name();
    }

    @Override
    public String source() {
        return recording.source();
    }

    @Override
    public double samplingFrequencyHz() {
        return recording.samplingFrequencyHz();
    }

    @Override
    public Optional<Instant> startTime() {
        return Optional.empty();
    }

    @Override
    public long frameCount() {
        return recording.frameCount();
    }

    @Override
    public List<RecordingChannel> channels() {
        return recording.channels();
    }

    @Override
    public double[] physical(int channel) {
        return recording.physical(channel);
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return recording.digital(channel);
    }
}
