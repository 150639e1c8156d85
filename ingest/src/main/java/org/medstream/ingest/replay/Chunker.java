package org.medstream.ingest.replay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

/**
 * Cuts one {@link Recording} into consecutive {@link SignalChunk}s of all channels. Each chunk
 * contains {@code framesPerChunk} frames (the last one may contain fewer) and its {@code
 * firstSampleIndex} continues exactly where the previous chunk ended, except after a gap of the
 * recording ({@link Recording#gaps()}): no chunk covers a gap, so the next chunk's index jumps past
 * it and downstream stages see the gap as such.
 *
 * <p>Chunks carry {@link DigitalSamples} when every channel has ADC values, so the exact integers
 * of the file travel, and {@link PhysicalSamples} otherwise.
 */
public final class Chunker implements Iterator<SignalChunk> {
    private final String streamId;
    private final String source;
    private final Instant streamStart;
    private final double samplingFrequencyHz;
    private final List<String> channelNames = new ArrayList<>();
    private final List<String> units = new ArrayList<>();
    private final List<Double> adcGains = new ArrayList<>();
    private final List<Integer> baselines = new ArrayList<>();
    private final List<Integer> adcMins = new ArrayList<>();
    private final List<Integer> adcMaxes = new ArrayList<>();
    private final List<FrameRange> gaps;
    private final int[][] digital;
    private final double[][] physical;
    private final long frameCount;
    private final int framesPerChunk;
    private long nextFirstSampleIndex;

    /**
     * Creates a chunker over the first {@code frameLimit} frames of a recording.
     *
     * @param streamStart UTC time of frame 0, truncated to microseconds
     * @param framesPerChunk frames per chunk, at least 1
     * @param frameLimit frames to chunk, cut to the recording length
     * @throws IllegalArgumentException if the recording has no channels, a non-positive sampling
     *     frequency or channel arrays shorter than its frame count
     */
    public Chunker(
            Recording recording,
            String streamId,
            Instant streamStart,
            int framesPerChunk,
            long frameLimit) {
        Objects.requireNonNull(recording, "recording");
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.streamStart =
                Objects.requireNonNull(streamStart, "streamStart").truncatedTo(ChronoUnit.MICROS);
        this.source = recording.source();
        this.samplingFrequencyHz = recording.samplingFrequencyHz();
        if (!(samplingFrequencyHz > 0) || Double.isInfinite(samplingFrequencyHz)) {
            throw new IllegalArgumentException(
                    "Invalid sampling frequency "
                            + samplingFrequencyHz
                            + " Hz in "
                            + source
                            + "; it must be positive and finite");
        }
        if (framesPerChunk < 1) {
            throw new IllegalArgumentException(
                    "Invalid chunk size " + framesPerChunk + " frames; it must be at least 1");
        }
        this.framesPerChunk = framesPerChunk;
        this.frameCount = Math.min(recording.frameCount(), Math.max(0, frameLimit));

        List<RecordingChannel> channels = recording.channels();
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("Recording " + source + " has no channels");
        }
        for (RecordingChannel channel : channels) {
            channelNames.add(channel.name());
            units.add(channel.units());
            adcGains.add(channel.adcGain());
            baselines.add(channel.baseline());
            channel.adcRange()
                    .ifPresent(
                            range -> {
                                adcMins.add(range.min());
                                adcMaxes.add(range.max());
                            });
        }
        if (adcMins.size() != channels.size()) {
            adcMins.clear();
            adcMaxes.clear();
        }
        this.gaps = recording.gaps();
        skipGap();

        this.digital = readDigital(recording, channels.size());
        this.physical = digital == null ? readPhysical(recording, channels.size()) : null;
    }

    /** Converts a chunk duration to whole frames, at least one frame. */
    public static int framesPerChunk(double samplingFrequencyHz, double chunkMillis) {
        long frames = Math.round(samplingFrequencyHz * chunkMillis / 1000.0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, frames));
    }

    /** Returns whether the chunks carry ADC values ({@link DigitalSamples}). */
    public boolean isDigital() {
        return digital != null;
    }

    public String streamId() {
        return streamId;
    }

    public Instant streamStart() {
        return streamStart;
    }

    public double samplingFrequencyHz() {
        return samplingFrequencyHz;
    }

    /** Frames this chunker emits in total. */
    public long frameCount() {
        return frameCount;
    }

    /**
     * Returns the sample index of the next chunk's first frame, {@link #frameCount()} at the end.
     */
    public long nextFirstSampleIndex() {
        return nextFirstSampleIndex;
    }

    /** Returns the frame count of the next chunk, 0 at the end. */
    public int nextFrameCount() {
        long end = Math.min(nextFirstSampleIndex + framesPerChunk, frameCount);
        for (FrameRange gap : gaps) {
            if (gap.start() > nextFirstSampleIndex) {
                end = Math.min(end, gap.start());
                break;
            }
        }
        return (int) (end - nextFirstSampleIndex);
    }

    /** Moves past a gap that starts at the next frame: a stream sends nothing for its frames. */
    private void skipGap() {
        for (FrameRange gap : gaps) {
            if (gap.start() <= nextFirstSampleIndex && nextFirstSampleIndex < gap.end()) {
                nextFirstSampleIndex = Math.min(gap.end(), frameCount);
            }
        }
    }

    @Override
    public boolean hasNext() {
        return nextFirstSampleIndex < frameCount;
    }

    @Override
    public SignalChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException(
                    "Stream " + streamId + " ended after " + frameCount + " frames");
        }
        long first = nextFirstSampleIndex;
        int frames = nextFrameCount();
        nextFirstSampleIndex += frames;
        skipGap();

        Object samples =
                digital != null ? digitalSamples(first, frames) : physicalSamples(first, frames);
        return SignalChunk.newBuilder()
                .setStreamId(streamId)
                .setSource(source)
                .setChannelNames(channelNames)
                .setUnits(units)
                .setSamplingFrequencyHz(samplingFrequencyHz)
                .setStreamStartMicros(streamStart)
                .setFirstSampleIndex(first)
                .setFrameCount(frames)
                .setSamples(samples)
                .build();
    }

    private DigitalSamples digitalSamples(long first, int frames) {
        int channelCount = digital.length;
        List<Integer> values = new ArrayList<>(frames * channelCount);
        for (int i = 0; i < frames; i++) {
            int frame = (int) (first + i);
            for (int c = 0; c < channelCount; c++) {
                values.add(digital[c][frame]);
            }
        }
        return DigitalSamples.newBuilder()
                .setAdcGain(adcGains)
                .setBaseline(baselines)
                .setInvalidValue(Recording.INVALID_SAMPLE)
                .setAdcMin(adcMins)
                .setAdcMax(adcMaxes)
                .setValues(values)
                .build();
    }

    private PhysicalSamples physicalSamples(long first, int frames) {
        int channelCount = physical.length;
        List<Float> values = new ArrayList<>(frames * channelCount);
        for (int i = 0; i < frames; i++) {
            int frame = (int) (first + i);
            for (int c = 0; c < channelCount; c++) {
                values.add((float) physical[c][frame]);
            }
        }
        return PhysicalSamples.newBuilder().setValues(values).build();
    }

    /** Returns every channel's ADC values, or null when one channel has none. */
    private int[][] readDigital(Recording recording, int channelCount) {
        int[][] values = new int[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            Optional<int[]> channel = recording.digital(c);
            if (channel.isEmpty()) {
                return null;
            }
            checkLength(channel.get().length, c);
            values[c] = channel.get();
        }
        return values;
    }

    private double[][] readPhysical(Recording recording, int channelCount) {
        double[][] values = new double[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            double[] channel = recording.physical(c);
            checkLength(channel.length, c);
            values[c] = channel;
        }
        return values;
    }

    private void checkLength(int length, int channel) {
        if (length < frameCount) {
            throw new IllegalArgumentException(
                    "Channel "
                            + channel
                            + " ("
                            + channelNames.get(channel)
                            + ") of "
                            + source
                            + " has "
                            + length
                            + " samples but the recording states "
                            + frameCount
                            + " frames");
        }
    }
}
