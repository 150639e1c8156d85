package org.medstream.ingest.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.ingest.recording.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the samples of a single-segment record: every signal file, verified against the header. */
final class SingleSegmentReader {
    private static final Logger LOG = LoggerFactory.getLogger(SingleSegmentReader.class);

    /**
     * Samples of each signal at full resolution ({@code samplesPerFrame} values per frame).
     *
     * @param firstFrame record frame of the first delivered frame
     * @param frameCount delivered frames
     * @param warnings problems that were accepted, such as a short signal file
     */
    record Result(int[][] samples, long firstFrame, int frameCount, List<String> warnings) {}

    private SingleSegmentReader() {}

    static Result read(WfdbHeader header, WfdbReadOptions options) throws IOException {
        List<WfdbSignalSpec> specs = header.signals();
        List<SignalGroup> groups = SignalGroup.of(header);
        List<String> warnings = new ArrayList<>();

        for (SignalGroup group : groups) {
            if (!Files.isRegularFile(group.file())) {
                throw new WfdbDataFileNotFoundException(
                        header.headerName(), group.signals()[0], group.file());
            }
        }

        long headerLength = header.frameCount().orElse(0);
        long available = Long.MAX_VALUE;
        SignalGroup shortest = null;
        for (SignalGroup group : groups) {
            long frames = SignalFileReader.availableFrames(group, specs);
            if (frames < available) {
                available = frames;
                shortest = group;
            }
        }

        long totalFrames;
        boolean complete = true;
        if (headerLength <= 0) {
            totalFrames = shortest == null ? 0 : available;
        } else if (shortest != null && available < headerLength) {
            String message =
                    String.format(
                            "Signal file %s of record %s holds %d frames but %s gives %d (short by"
                                    + " %d frames)",
                            shortest.file().getFileName(),
                            header.recordName(),
                            available,
                            header.headerName(),
                            headerLength,
                            headerLength - available);
            if (!options.allowShortFile()) {
                throw new WfdbVerificationException(
                        message
                                + "; the file is truncated or the header length is wrong. To read the"
                                + " frames that exist, allow short files"
                                + " (WfdbReadOptions.allowShortFile, or --allow-short-file)");
            }
            LOG.warn(
                    "Signal file shorter than the header length, returning the frames that exist:"
                            + " header={} file={} expected={} available={}",
                    header.headerName(),
                    shortest.file().getFileName(),
                    headerLength,
                    available);
            warnings.add(message);
            totalFrames = available;
            complete = false;
        } else {
            totalFrames = headerLength;
        }

        long start = options.startFrame();
        int frameCount = options.framesToRead(header.recordName(), totalFrames);

        boolean verify = options.verify() && options.wholeRecord() && headerLength > 0 && complete;
        int[][] samples = new int[specs.size()][];
        for (SignalGroup group : groups) {
            SignalFileReader.Verification verification =
                    SignalFileReader.read(
                            group, specs, start, frameCount, verify ? headerLength : 0, samples);
            if (verification != null) {
                check(header, group, verification);
            }
        }

        for (int s = 0; s < specs.size(); s++) {
            if (samples[s] == null) {
                samples[s] = new int[frameCount * specs.get(s).samplesPerFrame()];
                Arrays.fill(samples[s], Recording.INVALID_SAMPLE);
            }
        }
        return new Result(samples, start, frameCount, warnings);
    }

    private static void check(
            WfdbHeader header, SignalGroup group, SignalFileReader.Verification verification)
            throws WfdbVerificationException {
        for (int g = 0; g < group.signals().length; g++) {
            int signal = group.signals()[g];
            WfdbSignalSpec spec = header.signals().get(signal);

            int first = verification.firstSamples()[g];
            if (spec.initialValueStated() && first != spec.initialValue()) {
                throw new WfdbVerificationException(
                        String.format(
                                "Initial value mismatch in record %s, signal %d (%s): %s gives %d"
                                        + " but the first sample is %d; the signal file may be"
                                        + " damaged or belong to another record (to skip this"
                                        + " check: WfdbReadOptions.verify(false), or --no-verify)",
                                header.recordName(),
                                signal,
                                spec.description(),
                                header.headerName(),
                                spec.initialValue(),
                                first));
            }

            if (spec.checksum().isPresent()) {
                short expected = (short) spec.checksum().getAsInt();
                short actual = (short) verification.sums()[g];
                if (expected != actual) {
                    throw new WfdbVerificationException(
                            String.format(
                                    "Checksum mismatch in record %s, signal %d (%s): %s gives %d"
                                            + " but the samples sum to %d (16-bit); the signal"
                                            + " file may be damaged or belong to another record"
                                            + " (to skip this check: WfdbReadOptions.verify(false),"
                                            + " or --no-verify)",
                                    header.recordName(),
                                    signal,
                                    spec.description(),
                                    header.headerName(),
                                    expected,
                                    actual));
                }
            }
        }
    }
}
