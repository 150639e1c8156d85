package org.medstream.ingest.wfdb;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A WFDB record read into memory: single-segment records in storage formats 8, 16, 24, 32, 61, 80,
 * 160, 212, 310 and 311, and multi-segment records of fixed or variable layout.
 *
 * <p>As a {@link Recording} it gives one value per frame and signal. A signal with several samples
 * per frame gives their mean, rounded to the nearest integer with halves rounded up, and is invalid
 * when any of them is invalid, as the WFDB library's {@code getvec} does in low-resolution mode.
 * {@link #samples(int)} gives every sample at full resolution.
 *
 * <p>Instances are immutable; accessors that return arrays return copies.
 */
public final class WfdbRecord implements Recording {
    private final WfdbHeader header;
    private final long firstFrame;
    private final int frameCount;
    private final List<RecordingChannel> channels;
    private final int[] samplesPerFrame;
    private final int[][] samples;
    private final int[][] frameDigital;
    private final double[][] framePhysical;
    private final List<String> warnings;

    /**
     * @param samples full-resolution ADC values per signal; an entry is null when the signal has no
     *     single ADC gain over the record
     * @param framePhysical physical values per frame; an entry is null when it follows from the ADC
     *     values and the channel's gain and baseline
     */
    WfdbRecord(
            WfdbHeader header,
            long firstFrame,
            int frameCount,
            List<RecordingChannel> channels,
            int[] samplesPerFrame,
            int[][] samples,
            double[][] framePhysical,
            List<String> warnings) {
        this.header = header;
        this.firstFrame = firstFrame;
        this.frameCount = frameCount;
        this.channels = List.copyOf(channels);
        this.samplesPerFrame = samplesPerFrame.clone();
        this.samples = samples;
        this.framePhysical = framePhysical;
        this.warnings = List.copyOf(warnings);
        this.frameDigital = new int[samples.length][];
        for (int s = 0; s < samples.length; s++) {
            if (samples[s] != null) {
                frameDigital[s] = FrameMean.of(samples[s], samplesPerFrame[s]);
            }
        }
    }

    /**
     * Reads a whole record and verifies it against its header.
     *
     * @param record path of the record without extension, for example {@code data/mitdb/100}; a
     *     path ending in {@code .hea} is accepted too
     * @throws java.nio.file.NoSuchFileException when the header does not exist
     * @throws WfdbHeaderException when the header does not follow the WFDB header specification
     * @throws WfdbDataFileNotFoundException when a signal file named by the header is missing
     * @throws UnsupportedWfdbFormatException when a signal uses a format this reader cannot decode
     * @throws WfdbVerificationException when the samples disagree with the header's initial values,
     *     checksums or length
     */
    public static WfdbRecord read(Path record) throws IOException {
        return read(record, WfdbReadOptions.defaults());
    }

    /** Reads a record, or a range of its frames, with the given options. */
    public static WfdbRecord read(Path record, WfdbReadOptions options) throws IOException {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(options, "options");
        WfdbHeader header = WfdbHeader.read(headerPath(record));
        if (header.isMultiSegment()) {
            return MultiSegmentReader.read(header, options);
        }
        return fromSingleSegment(header, SingleSegmentReader.read(header, options));
    }

    static WfdbRecord fromSingleSegment(WfdbHeader header, SingleSegmentReader.Result result) {
        List<RecordingChannel> channels = new ArrayList<>();
        int[] samplesPerFrame = new int[header.signals().size()];
        for (int s = 0; s < samplesPerFrame.length; s++) {
            WfdbSignalSpec spec = header.signals().get(s);
            channels.add(
                    new RecordingChannel(
                            spec.description(),
                            spec.units(),
                            spec.effectiveGain(),
                            spec.baseline(),
                            spec.adcRange()));
            samplesPerFrame[s] = spec.samplesPerFrame();
        }
        return new WfdbRecord(
                header,
                result.firstFrame(),
                result.frameCount(),
                channels,
                samplesPerFrame,
                result.samples(),
                new double[samplesPerFrame.length][],
                result.warnings());
    }

    static Path headerPath(Path record) {
        String fileName = String.valueOf(record.getFileName());
        if (fileName.endsWith(".hea")) {
            return record;
        }
        return record.resolveSibling(fileName + ".hea");
    }

    /** The parsed header, including its comment lines. */
    public WfdbHeader header() {
        return header;
    }

    @Override
    public String name() {
        return header.recordName();
    }

    @Override
    public String source() {
        return header.headerFile().toString();
    }

    @Override
    public double samplingFrequencyHz() {
        return header.samplingFrequency();
    }

    /**
     * UTC time of the first delivered frame: the header's base date and time plus {@link
     * #firstFrame()} frames. Empty when the header lacks a full date or a time.
     */
    @Override
    public Optional<Instant> startTime() {
        return header.startTime()
                .map(
                        start ->
                                start.plus(
                                        Duration.ofNanos(
                                                Math.round(
                                                        firstFrame
                                                                * 1e9
                                                                / header.samplingFrequency()))));
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    /** Record frame number of frame 0 of this object; non-zero after a range read. */
    public long firstFrame() {
        return firstFrame;
    }

    @Override
    public List<RecordingChannel> channels() {
        return channels;
    }

    @Override
    public double[] physical(int channel) {
        checkChannel(channel);
        if (framePhysical[channel] != null) {
            return framePhysical[channel].clone();
        }
        RecordingChannel info = channels.get(channel);
        int[] digital = frameDigital[channel];
        double[] physical = new double[digital.length];
        for (int t = 0; t < digital.length; t++) {
            physical[t] =
                    digital[t] == INVALID_SAMPLE
                            ? Double.NaN
                            : (digital[t] - info.baseline()) / info.adcGain();
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        checkChannel(channel);
        return Optional.ofNullable(frameDigital[channel]).map(int[]::clone);
    }

    /** Samples of one signal in each frame; 1 unless the header gives {@code xN}. */
    public int samplesPerFrame(int channel) {
        checkChannel(channel);
        return samplesPerFrame[channel];
    }

    /**
     * Full-resolution ADC values of one signal, {@link #samplesPerFrame(int)} per frame, with
     * {@link #INVALID_SAMPLE} for missing samples; empty when the signal has no single ADC gain.
     * Multi-segment records give frame-rate values here, one per frame.
     */
    public Optional<int[]> samples(int channel) {
        checkChannel(channel);
        return Optional.ofNullable(samples[channel]).map(int[]::clone);
    }

    /** Problems accepted while reading, such as a short signal file under a lenient read. */
    public List<String> warnings() {
        return warnings;
    }

    private void checkChannel(int channel) {
        if (channel < 0 || channel >= channels.size()) {
            throw new IndexOutOfBoundsException(
                    String.format(
                            "Channel %d does not exist in record %s, which has %d channels",
                            channel, header.recordName(), channels.size()));
        }
    }
}
