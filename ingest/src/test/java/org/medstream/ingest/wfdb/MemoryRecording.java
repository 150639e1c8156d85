package org.medstream.ingest.wfdb;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/** A small in-memory recording for writer and converter tests. */
record MemoryRecording(
        String name,
        double samplingFrequencyHz,
        Optional<Instant> startTime,
        List<RecordingChannel> channels,
        double[][] values)
        implements Recording {

    @Override
    public String source() {
        return "memory";
    }

    @Override
    public long frameCount() {
        return values.length == 0 ? 0 : values[0].length;
    }

    @Override
    public double[] physical(int channel) {
        return values[channel].clone();
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.empty();
    }
}
