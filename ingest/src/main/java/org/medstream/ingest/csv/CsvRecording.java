package org.medstream.ingest.csv;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;

/**
 * A recording read from a CSV file by {@link CsvRecordingReader}. Samples are in physical units
 * only, so {@link #digital(int)} is always empty and every channel has an ADC gain of NaN.
 */
public final class CsvRecording implements Recording {
    private final String name;
    private final String source;
    private final double samplingFrequencyHz;
    private final Optional<Instant> startTime;
    private final List<RecordingChannel> channels;
    private final double[][] samples;
    private final List<Annotation> annotations;

    CsvRecording(
            String name,
            String source,
            double samplingFrequencyHz,
            Optional<Instant> startTime,
            List<RecordingChannel> channels,
            double[][] samples,
            List<Annotation> annotations) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.samplingFrequencyHz = samplingFrequencyHz;
        this.startTime = Objects.requireNonNull(startTime, "startTime");
        this.channels = List.copyOf(channels);
        this.samples = samples;
        this.annotations = List.copyOf(annotations);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public double samplingFrequencyHz() {
        return samplingFrequencyHz;
    }

    @Override
    public Optional<Instant> startTime() {
        return startTime;
    }

    @Override
    public long frameCount() {
        return samples.length == 0 ? 0 : samples[0].length;
    }

    @Override
    public List<RecordingChannel> channels() {
        return channels;
    }

    /** Returns a copy of the channel's samples; NaN marks a missing cell. */
    @Override
    public double[] physical(int channel) {
        Objects.checkIndex(channel, samples.length);
        return samples[channel].clone();
    }

    @Override
    public Optional<int[]> digital(int channel) {
        Objects.checkIndex(channel, samples.length);
        return Optional.empty();
    }

    /**
     * Annotations from the options' annotation file or the BIDMC {@code _Breaths.csv} sibling,
     * sorted by sample.
     */
    @Override
    public List<Annotation> annotations() {
        return annotations;
    }
}
