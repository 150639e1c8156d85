package org.medstream.model.medtsllm.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.WaveLabels;

/**
 * Cuts LUDB records into univariate windows, each lead on its own. Only samples inside a lead's
 * annotated span count.
 */
public final class WaveWindows {
    private WaveWindows() {}

    /**
     * Windows for training: starts 0, step, 2·step, … while the window fits, keeping only windows
     * with at least one annotated sample.
     */
    public static List<LabelledWindow> training(
            List<LudbRecord> records, int windowLength, int step) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (LudbRecord record : records) {
            for (int lead = 0; lead < record.leads().size(); lead++) {
                int length = record.signals().get(lead).length;
                for (int start = 0; start + windowLength <= length; start += step) {
                    LabelledWindow window = window(record, lead, start, windowLength, start);
                    if (window.hasLabels()) {
                        windows.add(window);
                    }
                }
            }
        }
        return windows;
    }

    /**
     * Windows for scoring, which label every sample of each lead once: non-overlapping windows from
     * 0, and a last window that ends at the record's end, whose samples already covered by the
     * window before carry mask 0. Windows without an annotated sample are left out.
     */
    public static List<LabelledWindow> scoring(List<LudbRecord> records, int windowLength) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (LudbRecord record : records) {
            for (int lead = 0; lead < record.leads().size(); lead++) {
                int length = record.signals().get(lead).length;
                int covered = 0;
                while (covered < length) {
                    int start = Math.min(covered, length - windowLength);
                    LabelledWindow window = window(record, lead, start, windowLength, covered);
                    if (window.hasLabels()) {
                        windows.add(window);
                    }
                    covered = start + windowLength;
                }
            }
        }
        return windows;
    }

    /** Cuts one window; samples before {@code firstCounted} get mask 0. */
    private static LabelledWindow window(
            LudbRecord record, int lead, int start, int windowLength, int firstCounted) {
        float[] signal = record.signals().get(lead);
        if (signal.length < windowLength) {
            throw new IllegalArgumentException(
                    "Record "
                            + record.number()
                            + " lead "
                            + record.leads().get(lead)
                            + " has "
                            + signal.length
                            + " samples, fewer than one window of "
                            + windowLength);
        }
        WaveLabels labels = record.labels().get(lead);
        float[] input = Arrays.copyOfRange(signal, start, start + windowLength);
        int[] targets = Arrays.copyOfRange(labels.labels(), start, start + windowLength);
        float[] mask = new float[windowLength];
        for (int i = 0; i < windowLength; i++) {
            int t = start + i;
            mask[i] = t >= firstCounted && labels.isAnnotated(t) ? 1f : 0f;
        }
        return new LabelledWindow(
                record.number(), record.leads().get(lead), start, input, targets, mask);
    }
}
