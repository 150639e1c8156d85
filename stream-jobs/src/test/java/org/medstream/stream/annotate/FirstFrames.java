package org.medstream.stream.annotate;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/** The first frames of a recording, to keep tests on 2 cores short. */
record FirstFrames(Recording recording, int frames) implements Recording {
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
        return recording.startTime();
    }

    @Override
    public long frameCount() {
        return Math.min(frames, recording.frameCount());
    }

    @Override
    public List<RecordingChannel> channels() {
        return recording.channels();
    }

    @Override
    public double[] physical(int channel) {
        return Arrays.copyOf(recording.physical(channel), (int) frameCount());
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return recording.digital(channel).map(values -> Arrays.copyOf(values, (int) frameCount()));
    }
}
