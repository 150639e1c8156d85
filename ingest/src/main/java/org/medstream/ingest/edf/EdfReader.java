package org.medstream.ingest.edf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads EDF and EDF+ files (EDF+C and EDF+D, 16-bit samples) into an {@link EdfRecording}; its
 * class documentation describes the frame clock, gaps and annotations.
 *
 * <p>A file shorter than its header declares is read up to its last complete data record, with a
 * logged warning that states the shortfall. A file with the record count -1 (unknown) is read up to
 * its last complete data record.
 */
public final class EdfReader {
    private static final Logger LOG = LoggerFactory.getLogger(EdfReader.class);

    /** Maximum frames per channel: the largest Java array. */
    static final long MAX_FRAMES = Integer.MAX_VALUE - 8;

    private final Path file;
    private final String fileName;
    private final List<String> warnings = new ArrayList<>();

    private EdfReader(Path file) {
        this.file = file;
        this.fileName = file.getFileName().toString();
    }

    /**
     * Reads a whole EDF or EDF+ file.
     *
     * @throws EdfException when the header is invalid, a time-keeping TAL is malformed, EDF+D data
     *     records overlap, or a gap is too long to fill with missing samples
     */
    public static EdfRecording read(Path file) throws IOException {
        return new EdfReader(file).read();
    }

    private EdfRecording read() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < EdfHeaderParser.FIXED_BYTES) {
                throw new EdfException(
                        fileName
                                + ": file is "
                                + size
                                + " bytes, shorter than the 256-byte EDF"
                                + " header");
            }
            EdfHeaderParser parser = new EdfHeaderParser(fileName, this::warn);
            byte[] fixed = readFully(channel, 0, EdfHeaderParser.FIXED_BYTES);
            int signalCount = parser.signalCount(fixed);
            long headerBytes =
                    EdfHeaderParser.FIXED_BYTES + (long) EdfHeaderParser.SIGNAL_BYTES * signalCount;
            if (size < headerBytes) {
                throw new EdfException(
                        fileName
                                + ": file is "
                                + size
                                + " bytes, shorter than its "
                                + headerBytes
                                + "-byte header for "
                                + signalCount
                                + " signals");
            }
            byte[] signalPart =
                    readFully(channel, EdfHeaderParser.FIXED_BYTES, (int) headerBytes - 256);
            EdfHeader header = parser.parse(fixed, signalPart);
            long records = completeRecords(header, size);
            return new RecordAssembly(file, header, channel, records, this::warn, warnings)
                    .assemble();
        }
    }

    /**
     * Returns the data records to read, warning when the file is shorter or longer than declared.
     */
    private long completeRecords(EdfHeader header, long size) {
        long recordBytes = header.recordBytes();
        long available = size - header.headerBytes();
        long complete = available / recordBytes;
        long declared = header.dataRecordCount();
        if (declared == -1) {
            if (available % recordBytes != 0) {
                warn(
                        "the file ends with "
                                + (available % recordBytes)
                                + " bytes of an incomplete"
                                + " data record, which are ignored (number of data records is -1)");
            }
            return complete;
        }
        if (complete < declared) {
            warn(
                    "header field 'number of data records' is "
                            + declared
                            + " but the file contains "
                            + complete
                            + " complete data records of "
                            + recordBytes
                            + " bytes ("
                            + (declared * recordBytes - available)
                            + " bytes missing); reading the "
                            + complete
                            + " that exist");
            return complete;
        }
        if (available > declared * recordBytes) {
            warn(
                    (available - declared * recordBytes)
                            + " bytes after data record "
                            + declared
                            + " are ignored");
        }
        return declared;
    }

    private void warn(String message) {
        LOG.warn("{}: {}", fileName, message);
        warnings.add(message);
    }

    static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException(
                        "Unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }
}
