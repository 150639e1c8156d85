package org.medstream.model.medtsllm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.model.medtsllm.train.BoundaryRecords.MitBihLead;
import org.medstream.model.mitbih.MitBihSequences;

/**
 * Reads MIT-BIH records for the anomaly task and cuts them into windows. The reference anomalous
 * samples are those of {@link AnomalyReference}, computed on the annotations moved to 125 Hz.
 */
public final class AnomalyWindows {
    private AnomalyWindows() {}

    /**
     * Reads lead MLII of MIT-BIH record {@code number} from {@code folder} at 125 Hz, as the beats
     * task does, and marks its anomalous samples.
     *
     * @throws IOException when the record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when the record is not sampled at 360 Hz or has no MLII or
     *     lead II channel
     */
    public static AnomalyRecord read(Path folder, int number) throws IOException {
        MitBihLead lead = BoundaryRecords.mitBihLead(folder, number);
        boolean[] anomalous =
                AnomalyReference.anomalous(
                        lead.annotations(),
                        lead.signal().length,
                        BoundaryTask.SAMPLING_FREQUENCY_HZ);
        return new AnomalyRecord(number, lead.signal(), anomalous);
    }

    /**
     * Training windows: those of {@link #stepped} that contain no anomalous sample, so the model
     * learns to reconstruct normal beats only.
     */
    public static List<LabelledWindow> normal(
            List<AnomalyRecord> records, int windowLength, int step) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (LabelledWindow window : stepped(records, windowLength, step)) {
            if (!hasAnomaly(window)) {
                windows.add(window);
            }
        }
        return windows;
    }

    /**
     * Every window of {@code windowLength} samples every {@code step} samples from each record's
     * start. Targets are 1 at the reference anomalous samples, else 0, and every sample's mask is
     * 1, because the reconstruction loss counts every sample.
     */
    public static List<LabelledWindow> stepped(
            List<AnomalyRecord> records, int windowLength, int step) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (AnomalyRecord record : records) {
            int length = record.signal().length;
            for (int start = 0; start + windowLength <= length; start += step) {
                windows.add(window(record, start, windowLength));
            }
        }
        return windows;
    }

    /** True when the window contains an anomalous sample (a target of 1). */
    public static boolean hasAnomaly(LabelledWindow window) {
        for (int target : window.targets()) {
            if (target != 0) {
                return true;
            }
        }
        return false;
    }

    private static LabelledWindow window(AnomalyRecord record, int start, int windowLength) {
        float[] input = Arrays.copyOfRange(record.signal(), start, start + windowLength);
        int[] targets = new int[windowLength];
        float[] mask = new float[windowLength];
        for (int i = 0; i < windowLength; i++) {
            targets[i] = record.anomalous()[start + i] ? 1 : 0;
            mask[i] = 1f;
        }
        return new LabelledWindow(
                record.number(), MitBihSequences.LEAD, start, input, targets, mask);
    }
}
