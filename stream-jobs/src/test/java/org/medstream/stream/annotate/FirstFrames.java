package org.medstream.stream.annotate;

import java.util.Arrays;
import java.util.Optional;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;

/** The first frames of a recording, to keep tests on 2 cores short. */
public final class FirstFrames extends ForwardingRecording {
    private final int frames;

    public FirstFrames(Recording recording, int frames) {
        super(recording);
        this.frames = frames;
    }

    @Override
    public long frameCount() {
        return Math.min(frames, delegate().frameCount());
    }

    @Override
    public double[] physical(int channel) {
        return Arrays.copyOf(delegate().physical(channel), (int) frameCount());
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return delegate().digital(channel).map(values -> Arrays.copyOf(values, (int) frameCount()));
    }
}
