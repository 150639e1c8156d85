package org.medstream.ingest.wfdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.medstream.ingest.recording.Recording;

/**
 * Reads the samples of one {@link SignalGroup} the way the WFDB library's {@code getframe} does:
 * frame by frame from the byte offset on, deskewing each signal by its skew, and stopping at the
 * last whole sample in the file (so a format 212 file with an odd number of samples and no padding
 * byte, or a 310/311 file whose length is not a multiple of three samples, reads completely).
 */
final class SignalFileReader {

    /** Raw samples of each signal of a group, before deskewing, for header verification. */
    record Verification(long[] sums, int[] firstSamples) {}

    private SignalFileReader() {}

    /** Number of whole frames in the group's signal file after its byte offset. */
    static long availableFrames(SignalGroup group, List<WfdbSignalSpec> specs) throws IOException {
        long size = Files.size(group.file());
        long offset = specs.get(group.signals()[0]).byteOffset();
        long bytes = Math.max(0, size - offset);
        return group.format().samplesIn(bytes) / group.frameSamples();
    }

    /**
     * Reads {@code frameCount} frames from {@code startFrame} into {@code out}, one array per
     * signal of the group (indexed by the signal's header index) holding samplesPerFrame values per
     * frame. Samples past the end of the file (reachable through skew) and stored invalid-sample
     * markers become {@link Recording#INVALID_SAMPLE}.
     *
     * @param verifyFrames when positive, also sums the first {@code verifyFrames} frames of each
     *     signal as stored (before deskewing); requires {@code startFrame == 0}
     * @return the sums and first samples when {@code verifyFrames} is positive, otherwise null
     */
    static Verification read(
            SignalGroup group,
            List<WfdbSignalSpec> specs,
            long startFrame,
            int frameCount,
            long verifyFrames,
            int[][] out)
            throws IOException {
        StorageFormat format = group.format();
        int frameSamples = group.frameSamples();
        int groupSamples = format.groupSamples();
        int groupBytes = format.groupBytes();
        long byteOffset = specs.get(group.signals()[0]).byteOffset();

        int maxSkew = 0;
        for (int signal : group.signals()) {
            maxSkew = Math.max(maxSkew, specs.get(signal).skewFrames());
        }

        // Format 8 stores differences, so decoding starts at the first sample whatever the range.
        long streamStart = (startFrame * frameSamples / groupSamples) * groupSamples;
        if (format == StorageFormat.FORMAT_8) {
            streamStart = 0;
        }
        long streamEnd = (startFrame + frameCount + maxSkew) * frameSamples;
        streamEnd = Math.max(streamEnd, verifyFrames * frameSamples);
        long wantedSamples = streamEnd - streamStart;
        if (wantedSamples > Integer.MAX_VALUE - 8) {
            throw new WfdbException(
                    String.format(
                            "Range of %d frames from frame %d in %s is too long to hold in memory;"
                                    + " read it in smaller ranges",
                            frameCount, startFrame, group.file().getFileName()));
        }

        long byteStart = byteOffset + streamStart / groupSamples * groupBytes;
        long wantedBytes = (wantedSamples + groupSamples - 1) / groupSamples * groupBytes;
        byte[] bytes = readBytes(group, byteStart, wantedBytes);

        int count = (int) Math.min(format.samplesIn(bytes.length), wantedSamples);
        int[] stream = new int[count];
        format.decode(bytes, count, stream);
        if (format == StorageFormat.FORMAT_8) {
            accumulateDifferences(group, specs, stream);
        }

        Verification verification = null;
        if (verifyFrames > 0) {
            verification = verify(group, specs, stream, verifyFrames);
        }

        int invalidMarker = format.invalidMarker().orElse(Recording.INVALID_SAMPLE);
        for (int g = 0; g < group.signals().length; g++) {
            WfdbSignalSpec spec = specs.get(group.signals()[g]);
            int spf = spec.samplesPerFrame();
            int[] samples = new int[frameCount * spf];
            // NOTE: the WFDB library ends a skewed record when the furthest-ahead signal reaches
            // the
            // end of the file; this reader keeps the header's length and marks those samples
            // missing.
            for (int t = 0; t < frameCount; t++) {
                long first =
                        (startFrame + t + spec.skewFrames()) * frameSamples
                                + group.sampleOffsets()[g]
                                - streamStart;
                for (int c = 0; c < spf; c++) {
                    long index = first + c;
                    int value = Recording.INVALID_SAMPLE;
                    if (index < count && stream[(int) index] != invalidMarker) {
                        value = stream[(int) index];
                    }
                    samples[t * spf + c] = value;
                }
            }
            out[group.signals()[g]] = samples;
        }
        return verification;
    }

    private static byte[] readBytes(SignalGroup group, long byteStart, long wantedBytes)
            throws IOException {
        try (FileChannel channel = FileChannel.open(group.file(), StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - byteStart);
            int length = (int) Math.min(wantedBytes, available);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long position = byteStart;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            if (buffer.hasRemaining()) {
                byte[] partial = new byte[buffer.position()];
                buffer.flip();
                buffer.get(partial);
                return partial;
            }
            return buffer.array();
        }
    }

    /** Turns format 8 differences into samples; each signal starts from its initial value. */
    private static void accumulateDifferences(
            SignalGroup group, List<WfdbSignalSpec> specs, int[] stream) {
        int frameSamples = group.frameSamples();
        int[] signalAtPosition = new int[frameSamples];
        for (int g = 0; g < group.signals().length; g++) {
            int spf = specs.get(group.signals()[g]).samplesPerFrame();
            for (int c = 0; c < spf; c++) {
                signalAtPosition[group.sampleOffsets()[g] + c] = g;
            }
        }
        int[] previous = new int[group.signals().length];
        for (int g = 0; g < previous.length; g++) {
            previous[g] = specs.get(group.signals()[g]).initialValue();
        }
        for (int k = 0; k < stream.length; k++) {
            int g = signalAtPosition[k % frameSamples];
            previous[g] += stream[k];
            stream[k] = previous[g];
        }
    }

    private static Verification verify(
            SignalGroup group, List<WfdbSignalSpec> specs, int[] stream, long verifyFrames) {
        int frameSamples = group.frameSamples();
        long[] sums = new long[group.signals().length];
        int[] firstSamples = new int[group.signals().length];
        for (int g = 0; g < sums.length; g++) {
            int spf = specs.get(group.signals()[g]).samplesPerFrame();
            int offset = group.sampleOffsets()[g];
            firstSamples[g] = offset < stream.length ? stream[offset] : Recording.INVALID_SAMPLE;
            long sum = 0;
            for (long t = 0; t < verifyFrames; t++) {
                for (int c = 0; c < spf; c++) {
                    long index = t * frameSamples + offset + c;
                    if (index < stream.length) {
                        sum += stream[(int) index];
                    }
                }
            }
            sums[g] = sum;
        }
        return new Verification(sums, firstSamples);
    }
}
