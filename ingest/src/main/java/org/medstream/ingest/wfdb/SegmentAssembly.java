package org.medstream.ingest.wfdb;

import java.util.Arrays;
import java.util.List;
import org.medstream.ingest.recording.Recording;

/**
 * Frame-rate channels of a multi-segment record being assembled from its segments. Frames that no
 * segment fills stay missing: {@link Recording#INVALID_SAMPLE} and NaN.
 */
final class SegmentAssembly {
    private final List<WfdbSignalSpec> channels;
    private final int[][] digital;
    private final double[][] physical;
    private final boolean[] gainChanges;

    SegmentAssembly(List<WfdbSignalSpec> channels, int frameCount) {
        this.channels = channels;
        this.digital = new int[channels.size()][frameCount];
        this.physical = new double[channels.size()][frameCount];
        this.gainChanges = new boolean[channels.size()];
        for (int c = 0; c < channels.size(); c++) {
            Arrays.fill(digital[c], Recording.INVALID_SAMPLE);
            Arrays.fill(physical[c], Double.NaN);
        }
    }

    /**
     * Copies the frames of one segment, converted with the segment's own gain and baseline.
     *
     * @param mapping record channel of each segment signal, -1 to drop it
     * @param offset frame of this assembly where the segment's first frame goes
     * @param maxFrames frames the master header assigns to this part; extra frames are dropped
     */
    void add(WfdbRecord part, WfdbHeader header, int[] mapping, int offset, int maxFrames) {
        for (int s = 0; s < mapping.length; s++) {
            int c = mapping[s];
            if (c < 0) {
                continue;
            }
            WfdbSignalSpec spec = header.signals().get(s);
            WfdbSignalSpec channel = channels.get(c);
            if (spec.effectiveGain() != channel.effectiveGain()
                    || spec.baseline() != channel.baseline()) {
                gainChanges[c] = true;
            }
            int[] values = part.digital(s).orElseThrow();
            int frames = Math.min(values.length, maxFrames);
            for (int t = 0; t < frames; t++) {
                digital[c][offset + t] = values[t];
                physical[c][offset + t] = spec.toPhysical(values[t]);
            }
        }
    }

    boolean hasSingleGain(int channel) {
        return !gainChanges[channel];
    }

    int[] digital(int channel) {
        return digital[channel];
    }

    double[] physical(int channel) {
        return physical[channel];
    }
}
