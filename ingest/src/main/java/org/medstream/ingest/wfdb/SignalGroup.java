package org.medstream.ingest.wfdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals stored together in one signal file: consecutive signal lines of a header that name the
 * same file, as the WFDB library groups them. Samples in the file are interleaved frame by frame,
 * each signal contributing its samples per frame in header order.
 *
 * @param file signal file path, resolved against the header's directory
 * @param format storage format shared by the signals of the file
 * @param signals indices of the signals in the header, in file order
 * @param sampleOffsets position of each signal's first sample within a frame
 * @param frameSamples samples in one frame of the file
 */
record SignalGroup(
        Path file, StorageFormat format, int[] signals, int[] sampleOffsets, int frameSamples) {

    /**
     * Groups the signals of a single-segment header by signal file; null signals belong to no
     * group.
     *
     * @throws UnsupportedWfdbFormatException when a signal's format is not decoded by this reader
     * @throws WfdbHeaderException when signals of one file disagree on the format
     */
    static List<SignalGroup> of(WfdbHeader header) throws WfdbException {
        List<WfdbSignalSpec> specs = header.signals();
        Path directory = header.headerFile().toAbsolutePath().getParent();
        List<SignalGroup> groups = new ArrayList<>();

        int s = 0;
        while (s < specs.size()) {
            WfdbSignalSpec first = specs.get(s);
            int end = s + 1;
            while (end < specs.size() && specs.get(end).fileName().equals(first.fileName())) {
                end++;
            }
            if (first.isNull()) {
                s = end;
                continue;
            }

            int firstIndex = s;
            StorageFormat format =
                    StorageFormat.of(first.format())
                            .orElseThrow(
                                    () ->
                                            new UnsupportedWfdbFormatException(
                                                    first.format(),
                                                    firstIndex,
                                                    header.headerName()));
            int[] signals = new int[end - s];
            int[] offsets = new int[end - s];
            int frameSamples = 0;
            for (int i = s; i < end; i++) {
                WfdbSignalSpec spec = specs.get(i);
                if (spec.format() != first.format()) {
                    throw new WfdbHeaderException(
                            String.format(
                                    "Signals %d and %d of %s share file %s but give formats %d"
                                            + " and %d; all signals of one file must use the same"
                                            + " format",
                                    s,
                                    i,
                                    header.headerName(),
                                    first.fileName(),
                                    first.format(),
                                    spec.format()));
                }
                signals[i - s] = i;
                offsets[i - s] = frameSamples;
                frameSamples += spec.samplesPerFrame();
            }
            groups.add(
                    new SignalGroup(
                            directory.resolve(first.fileName()),
                            format,
                            signals,
                            offsets,
                            frameSamples));
            s = end;
        }
        return groups;
    }
}
