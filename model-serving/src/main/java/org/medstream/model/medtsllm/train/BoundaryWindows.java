package org.medstream.model.medtsllm.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts {@link BoundaryRecord} spans into windows labelled 1 within a half width of each reference
 * boundary and 0 elsewhere. No window reads a sample outside its record's span. A window of a
 * record with several channels contains them one after the other.
 */
public final class BoundaryWindows {
    private BoundaryWindows() {}

    /**
     * Returns the per-sample targets of a whole record: 1 within {@code halfWidth} samples of a
     * boundary, else 0.
     */
    public static int[] labels(int[] boundaries, int length, int halfWidth) {
        if (halfWidth < 0) {
            throw new IllegalArgumentException("halfWidth must be 0 or more, got " + halfWidth);
        }
        int[] labels = new int[length];
        for (int boundary : boundaries) {
            int from = Math.max(0, boundary - halfWidth);
            int to = Math.min(length - 1, boundary + halfWidth);
            for (int t = from; t <= to; t++) {
                labels[t] = 1;
            }
        }
        return labels;
    }

    /**
     * Windows for training: starts at the span's start, then every {@code step} samples while the
     * window ends inside the span. Every sample counts.
     */
    public static List<LabelledWindow> training(
            List<BoundaryRecord> records, int windowLength, int step, int halfWidth) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (BoundaryRecord record : records) {
            requireFits(record, windowLength);
            int[] labels = labels(record.boundaries(), record.signal().length, halfWidth);
            for (int start = record.from(); start + windowLength <= record.to(); start += step) {
                windows.add(window(record, labels, start, windowLength, start));
            }
        }
        return windows;
    }

    /**
     * Windows for scoring, which cover every sample of each span once: non-overlapping windows from
     * the span's start, and a last window that ends at the span's end, whose samples already
     * covered by the window before carry mask 0.
     */
    public static List<LabelledWindow> scoring(
            List<BoundaryRecord> records, int windowLength, int halfWidth) {
        List<LabelledWindow> windows = new ArrayList<>();
        for (BoundaryRecord record : records) {
            requireFits(record, windowLength);
            int[] labels = labels(record.boundaries(), record.signal().length, halfWidth);
            int covered = record.from();
            while (covered < record.to()) {
                int start = Math.min(covered, record.to() - windowLength);
                windows.add(window(record, labels, start, windowLength, covered));
                covered = start + windowLength;
            }
        }
        return windows;
    }

    private static LabelledWindow window(
            BoundaryRecord record, int[] labels, int start, int windowLength, int firstCounted) {
        List<float[]> signals = record.signals();
        float[] input = new float[signals.size() * windowLength];
        for (int c = 0; c < signals.size(); c++) {
            System.arraycopy(signals.get(c), start, input, c * windowLength, windowLength);
        }
        int[] targets = Arrays.copyOfRange(labels, start, start + windowLength);
        float[] mask = new float[windowLength];
        for (int i = 0; i < windowLength; i++) {
            mask[i] = start + i >= firstCounted ? 1f : 0f;
        }
        return new LabelledWindow(
                record.number(), String.join("+", record.channels()), start, input, targets, mask);
    }

    private static void requireFits(BoundaryRecord record, int windowLength) {
        if (record.to() - record.from() < windowLength) {
            throw new IllegalArgumentException(
                    "The span ["
                            + record.from()
                            + ", "
                            + record.to()
                            + ") of record "
                            + record.number()
                            + " is shorter than one window of "
                            + windowLength
                            + " samples");
        }
    }
}
