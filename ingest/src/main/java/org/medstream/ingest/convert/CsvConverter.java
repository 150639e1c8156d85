package org.medstream.ingest.convert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.medstream.ingest.recording.Recording;

/**
 * Writes a {@link Recording} as CSV in physical units, like WFDB's {@code rdsamp -c -p}.
 *
 * <ul>
 *   <li>The first row is {@code sample} followed by the channel names; units are not written (they
 *       are in {@link Recording#channels()}).
 *   <li>Each following row contains one frame: the 0-based frame index within the recording, then
 *       one physical value per channel.
 *   <li>Values are rounded to the decimals that resolve one ADC step of their channel, {@code
 *       ceil(log10(adcGain))}, with trailing zeros dropped, so {@code (995 - 1024) / 200} is {@code
 *       -0.145}. The rounding error stays below half an ADC step. Channels without a single ADC
 *       gain get the shortest decimal that reads back as the same {@code double}.
 *   <li>Missing samples (NaN) are written as {@code -}, as {@code rdsamp} does.
 *   <li>Fields that contain a comma, a quote or a line break are quoted as RFC 4180 describes.
 *   <li>Lines end with {@code \n}.
 * </ul>
 */
public final class CsvConverter {
    /** Text written for a missing sample. */
    public static final String MISSING = "-";

    private CsvConverter() {}

    /** Writes the recording to {@code file} in UTF-8, replacing any existing file. */
    public static void write(Recording recording, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(recording, writer);
        }
    }

    /** Writes the recording to {@code out}; the caller closes it. */
    public static void write(Recording recording, Writer out) throws IOException {
        Objects.requireNonNull(recording, "recording");
        Writer writer = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        int channelCount = recording.channels().size();

        StringBuilder line = new StringBuilder("sample");
        for (int c = 0; c < channelCount; c++) {
            line.append(',').append(quote(recording.channels().get(c).name()));
        }
        writer.write(line.append('\n').toString());

        double[][] physical = new double[channelCount][];
        int[] decimals = new int[channelCount];
        for (int c = 0; c < channelCount; c++) {
            physical[c] = recording.physical(c);
            decimals[c] = decimalsOf(recording.channels().get(c).adcGain());
        }
        long frames = recording.frameCount();
        for (int t = 0; t < frames; t++) {
            line.setLength(0);
            line.append(t);
            for (int c = 0; c < channelCount; c++) {
                line.append(',').append(format(physical[c][t], decimals[c]));
            }
            writer.write(line.append('\n').toString());
        }
        writer.flush();
    }

    /** Returns the decimals that resolve one ADC step, or -1 when the gain is unknown. */
    static int decimalsOf(double adcGain) {
        if (!(adcGain > 0) || Double.isInfinite(adcGain)) {
            return -1;
        }
        return Math.max(0, (int) Math.ceil(Math.log10(adcGain) - 1e-9));
    }

    /** Formats a value rounded to {@code decimals}, or exactly when {@code decimals} is -1. */
    static String format(double value, int decimals) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        BigDecimal decimal = BigDecimal.valueOf(value);
        if (decimals >= 0) {
            decimal = decimal.setScale(decimals, RoundingMode.HALF_EVEN);
        }
        String text = decimal.toPlainString();
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text.equals("-0") ? "0" : text;
    }

    private static String quote(String field) {
        if (field.contains(",")
                || field.contains("\"")
                || field.contains("\n")
                || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
