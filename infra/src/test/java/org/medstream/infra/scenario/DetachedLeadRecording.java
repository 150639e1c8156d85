package org.medstream.infra.scenario;

import java.util.Arrays;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;

/**
 * The first frames of a real recording in which every channel is missing ({@link
 * Recording#INVALID_SAMPLE}) during {@code [fromSeconds, toSeconds)}, as when the electrodes come
 * off and the monitor reports no signal.
 */
final class DetachedLeadRecording extends ForwardingRecording {

    /**
     * @throws IllegalArgumentException if the source lacks ADC values or the stretch does not fit
     */
    DetachedLeadRecording(
            Recording source, String name, double seconds, double fromSeconds, double toSeconds) {
        super(detached(source, name, seconds, fromSeconds, toSeconds));
    }

    private static Recording detached(
            Recording source, String name, double seconds, double fromSeconds, double toSeconds) {
        double fs = source.samplingFrequencyHz();
        int frameCount = (int) Math.min(source.frameCount(), Math.round(seconds * fs));
        int from = (int) Math.round(fromSeconds * fs);
        int to = (int) Math.round(toSeconds * fs);
        if (from < 0 || to > frameCount || to <= from) {
            throw new IllegalArgumentException(
                    "Detached stretch ["
                            + fromSeconds
                            + " s, "
                            + toSeconds
                            + " s) does not fit in "
                            + seconds
                            + " s of "
                            + source.source());
        }
        int[][] digital = new int[source.channels().size()][];
        for (int c = 0; c < digital.length; c++) {
            digital[c] = EditedRecording.digitalCopy(source, c, frameCount);
            Arrays.fill(digital[c], from, to, INVALID_SAMPLE);
        }
        return new EditedRecording(source, name, "with detached electrodes", digital);
    }
}
