package org.medstream.stream.beat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

/**
 * Cuts the first frames of a bundled record into {@link SignalChunk}s at chosen boundaries, with
 * the ADC values of all channels ({@link DigitalSamples}) or their physical values scaled by a
 * factor ({@link PhysicalSamples}).
 */
final class RecordChunks {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final String streamId;
    private final Recording recording;
    private final int frames;
    private final int[][] digital;
    private final float[][] physical;

    private RecordChunks(String streamId, Recording recording, int frames, double scale) {
        this.streamId = streamId;
        this.recording = recording;
        this.frames = frames;
        int channels = recording.channels().size();
        digital = new int[channels][];
        physical = new float[channels][frames];
        for (int channel = 0; channel < channels; channel++) {
            digital[channel] = recording.digital(channel).orElseThrow();
            double[] values = recording.physical(channel);
            for (int i = 0; i < frames; i++) {
                physical[channel][i] = (float) (values[i] * scale);
            }
        }
    }

    /** Reads {@code database/name} from {@code medstream.data.dir}, cut to {@code seconds}. */
    static RecordChunks read(String database, String name, double seconds) throws IOException {
        return read(database, name, seconds, 1.0);
    }

    /**
     * Reads the whole record at {@code record} (a path without extension) as {@code streamId},
     * without the checksum check: the PhysioNet/CinC Challenge 2017 headers give every signal the
     * checksum 0, whatever its samples sum to.
     */
    static RecordChunks read(Path record, String streamId) throws IOException {
        WfdbRecord wfdb = WfdbRecord.read(record, WfdbReadOptions.defaults().verify(false));
        return new RecordChunks(streamId, wfdb, (int) wfdb.frameCount(), 1.0);
    }

    /**
     * Same as {@link #read(String, String, double)}, physical values multiplied by {@code scale}.
     */
    static RecordChunks read(String database, String name, double seconds, double scale)
            throws IOException {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        WfdbRecord record = WfdbRecord.read(data.resolve(database).resolve(name));
        int frames =
                (int)
                        Math.min(
                                record.frameCount(),
                                Math.round(seconds * record.samplingFrequencyHz()));
        return new RecordChunks(database + "/" + name, record, frames, scale);
    }

    /**
     * Replaces frames {@code [start, end)} of the physical values of {@code channel} by a pause of
     * the QRS complexes: a 0.25 Hz baseline wander of 0.2 mV plus Gaussian noise of 0.025 mV, on a
     * straight line between the median levels of the half seconds around the stretch, as the infra
     * test scenarios build it. Digital chunks keep the original values.
     */
    void pauseQrs(int channel, int start, int end, Random random) {
        float[] values = physical[channel];
        int halfSecond = (int) Math.round(0.5 * samplingFrequencyHz());
        double before = median(values, Math.max(0, start - halfSecond), start);
        double after = median(values, end, Math.min(frames, end + halfSecond));
        for (int i = start; i < end; i++) {
            double fraction = (double) (i - start) / (end - start);
            double t = (i - start) / samplingFrequencyHz();
            double wander = 0.2 * Math.sin(2 * Math.PI * 0.25 * t);
            values[i] =
                    (float)
                            (before
                                    + fraction * (after - before)
                                    + wander
                                    + 0.025 * random.nextGaussian());
        }
    }

    /** Returns the physical values of {@code channel}, which edits change in place. */
    float[] channel(int channel) {
        return physical[channel];
    }

    /**
     * Replaces frames {@code [start, start + values.length)} of the physical values of {@code
     * channel} by {@code values}. Digital chunks keep the original values.
     */
    void replace(int channel, int start, float[] values) {
        System.arraycopy(values, 0, physical[channel], start, values.length);
    }

    private static double median(float[] values, int from, int to) {
        float[] window = Arrays.copyOfRange(values, from, to);
        Arrays.sort(window);
        return window[window.length / 2];
    }

    int frames() {
        return frames;
    }

    double samplingFrequencyHz() {
        return recording.samplingFrequencyHz();
    }

    /** Frames {@code [first, first + count)} as ADC values of every channel. */
    SignalChunk digital(int first, int count) {
        List<Integer> values = new ArrayList<>(count * digital.length);
        for (int i = first; i < first + count; i++) {
            for (int[] channel : digital) {
                values.add(channel[i]);
            }
        }
        List<RecordingChannel> channels = recording.channels();
        return builder(first, count)
                .setSamples(
                        DigitalSamples.newBuilder()
                                .setAdcGain(
                                        channels.stream().map(RecordingChannel::adcGain).toList())
                                .setBaseline(
                                        channels.stream().map(RecordingChannel::baseline).toList())
                                .setValues(values)
                                .build())
                .build();
    }

    /** Frames {@code [first, first + count)} as physical values of every channel. */
    SignalChunk physical(int first, int count) {
        List<Float> values = new ArrayList<>(count * physical.length);
        for (int i = first; i < first + count; i++) {
            for (float[] channel : physical) {
                values.add(channel[i]);
            }
        }
        return builder(first, count)
                .setSamples(PhysicalSamples.newBuilder().setValues(values).build())
                .build();
    }

    /** Physical chunks of {@code chunkFrames} frames, the last one shorter. */
    List<SignalChunk> fixed(int chunkFrames) {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int first = 0; first < frames; first += chunkFrames) {
            chunks.add(physical(first, Math.min(chunkFrames, frames - first)));
        }
        return chunks;
    }

    /**
     * Physical chunks of {@code chunkFrames} frames from frame {@code from} to the end, the last
     * one shorter, for a stream that starts inside the record.
     */
    List<SignalChunk> fixedFrom(int from, int chunkFrames) {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int first = from; first < frames; first += chunkFrames) {
            chunks.add(physical(first, Math.min(chunkFrames, frames - first)));
        }
        return chunks;
    }

    /** Physical chunks that start at 0 and at each of the increasing {@code boundaries}. */
    List<SignalChunk> cutAt(List<Long> boundaries) {
        List<SignalChunk> chunks = new ArrayList<>();
        int first = 0;
        for (long boundary : boundaries) {
            if (boundary > first && boundary < frames) {
                chunks.add(physical(first, (int) boundary - first));
                first = (int) boundary;
            }
        }
        chunks.add(physical(first, frames - first));
        return chunks;
    }

    private SignalChunk.Builder builder(int first, int count) {
        return SignalChunk.newBuilder()
                .setStreamId(streamId)
                .setSource(recording.source())
                .setChannelNames(recording.channels().stream().map(RecordingChannel::name).toList())
                .setUnits(recording.channels().stream().map(RecordingChannel::units).toList())
                .setSamplingFrequencyHz(recording.samplingFrequencyHz())
                .setStreamStartMicros(START)
                .setFirstSampleIndex(first)
                .setFrameCount(count);
    }
}
