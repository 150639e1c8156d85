package org.medstream.ingest.wfdb;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads multi-segment records by concatenating their segments.
 *
 * <p>In a fixed-layout record every segment has the signals of the first segment, in the same
 * order. In a variable-layout record the first segment is a layout header of length 0 whose signal
 * lines give the record's channels. Each segment's signals are matched to them by description, and
 * channels that a segment lacks are missing (NaN) for that segment. Null segments ({@code ~}) are
 * gaps in which every channel is missing. Physical values use each segment's own gain and baseline.
 * A channel keeps ADC values ({@link Recording#digital}) only when every segment that contains it
 * uses the channel's gain and baseline.
 */
final class MultiSegmentReader {
    private static final Logger LOG = LoggerFactory.getLogger(MultiSegmentReader.class);

    private MultiSegmentReader() {}

    static WfdbRecord read(WfdbHeader master, WfdbReadOptions options) throws IOException {
        Path directory = master.headerFile().toAbsolutePath().getParent();
        List<WfdbSegmentSpec> segments = new ArrayList<>(master.segments());
        List<String> warnings = new ArrayList<>();

        WfdbHeader layout = null;
        if (!segments.isEmpty() && !segments.get(0).isNull() && segments.get(0).frameCount() == 0) {
            layout = loadSegment(master, directory, segments.get(0), 0);
            segments.remove(0);
        }

        long totalFrames = 0;
        for (WfdbSegmentSpec segment : segments) {
            totalFrames += segment.frameCount();
        }
        long stated = master.frameCount().orElse(0);
        if (stated > 0 && stated != totalFrames) {
            String message =
                    String.format(
                            "%s gives %d frames but its segments add up to %d; reading %d",
                            master.headerName(), stated, totalFrames, totalFrames);
            LOG.warn(
                    "Record length differs from the sum of segment lengths: header={} stated={}"
                            + " segments={}",
                    master.headerName(),
                    stated,
                    totalFrames);
            warnings.add(message);
        }

        long start = options.startFrame();
        int frameCount = options.framesToRead(master.recordName(), totalFrames);

        List<WfdbSignalSpec> channelSpecs =
                layout != null
                        ? layout.signals()
                        : firstSegmentSignals(master, directory, segments);
        int channelCount = channelSpecs.size();
        SegmentAssembly assembly = new SegmentAssembly(channelSpecs, frameCount);

        long segmentStart = 0;
        for (int i = 0; i < segments.size(); i++) {
            WfdbSegmentSpec segment = segments.get(i);
            long segmentEnd = segmentStart + segment.frameCount();
            long from = Math.max(start, segmentStart);
            long to = Math.min(start + frameCount, segmentEnd);
            if (from < to && !segment.isNull()) {
                int segmentIndex = layout != null ? i + 1 : i;
                WfdbHeader header = loadSegment(master, directory, segment, segmentIndex);
                checkFrequency(master, header);
                // A segment read whole is verified against its header; a partial one cannot be.
                boolean wholeSegment =
                        from == segmentStart
                                && to == segmentEnd
                                && header.frameCount().orElse(0) == segment.frameCount();
                WfdbReadOptions segmentOptions =
                        wholeSegment
                                ? new WfdbReadOptions(
                                        0,
                                        OptionalLong.empty(),
                                        options.allowShortFile(),
                                        options.verify())
                                : options.range(from - segmentStart, to - from);
                WfdbRecord part = readSegment(master, header, segmentOptions, segmentIndex);
                warnings.addAll(part.warnings());
                if (part.frameCount() < to - from) {
                    String message =
                            String.format(
                                    "Segment %s of record %s has %d frames where %s lists %d;"
                                            + " the remaining frames are missing",
                                    segment.recordName(),
                                    master.recordName(),
                                    from - segmentStart + part.frameCount(),
                                    master.headerName(),
                                    segment.frameCount());
                    LOG.warn(
                            "Segment shorter than listed, rest missing: record={} segment={}"
                                    + " listed={} read={}",
                            master.recordName(),
                            segment.recordName(),
                            segment.frameCount(),
                            part.frameCount());
                    warnings.add(message);
                }
                int[] mapping = mapSignals(master, header, channelSpecs, layout != null);
                assembly.add(part, header, mapping, (int) (from - start), (int) (to - from));
            }
            segmentStart = segmentEnd;
        }

        List<RecordingChannel> channels = new ArrayList<>();
        int[][] samples = new int[channelCount][];
        double[][] physical = new double[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            WfdbSignalSpec spec = channelSpecs.get(c);
            boolean singleGain = assembly.hasSingleGain(c);
            channels.add(
                    new RecordingChannel(
                            spec.description(),
                            spec.units(),
                            singleGain ? spec.effectiveGain() : Double.NaN,
                            spec.baseline(),
                            singleGain ? spec.adcRange() : Optional.empty()));
            samples[c] = singleGain ? assembly.digital(c) : null;
            physical[c] = assembly.physical(c);
        }
        int[] samplesPerFrame = new int[channelCount];
        Arrays.fill(samplesPerFrame, 1);
        return new WfdbRecord(
                master, start, frameCount, channels, samplesPerFrame, samples, physical, warnings);
    }

    private static WfdbHeader loadSegment(
            WfdbHeader master, Path directory, WfdbSegmentSpec segment, int index)
            throws WfdbException {
        Path path = directory.resolve(segment.recordName() + ".hea");
        try {
            WfdbHeader header = WfdbHeader.read(path);
            if (header.isMultiSegment()) {
                throw new WfdbHeaderException(
                        path.getFileName() + " is itself a multi-segment header");
            }
            return header;
        } catch (NoSuchFileException e) {
            throw new WfdbException(
                    String.format(
                            "Segment %d (%s) of record %s failed to load: header %s not found;"
                                    + " copy the segment files next to %s",
                            index,
                            segment.recordName(),
                            master.recordName(),
                            path,
                            master.headerName()),
                    e);
        } catch (IOException e) {
            throw new WfdbException(
                    String.format(
                            "Segment %d (%s) of record %s failed to load: %s",
                            index, segment.recordName(), master.recordName(), e.getMessage()),
                    e);
        }
    }

    private static WfdbRecord readSegment(
            WfdbHeader master, WfdbHeader header, WfdbReadOptions options, int index)
            throws WfdbException {
        try {
            return WfdbRecord.fromSingleSegment(header, SingleSegmentReader.read(header, options));
        } catch (IOException e) {
            throw new WfdbException(
                    String.format(
                            "Segment %d (%s) of record %s failed to load: %s",
                            index, header.recordName(), master.recordName(), e.getMessage()),
                    e);
        }
    }

    private static List<WfdbSignalSpec> firstSegmentSignals(
            WfdbHeader master, Path directory, List<WfdbSegmentSpec> segments)
            throws WfdbException {
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).isNull()) {
                return loadSegment(master, directory, segments.get(i), i).signals();
            }
        }
        return List.of();
    }

    private static void checkFrequency(WfdbHeader master, WfdbHeader segment)
            throws WfdbHeaderException {
        if (Math.abs(segment.samplingFrequency() - master.samplingFrequency()) > 1e-9) {
            throw new WfdbHeaderException(
                    String.format(
                            "Segment %s of record %s is sampled at %s Hz but %s gives %s Hz;"
                                    + " all segments must share the record's frequency",
                            segment.recordName(),
                            master.recordName(),
                            segment.samplingFrequency(),
                            master.headerName(),
                            master.samplingFrequency()));
        }
    }

    /**
     * Maps each signal of a segment to a record channel: by position in a fixed layout, by
     * description in a variable layout. Unmatched signals map to -1 and are dropped with a warning.
     */
    private static int[] mapSignals(
            WfdbHeader master,
            WfdbHeader segment,
            List<WfdbSignalSpec> channels,
            boolean variableLayout)
            throws WfdbHeaderException {
        List<WfdbSignalSpec> signals = segment.signals();
        int[] mapping = new int[signals.size()];
        if (!variableLayout) {
            if (signals.size() != channels.size()) {
                throw new WfdbHeaderException(
                        String.format(
                                "Segment %s of fixed-layout record %s has %d signals but the first"
                                        + " segment has %d; a fixed layout needs the same signals"
                                        + " in every segment",
                                segment.recordName(),
                                master.recordName(),
                                signals.size(),
                                channels.size()));
            }
            for (int s = 0; s < mapping.length; s++) {
                mapping[s] = s;
            }
            return mapping;
        }

        boolean[] taken = new boolean[channels.size()];
        for (int s = 0; s < mapping.length; s++) {
            mapping[s] = -1;
            for (int c = 0; c < channels.size(); c++) {
                if (!taken[c]
                        && channels.get(c).description().equals(signals.get(s).description())) {
                    mapping[s] = c;
                    taken[c] = true;
                    break;
                }
            }
            if (mapping[s] < 0) {
                LOG.warn(
                        "Segment signal not in the layout header, dropped: record={} segment={}"
                                + " signal={}",
                        master.recordName(),
                        segment.recordName(),
                        signals.get(s).description());
            }
        }
        return mapping;
    }
}
