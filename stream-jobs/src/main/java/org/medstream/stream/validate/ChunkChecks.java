package org.medstream.stream.validate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

/** Checks of one chunk on its own, without the history of its stream. */
public final class ChunkChecks {
    /**
     * Lowest sampling frequency accepted for a waveform, in Hz. ECG recorders sample at 100 Hz or
     * more (the bundled MIT-BIH records at 360 Hz, the SVDB records at 128 Hz), while heart-rate
     * and other trend series arrive at about 1 Hz. Below 50 Hz a QRS complex of about 100 ms spans
     * fewer than 5 samples.
     */
    public static final double MIN_WAVEFORM_FREQUENCY_HZ = 50.0;

    /**
     * Highest sampling frequency accepted, in Hz. A larger value is more likely a unit error, such
     * as samples per minute (360 Hz sent as 21600), than an ECG. NOTE: a judgement, not a limit
     * taken from a standard.
     */
    public static final double MAX_WAVEFORM_FREQUENCY_HZ = 20_000.0;

    private ChunkChecks() {}

    /** Returns the first problem found in {@code chunk}, or empty when it is well formed. */
    public static Optional<ChunkViolation> check(SignalChunk chunk) {
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
        if (samplingFrequencyHz < MIN_WAVEFORM_FREQUENCY_HZ
                || samplingFrequencyHz > MAX_WAVEFORM_FREQUENCY_HZ) {
            return violation(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    "Stream %s: samplingFrequencyHz %s is implausible for a waveform (expected %.0f"
                            + " to %.0f Hz); a trend series such as heart rate in bpm is not a"
                            + " waveform, and a rate in samples per minute must be converted to"
                            + " Hz",
                    stream,
                    samplingFrequencyHz,
                    MIN_WAVEFORM_FREQUENCY_HZ,
                    MAX_WAVEFORM_FREQUENCY_HZ);
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
        if (chunk.getFrameCount() < 1) {
            return violation(
                    DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                    "Stream %s: frameCount must be at least 1, got %d",
                    stream,
                    chunk.getFrameCount());
        }
        return checkSamples(chunk, stream, channels);
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

    private static Optional<ChunkViolation> violation(
            DeadLetterReason reason, String format, Object... arguments) {
        return Optional.of(
                new ChunkViolation(reason, String.format(Locale.ROOT, format, arguments)));
    }
}
