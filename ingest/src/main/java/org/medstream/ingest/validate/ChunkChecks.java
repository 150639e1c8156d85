package org.medstream.ingest.validate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;

/** Checks of one chunk on its own, and of a chunk against the layout its stream started with. */
public final class ChunkChecks {
    private ChunkChecks() {}

    /**
     * Returns the first problem found in {@code chunk}, or empty when it is well formed.
     *
     * @param frequencies sampling frequencies accepted as a waveform
     */
    public static Optional<ChunkViolation> check(SignalChunk chunk, FrequencyRange frequencies) {
        String stream = chunk.getStreamId();
        if (stream == null || stream.isBlank()) {
            return violation(
                    DeadLetterReason.MISSING_FIELD,
                    "Chunk has no streamId; the producer must set the stream key");
        }
        double samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        if (!(samplingFrequencyHz > 0) || Double.isInfinite(samplingFrequencyHz)) {
            return violation(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    "Stream %s: samplingFrequencyHz must be positive and finite, got %s",
                    stream,
                    samplingFrequencyHz);
        }
        if (!frequencies.contains(samplingFrequencyHz)) {
            return violation(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    "Stream %s: samplingFrequencyHz %s is implausible for a waveform (expected %s"
                            + " to %s Hz); a trend series such as heart rate in bpm is not a"
                            + " waveform, and a rate in samples per minute must be converted to"
                            + " Hz",
                    stream,
                    samplingFrequencyHz,
                    wholeOrDecimal(frequencies.minHz()),
                    wholeOrDecimal(frequencies.maxHz()));
        }
        if (chunk.getFirstSampleIndex() < 0) {
            return violation(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    "Stream %s: firstSampleIndex must not be negative, got %d",
                    stream,
                    chunk.getFirstSampleIndex());
        }
        if (chunk.getStreamStartMicros() == null) {
            return violation(
                    DeadLetterReason.MISSING_FIELD,
                    "Stream %s: streamStartMicros is missing",
                    stream);
        }
        int channels = chunk.getChannelNames().size();
        if (channels == 0) {
            return violation(
                    DeadLetterReason.CHANNEL_MISMATCH, "Stream %s: channelNames is empty", stream);
        }
        if (chunk.getUnits().size() != channels) {
            return violation(
                    DeadLetterReason.CHANNEL_MISMATCH,
                    "Stream %s: units has %d entries for %d channels",
                    stream,
                    chunk.getUnits().size(),
                    channels);
        }
        for (int channel = 0; channel < channels; channel++) {
            String unit = chunk.getUnits().get(channel);
            if (unit == null || unit.isBlank()) {
                return violation(
                        DeadLetterReason.INVALID_UNITS,
                        "Stream %s: units of channel %s is empty; every waveform needs its"
                                + " physical unit",
                        stream,
                        chunk.getChannelNames().get(channel));
            }
            if (PhysicalUnits.isRate(unit)) {
                return violation(
                        DeadLetterReason.INVALID_UNITS,
                        "Stream %s: units of channel %s is '%s', a rate, not a waveform unit; send"
                                + " trend values such as heart rate as events, not as samples",
                        stream,
                        chunk.getChannelNames().get(channel),
                        unit);
            }
        }
        if (chunk.getFrameCount() < 1) {
            return violation(
                    DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                    "Stream %s: frameCount must be at least 1, got %d",
                    stream,
                    chunk.getFrameCount());
        }
        Optional<ChunkViolation> samples = checkSamples(chunk, stream, channels);
        return samples.isPresent() ? samples : AmplitudeCheck.check(chunk);
    }

    /**
     * Returns a problem when {@code chunk} does not keep the layout of its stream's first chunk:
     * the same sampling frequency, stream start and channel names.
     */
    public static Optional<ChunkViolation> checkSameLayout(
            SignalChunk chunk,
            double samplingFrequencyHz,
            long streamStartMicros,
            List<String> channelNames) {
        String stream = chunk.getStreamId();
        if (chunk.getSamplingFrequencyHz() != samplingFrequencyHz) {
            return violation(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    "Stream %s: samplingFrequencyHz changed from %s to %s within the stream",
                    stream,
                    samplingFrequencyHz,
                    chunk.getSamplingFrequencyHz());
        }
        long chunkStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        if (chunkStartMicros != streamStartMicros) {
            return violation(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    "Stream %s: streamStartMicros changed from %d to %d within the stream",
                    stream,
                    streamStartMicros,
                    chunkStartMicros);
        }
        if (!chunk.getChannelNames().equals(channelNames)) {
            return violation(
                    DeadLetterReason.CHANNEL_MISMATCH,
                    "Stream %s: channelNames changed from %s to %s within the stream",
                    stream,
                    channelNames,
                    chunk.getChannelNames());
        }
        return Optional.empty();
    }

    private static Optional<ChunkViolation> checkSamples(
            SignalChunk chunk, String stream, int channels) {
        long expectedValues = (long) chunk.getFrameCount() * channels;
        Object samples = chunk.getSamples();

        if (samples instanceof DigitalSamples digital) {
            if (digital.getAdcGain().size() != channels) {
                return violation(
                        DeadLetterReason.CHANNEL_MISMATCH,
                        "Stream %s: adcGain has %d entries for %d channels",
                        stream,
                        digital.getAdcGain().size(),
                        channels);
            }
            if (digital.getBaseline().size() != channels) {
                return violation(
                        DeadLetterReason.CHANNEL_MISMATCH,
                        "Stream %s: baseline has %d entries for %d channels",
                        stream,
                        digital.getBaseline().size(),
                        channels);
            }
            List<Double> gains = digital.getAdcGain();
            for (int channel = 0; channel < channels; channel++) {
                double gain = gains.get(channel);
                if (!(gain > 0) || Double.isInfinite(gain)) {
                    return violation(
                            DeadLetterReason.INVALID_UNITS,
                            "Stream %s: adcGain of channel %d must be positive and finite, got %s",
                            stream,
                            channel,
                            gain);
                }
            }
            return checkCount(stream, digital.getValues().size(), expectedValues, chunk, channels);
        }
        if (samples instanceof PhysicalSamples physical) {
            return checkCount(stream, physical.getValues().size(), expectedValues, chunk, channels);
        }
        return violation(
                DeadLetterReason.MISSING_FIELD,
                "Stream %s: samples must be DigitalSamples or PhysicalSamples, got %s",
                stream,
                samples == null ? "null" : samples.getClass().getSimpleName());
    }

    private static Optional<ChunkViolation> checkCount(
            String stream, int actual, long expected, SignalChunk chunk, int channels) {
        if (actual == expected) {
            return Optional.empty();
        }
        return violation(
                DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                "Stream %s: samples has %d values, expected frameCount %d x %d channels = %d",
                stream,
                actual,
                chunk.getFrameCount(),
                channels,
                expected);
    }

    private static String wholeOrDecimal(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static Optional<ChunkViolation> violation(
            DeadLetterReason reason, String format, Object... arguments) {
        return Optional.of(
                new ChunkViolation(reason, String.format(Locale.ROOT, format, arguments)));
    }
}
