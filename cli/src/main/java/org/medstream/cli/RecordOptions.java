package org.medstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.csv.CsvReadOptions;
import org.medstream.ingest.recording.ReadOptions;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Read options of the recordings given with {@code --record}, as a picocli mixin. */
final class RecordOptions {
    @Option(
            names = "--allow-short-file",
            description =
                    "Read the frames that exist when a signal file is shorter than its header"
                            + " says (logged as a warning) instead of failing.")
    boolean allowShortFile;

    @Option(
            names = "--no-verify",
            description =
                    "Skip the check of each signal's first sample and checksum against the"
                            + " header.")
    boolean noVerify;

    @Option(
            names = "--sampling-frequency",
            paramLabel = "HZ",
            converter = PositiveHz.class,
            description =
                    "CSV files: sampling frequency in Hz. Required when the file has no time"
                            + " column or only sample numbers; a time column in seconds or"
                            + " timestamps must agree with it.")
    Double samplingFrequencyHz;

    @Option(
            names = "--time-column",
            paramLabel = "NAME",
            description =
                    "CSV files: name of the time column (default: the first column named time,"
                            + " timestamp, sample or similar).")
    String timeColumn;

    @Option(
            names = "--units",
            paramLabel = "LIST",
            split = ",",
            description =
                    "CSV files: physical unit of each signal column in file order, for example"
                            + " mV,mV,NU; an empty entry keeps the unit from the header"
                            + " ('II [mV]' or 'II (mV)').")
    List<String> units = new ArrayList<>();

    @Option(
            names = "--timezone",
            paramLabel = "ZONE",
            converter = Zone.class,
            description =
                    "CSV files: time zone of timestamps without an offset, for example"
                            + " Europe/Berlin or +02:00 (default: UTC, never the host's zone).")
    ZoneId zone = ZoneOffset.UTC;

    Recording open(Path path) throws IOException {
        WfdbReadOptions wfdb =
                WfdbReadOptions.defaults().allowShortFile(allowShortFile).verify(!noVerify);
        CsvReadOptions csv = CsvReadOptions.defaults().zone(zone);
        if (samplingFrequencyHz != null) {
            csv = csv.samplingFrequency(samplingFrequencyHz);
        }
        if (timeColumn != null) {
            csv = csv.timeColumn(timeColumn);
        }
        if (!units.isEmpty()) {
            csv = csv.units(units);
        }
        return RecordingFiles.open(path, new ReadOptions(wfdb, csv));
    }

    /** Converts a positive, finite number of Hz. */
    static final class PositiveHz implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double hz;
            try {
                hz = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of Hz");
            }
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new TypeConversionException(
                        "'" + value + "' must be a positive number of Hz");
            }
            return hz;
        }
    }

    /** Converts a region id such as Europe/Berlin or an offset such as +02:00. */
    static final class Zone implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not a time zone; give a region such as Europe/Berlin,"
                                + " an offset such as +02:00, or UTC");
            }
        }
    }
}
