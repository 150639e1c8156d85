package org.medstream.ingest.csv;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Options for {@link CsvRecordingReader#read(Path, CsvReadOptions)}.
 *
 * @param samplingFrequencyHz frames per second. It is mandatory when the file has no time column or
 *     only sample numbers. A time column in seconds or timestamps must agree with it.
 * @param timeColumn name of the time column, compared without its unit and case; empty to detect a
 *     column named {@code time}, {@code timestamp}, {@code sample} or similar
 * @param units physical unit per signal column in file order, overriding the unit in the header; an
 *     empty entry keeps the header's unit. Empty to take every unit from the header.
 * @param startTime UTC time of frame 0, overriding timestamps in the time column
 * @param zone time zone of timestamps that carry no offset; UTC by default, never the host's zone
 * @param annotationsFile CSV file of annotations ({@code sample} or {@code time} in seconds, then
 *     {@code label}); empty to read only a BIDMC {@code _Breaths.csv} sibling when there is one
 */
public record CsvReadOptions(
        OptionalDouble samplingFrequencyHz,
        Optional<String> timeColumn,
        List<String> units,
        Optional<Instant> startTime,
        ZoneId zone,
        Optional<Path> annotationsFile) {

    public CsvReadOptions {
        Objects.requireNonNull(samplingFrequencyHz, "samplingFrequencyHz");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(annotationsFile, "annotationsFile");
        units = List.copyOf(units);
        if (samplingFrequencyHz.isPresent()) {
            double hz = samplingFrequencyHz.getAsDouble();
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException(
                        "Sampling frequency must be positive and finite, got " + hz + " Hz");
            }
        }
    }

    /** No sampling frequency, detected time column, units from the header, timestamps in UTC. */
    public static CsvReadOptions defaults() {
        return new CsvReadOptions(
                OptionalDouble.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                ZoneOffset.UTC,
                Optional.empty());
    }

    /** Same options with the given sampling frequency in Hz. */
    public CsvReadOptions samplingFrequency(double hz) {
        return new CsvReadOptions(
                OptionalDouble.of(hz), timeColumn, units, startTime, zone, annotationsFile);
    }

    /** Same options with the time column given by name. */
    public CsvReadOptions timeColumn(String name) {
        return new CsvReadOptions(
                samplingFrequencyHz, Optional.of(name), units, startTime, zone, annotationsFile);
    }

    /** Same options with one unit per signal column; an empty entry keeps the header's unit. */
    public CsvReadOptions units(List<String> unitsPerSignal) {
        List<String> trimmed = new ArrayList<>();
        for (String unit : unitsPerSignal) {
            trimmed.add(unit.strip());
        }
        return new CsvReadOptions(
                samplingFrequencyHz, timeColumn, trimmed, startTime, zone, annotationsFile);
    }

    /** Same options with frame 0 at the given UTC time. */
    public CsvReadOptions startTime(Instant start) {
        return new CsvReadOptions(
                samplingFrequencyHz, timeColumn, units, Optional.of(start), zone, annotationsFile);
    }

    /** Same options with timestamps that carry no offset read in {@code zoneId}. */
    public CsvReadOptions zone(ZoneId zoneId) {
        return new CsvReadOptions(
                samplingFrequencyHz, timeColumn, units, startTime, zoneId, annotationsFile);
    }

    /** Same options with annotations read from {@code file}. */
    public CsvReadOptions annotationsFile(Path file) {
        return new CsvReadOptions(
                samplingFrequencyHz, timeColumn, units, startTime, zone, Optional.of(file));
    }
}
