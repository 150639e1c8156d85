package org.medstream.ingest.edf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link Recording} and its annotations as an EDF+ file with 16-bit samples.
 *
 * <ul>
 *   <li>EDF+C, or EDF+D when the recording has {@link Recording#gaps() gaps}. Data records lie on a
 *       grid from frame 0; a record that falls wholly inside a gap is left out, and the missing
 *       samples of a record that overlaps a gap are written as the digital minimum.
 *   <li>The data record duration is the first of 1, 0.5, 0.25, 0.2, 0.1, 2, 4, 5, 10, 20, 50 and
 *       100 s that contains a whole number of frames in at most 61440 bytes (the size the EDF
 *       specification recommends), or the first that contains a whole number of frames.
 *   <li>The last data record is padded by repeating the last frame when the frame count is not a
 *       multiple of the frames per record, so readers see up to one record of extra frames. A
 *       repeated value keeps detectors quiet where a jump to the digital minimum would not.
 *   <li>Digital values as {@link SignalScaling} describes: ADC values are kept where they fit
 *       -32767 to 32767, so a WFDB record reads back with the same samples.
 *   <li>Annotations go to one {@code EDF Annotations} signal, each in the data record that contains
 *       its onset or a later one, as text from {@link AnnotationTexts}. Every data record starts
 *       with its time-keeping TAL.
 *   <li>The header's start date and time come from {@link Recording#startTime()} in UTC, with the
 *       fraction of a second as the first record's onset. Without a start time the file uses EDF+'s
 *       convention for an unknown one: {@code 01.01.85 00.00.00} and {@code Startdate X}.
 * </ul>
 */
public final class EdfWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EdfWriter.class);

    private static final String[] DURATIONS = {
        "1", "0.5", "0.25", "0.2", "0.1", "2", "4", "5", "10", "20", "50", "100"
    };
    private static final long RECOMMENDED_RECORD_BYTES = 61440;
    private static final DateTimeFormatter STARTDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH);

    private EdfWriter() {}

    /**
     * Writes {@code recording} with {@code annotations} (sorted or not) to {@code file}, replacing
     * it.
     *
     * @return the changes the writer had to make, such as rescaled channels or padding; each was
     *     also logged at INFO
     * @throws EdfException when the sampling frequency gives no whole number of samples per data
     *     record
     */
    public static List<String> write(Recording recording, List<Annotation> annotations, Path file)
            throws IOException {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(annotations, "annotations");
        List<String> warnings = new ArrayList<>();
        String fileName = file.getFileName().toString();
        int channelCount = recording.channels().size();
        long frames = recording.frameCount();
        double frequency = recording.samplingFrequencyHz();

        BigDecimal duration = BigDecimal.ZERO;
        int samplesPerRecord = 0;
        if (channelCount > 0) {
            duration = recordDuration(fileName, frequency, channelCount);
            samplesPerRecord = (int) Math.round(frequency * duration.doubleValue());
        }

        SignalScaling[] scalings = new SignalScaling[channelCount];
        for (int c = 0; c < channelCount; c++) {
            scalings[c] = SignalScaling.of(recording, c, warnings::add);
        }

        List<Long> recordFrames = recordFrames(recording.gaps(), frames, samplesPerRecord);
        boolean discontinuous = !recording.gaps().isEmpty();
        if (samplesPerRecord > 0 && frames % samplesPerRecord != 0) {
            warnings.add(
                    "the last data record is padded with "
                            + (samplesPerRecord - frames % samplesPerRecord)
                            + " frames that repeat the last sample because "
                            + frames
                            + " frames are not a multiple of "
                            + samplesPerRecord
                            + " frames per data record");
        }

        Optional<Instant> start = recording.startTime();
        BigDecimal startFraction =
                start.map(instant -> BigDecimal.valueOf(instant.getNano(), 9).stripTrailingZeros())
                        .orElse(BigDecimal.ZERO);
        TalPacking tals =
                TalPacking.pack(
                        recordFrames, samplesPerRecord, frequency, startFraction, annotations);

        StringBuilder header = new StringBuilder();
        appendFixedHeader(
                header,
                recording,
                start,
                discontinuous,
                recordFrames.size(),
                duration,
                channelCount + 1);
        appendSignalHeaders(
                header, recording, scalings, samplesPerRecord, tals.samplesPerRecord(), warnings);

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] buffer =
                    new byte[2 * (channelCount * samplesPerRecord + tals.samplesPerRecord())];
            for (int r = 0; r < recordFrames.size(); r++) {
                int position = 0;
                long first = recordFrames.get(r);
                for (int c = 0; c < channelCount; c++) {
                    int[] values = scalings[c].values();
                    for (int i = 0; i < samplesPerRecord; i++) {
                        long t = Math.min(first + i, values.length - 1L);
                        int value =
                                inGap(recording.gaps(), t)
                                        ? scalings[c].digitalMinimum()
                                        : values[(int) t];
                        buffer[position++] = (byte) value;
                        buffer[position++] = (byte) (value >> 8);
                    }
                }
                byte[] tal = tals.records().get(r);
                System.arraycopy(tal, 0, buffer, position, tal.length);
                Arrays.fill(buffer, position + tal.length, buffer.length, (byte) 0);
                out.write(buffer);
            }
        }
        for (String warning : warnings) {
            LOG.info("{}: {}", fileName, warning);
        }
        return warnings;
    }

    /** First frame of each data record to write: a grid from 0, without records inside gaps. */
    private static List<Long> recordFrames(
            List<FrameRange> gaps, long frames, int samplesPerRecord) {
        List<Long> starts = new ArrayList<>();
        if (samplesPerRecord == 0) {
            starts.add(0L);
            return starts;
        }
        for (long first = 0; first < frames; first += samplesPerRecord) {
            long end = Math.min(frames, first + samplesPerRecord);
            boolean insideGap = false;
            for (FrameRange gap : gaps) {
                if (gap.start() <= first && end <= gap.end()) {
                    insideGap = true;
                    break;
                }
            }
            if (!insideGap) {
                starts.add(first);
            }
        }
        return starts;
    }

    private static boolean inGap(List<FrameRange> gaps, long frame) {
        for (FrameRange gap : gaps) {
            if (frame >= gap.start() && frame < gap.end()) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal recordDuration(String fileName, double frequency, int channelCount)
            throws EdfException {
        BigDecimal whole = null;
        for (String text : DURATIONS) {
            BigDecimal duration = new BigDecimal(text);
            double samples = frequency * duration.doubleValue();
            if (samples < 1 || Math.abs(samples - Math.rint(samples)) > 1e-6 * samples) {
                continue;
            }
            if (2 * Math.rint(samples) * channelCount <= RECOMMENDED_RECORD_BYTES) {
                return duration;
            }
            if (whole == null) {
                whole = duration;
            }
        }
        if (whole == null) {
            throw new EdfException(
                    fileName
                            + ": sampling frequency "
                            + frequency
                            + " Hz gives no whole number of samples in a data record of 0.1 to 100"
                            + " s; resample the recording first");
        }
        return whole;
    }

    private static void appendFixedHeader(
            StringBuilder header,
            Recording recording,
            Optional<Instant> start,
            boolean discontinuous,
            int recordCount,
            BigDecimal duration,
            int signalCount) {
        String date = "01.01.85";
        String time = "00.00.00";
        String startdate = "X";
        if (start.isPresent()) {
            LocalDateTime local = LocalDateTime.ofInstant(start.get(), ZoneOffset.UTC);
            int year = local.getYear();
            String yy = year > 2084 ? "yy" : String.format("%02d", year % 100);
            if (year >= 1985) {
                date =
                        String.format(
                                "%02d.%02d.%s", local.getDayOfMonth(), local.getMonthValue(), yy);
            }
            time =
                    String.format(
                            "%02d.%02d.%02d",
                            local.getHour(), local.getMinute(), local.getSecond());
            startdate = STARTDATE.format(local).toUpperCase(Locale.ROOT);
        }
        String administrationCode = ascii(recording.name()).replace(' ', '_');
        field(header, "0", 8);
        field(header, "X X X X", 80);
        field(
                header,
                "Startdate "
                        + startdate
                        + " "
                        + (administrationCode.isEmpty() ? "X" : administrationCode)
                        + " X medstream",
                80);
        field(header, date, 8);
        field(header, time, 8);
        field(header, Integer.toString(256 * (signalCount + 1)), 8);
        field(header, discontinuous ? "EDF+D" : "EDF+C", 44);
        field(header, Integer.toString(recordCount), 8);
        field(header, duration.toPlainString(), 8);
        field(header, Integer.toString(signalCount), 4);
    }

    private static void appendSignalHeaders(
            StringBuilder header,
            Recording recording,
            SignalScaling[] scalings,
            int samplesPerRecord,
            int annotationSamples,
            List<String> warnings) {
        int channelCount = scalings.length;
        List<String[]> rows = new ArrayList<>();
        for (int c = 0; c < channelCount; c++) {
            String label = ascii(recording.channels().get(c).name());
            String units =
                    ascii(recording.channels().get(c).units().replace("µ", "u").replace("μ", "u"));
            if (label.length() > 16 || units.length() > 8) {
                warnings.add(
                        "channel "
                                + label
                                + ": label or unit '"
                                + units
                                + "' is cut to 16 and 8 characters");
            }
            rows.add(
                    new String[] {
                        label,
                        "",
                        units,
                        scalings[c].physicalMinimum(),
                        scalings[c].physicalMaximum(),
                        Integer.toString(scalings[c].digitalMinimum()),
                        Integer.toString(scalings[c].digitalMaximum()),
                        "",
                        Integer.toString(samplesPerRecord)
                    });
        }
        rows.add(
                new String[] {
                    EdfSignal.ANNOTATION_LABEL,
                    "",
                    "",
                    "-1",
                    "1",
                    "-32768",
                    "32767",
                    "",
                    Integer.toString(annotationSamples)
                });
        int[] widths = {16, 80, 8, 8, 8, 8, 8, 80, 8};
        for (int f = 0; f < widths.length; f++) {
            for (String[] row : rows) {
                field(header, row[f], widths[f]);
            }
        }
        for (int s = 0; s < rows.size(); s++) {
            field(header, "", 32);
        }
    }

    /** Appends {@code value} left-aligned in {@code width} characters, cut when longer. */
    private static void field(StringBuilder header, String value, int width) {
        String text = value.length() > width ? value.substring(0, width) : value;
        header.append(text).append(" ".repeat(width - text.length()));
    }

    /** Replaces characters outside printable US-ASCII with '?', as EDF headers allow no others. */
    private static String ascii(String text) {
        StringBuilder printable = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            printable.append(c >= 32 && c < 127 ? c : '?');
        }
        return printable.toString();
    }

    /** Seconds of {@code frame} after the header's start time, for TAL onsets. */
    static BigDecimal onset(long frame, double frequency, BigDecimal startFraction) {
        int decimals = Math.max(3, (int) Math.ceil(Math.log10(Math.max(frequency, 1))) + 3);
        BigDecimal seconds =
                BigDecimal.valueOf(frame)
                        .divide(BigDecimal.valueOf(frequency), decimals, RoundingMode.HALF_EVEN);
        return seconds.add(startFraction).stripTrailingZeros();
    }
}
