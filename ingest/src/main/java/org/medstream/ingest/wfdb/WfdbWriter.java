package org.medstream.ingest.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.recording.AdcRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * Writes a {@link Recording} as a single-segment WFDB record: a header {@code NAME.hea} and one
 * signal file {@code NAME.dat} holding every channel, one sample per frame.
 *
 * <p>Channels with ADC values are written as they are; channels without (a multi-segment channel
 * whose gain changes) are converted from physical values with the channel's gain, or 200 when it is
 * NaN, and baseline. Missing samples (NaN or {@link Recording#INVALID_SAMPLE}) are written as the
 * format's invalid-sample marker, so an all-missing channel is written without error. The header
 * records each signal's first stored value and 16-bit checksum.
 */
public final class WfdbWriter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS dd/MM/yyyy", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private WfdbWriter() {}

    /**
     * Writes {@code recording} as record {@code recordName} in {@code directory}, replacing files
     * of the same name.
     *
     * @param format storage format: 16, 24, 32, 61, 80, 160 or 212
     * @throws IllegalArgumentException when the format has no writer, the record name is not a
     *     plain file name, or a sample does not fit the format
     */
    public static void write(
            Recording recording, Path directory, String recordName, StorageFormat format)
            throws IOException {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(format, "format");
        if (!SampleEncoder.supports(format)) {
            throw new IllegalArgumentException(
                    "Writing format "
                            + format.code()
                            + " is not supported; use 16, 24, 32, 61, 80, 160 or 212");
        }
        if (recordName.isEmpty() || recordName.contains("/") || recordName.contains(" ")) {
            throw new IllegalArgumentException(
                    "Record name '" + recordName + "' must be a plain name without '/' or blanks");
        }

        int channelCount = recording.channels().size();
        long frames = recording.frameCount();
        int[][] values = new int[channelCount][];
        double[] gains = new double[channelCount];
        for (int c = 0; c < channelCount; c++) {
            RecordingChannel channel = recording.channels().get(c);
            gains[c] =
                    Double.isNaN(channel.adcGain())
                            ? WfdbSignalSpec.DEFAULT_ADC_GAIN
                            : channel.adcGain();
            values[c] = storedValues(recording, c, gains[c], format);
        }

        ByteArrayOutputStream data = new ByteArrayOutputStream();
        SampleEncoder encoder = new SampleEncoder(format, data);
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channelCount; c++) {
                encoder.write(values[c][t]);
            }
        }
        encoder.finish();
        Files.write(directory.resolve(recordName + ".dat"), data.toByteArray());

        StringBuilder header = new StringBuilder();
        header.append(recordName)
                .append(' ')
                .append(channelCount)
                .append(' ')
                .append(number(recording.samplingFrequencyHz()))
                .append(' ')
                .append(frames);
        Optional<Instant> start = recording.startTime();
        start.ifPresent(instant -> header.append(' ').append(TIME.format(instant)));
        header.append('\n');
        int resolution = format == StorageFormat.FORMAT_212 ? 12 : bits(format);
        for (int c = 0; c < channelCount; c++) {
            RecordingChannel channel = recording.channels().get(c);
            long sum = 0;
            for (int value : values[c]) {
                sum += value;
            }
            int initialValue = values[c].length > 0 ? values[c][0] : 0;
            header.append(recordName)
                    .append(".dat ")
                    .append(format.code())
                    .append(' ')
                    .append(number(gains[c]))
                    .append('(')
                    .append(channel.baseline())
                    .append(")/")
                    .append(channel.units().isEmpty() ? "NU" : channel.units().replace(' ', '_'))
                    .append(' ')
                    .append(adcResolutionAndZero(channel, resolution))
                    .append(' ')
                    .append(initialValue)
                    .append(' ')
                    .append((short) sum)
                    .append(" 0 ")
                    .append(channel.name())
                    .append('\n');
        }
        Files.writeString(
                directory.resolve(recordName + ".hea"), header.toString(), StandardCharsets.UTF_8);
    }

    /** Values as stored: ADC values, with invalid samples replaced by the format's marker. */
    private static int[] storedValues(
            Recording recording, int channel, double gain, StorageFormat format) {
        int marker = format.invalidMarker().orElseThrow();
        int frames = Math.toIntExact(recording.frameCount());
        int[] stored = new int[frames];
        Optional<int[]> digital = recording.digital(channel);
        double[] physical = digital.isPresent() ? null : recording.physical(channel);
        int baseline = recording.channels().get(channel).baseline();

        for (int t = 0; t < frames; t++) {
            int value;
            if (digital.isPresent()) {
                value = digital.get()[t];
            } else if (Double.isNaN(physical[t])) {
                value = Recording.INVALID_SAMPLE;
            } else {
                value = (int) Math.round(physical[t] * gain + baseline);
            }

            if (value == Recording.INVALID_SAMPLE) {
                stored[t] = marker;
            } else if (value <= format.minValue() || value > format.maxValue()) {
                throw new IllegalArgumentException(
                        String.format(
                                "Sample %d of channel %d (%s) is %d ADC units, outside the range"
                                        + " %d..%d of format %d; write a wider format such as 16"
                                        + " or 32",
                                t,
                                channel,
                                recording.channels().get(channel).name(),
                                value,
                                format.minValue() + 1,
                                format.maxValue(),
                                format.code()));
            } else {
                stored[t] = value;
            }
        }
        return stored;
    }

    private static int bits(StorageFormat format) {
        return switch (format) {
            case FORMAT_80 -> 8;
            case FORMAT_24 -> 24;
            case FORMAT_32 -> 32;
            default -> 16;
        };
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * Returns the {@code adcres adczero} fields: the channel's converter range when it spans a
     * power of two, otherwise the format's width and zero.
     */
    private static String adcResolutionAndZero(RecordingChannel channel, int formatResolution) {
        if (channel.adcRange().isPresent()) {
            AdcRange range = channel.adcRange().get();
            long span = (long) range.max() - range.min() + 1;
            if (Long.bitCount(span) == 1 && span <= (1L << 32)) {
                int bits = Long.numberOfTrailingZeros(span);
                long zero = range.min() + span / 2;
                return bits + " " + zero;
            }
        }
        return formatResolution + " 0";
    }
}
