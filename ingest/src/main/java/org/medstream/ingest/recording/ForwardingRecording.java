package org.medstream.ingest.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.wfdb.Annotation;

/**
 * A {@link Recording} that passes every call to another one; subclasses override the calls they
 * change, for example to drop the start time or to keep only the first frames.
 */
public abstract class ForwardingRecording implements Recording {
    private final Recording delegate;

    protected ForwardingRecording(Recording delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    protected Recording delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String source() {
        return delegate.source();
    }

    @Override
    public double samplingFrequencyHz() {
        return delegate.samplingFrequencyHz();
    }

    @Override
    public Optional<Instant> startTime() {
        return delegate.startTime();
    }

    @Override
    public long frameCount() {
        return delegate.frameCount();
    }

    @Override
    public List<RecordingChannel> channels() {
        return delegate.channels();
    }

    @Override
    public double[] physical(int channel) {
        return delegate.physical(channel);
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return delegate.digital(channel);
    }

    @Override
    public List<Annotation> annotations() {
        return delegate.annotations();
    }

    @Override
    public List<FrameRange> gaps() {
        return delegate.gaps();
    }
}
