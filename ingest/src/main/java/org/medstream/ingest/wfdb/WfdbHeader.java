package org.medstream.ingest.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Contents of a WFDB header file ({@code .hea}): the record line, the signal lines or, for a
 * multi-segment record, the segment lines, and the comment lines.
 *
 * @param headerFile path of the header file that was parsed
 * @param recordName record name from the record line, without the {@code /segments} suffix
 * @param segmentCount number of segments for a multi-segment record; empty for a single segment
 * @param signalCount number of signals declared on the record line
 * @param samplingFrequency frames per second; 250 when the header gives none, as in WFDB
 * @param counterFrequency counter ticks per second; empty when the header gives none
 * @param baseCounter counter value at frame 0; 0 when the header gives none
 * @param frameCount number of frames (samples per signal); empty when the header gives none. When
 *     it is empty or 0, the reader of a single-segment record reads to the end of the signal file.
 * @param baseTime time of day of frame 0; empty when the header gives none
 * @param baseDate date of frame 0; empty when the header gives none or only a year
 * @param signals signal lines, empty for a multi-segment master header
 * @param segments segment lines of a multi-segment master header, empty otherwise
 * @param comments comment lines without the leading {@code #} and surrounding blanks
 */
public record WfdbHeader(
        Path headerFile,
        String recordName,
        OptionalInt segmentCount,
        int signalCount,
        double samplingFrequency,
        Optional<Double> counterFrequency,
        double baseCounter,
        OptionalLong frameCount,
        Optional<LocalTime> baseTime,
        Optional<LocalDate> baseDate,
        List<WfdbSignalSpec> signals,
        List<WfdbSegmentSpec> segments,
        List<String> comments) {

    /** Frames per second assumed when the record line gives no sampling frequency. */
    public static final double DEFAULT_SAMPLING_FREQUENCY = 250.0;

    public WfdbHeader {
        Objects.requireNonNull(headerFile, "headerFile");
        Objects.requireNonNull(recordName, "recordName");
        signals = List.copyOf(signals);
        segments = List.copyOf(segments);
        comments = List.copyOf(comments);
    }

    /**
     * Reads and parses a header file.
     *
     * @param headerFile path of the {@code .hea} file
     * @throws NoSuchFileException when the header file does not exist
     * @throws WfdbHeaderException when a line does not follow the header specification
     */
    public static WfdbHeader read(Path headerFile) throws IOException {
        byte[] bytes = Files.readAllBytes(headerFile);

        // Headers are ASCII by specification, but a few in the wild carry Latin-1 units such as
        // the micro sign. Those bytes decode to the replacement character instead of failing.
        String text = new String(bytes, StandardCharsets.UTF_8);
        return HeaderParser.parse(headerFile, text);
    }

    /** True when the header describes a multi-segment record. */
    public boolean isMultiSegment() {
        return segmentCount.isPresent();
    }

    /**
     * UTC instant of frame 0 when the header gives both a full date and a time; empty otherwise.
     * WFDB times carry no time zone, so the wall-clock time is read as UTC.
     */
    public Optional<Instant> startTime() {
        if (baseTime.isEmpty() || baseDate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(baseDate.get().atTime(baseTime.get()).toInstant(ZoneOffset.UTC));
    }

    /** Header file name without directory, for messages. */
    public String headerName() {
        return headerFile.getFileName().toString();
    }
}
