package org.medstream.model.serve.medtsllm;

/**
 * How a request window longer than the model's window is cut into model windows and how their
 * per-sample outputs are stitched back together.
 *
 * <p>Model windows of {@code windowSamples} start every {@code stepSamples} from sample 0, and one
 * more ends at the window's last sample when the step does not reach it. Each sample takes its
 * label from the model window whose centre is nearest to it (the earlier one on a tie), so that no
 * sample is labelled from the first or last quarter of a model window when an overlapping window
 * contains it closer to its centre. The window's first and last samples have no such choice.
 *
 * @param starts first sample of each model window, ascending
 * @param ownedFrom first sample each model window labels
 * @param ownedTo sample after the last one each model window labels
 */
record WindowTiling(int[] starts, int[] ownedFrom, int[] ownedTo) {

    /**
     * Tiles a window of {@code length} samples.
     *
     * @throws IllegalArgumentException when the window is shorter than one model window or the step
     *     is not in [1, windowSamples]
     */
    static WindowTiling of(int length, int windowSamples, int stepSamples) {
        if (length < windowSamples) {
            throw new IllegalArgumentException(
                    "A window of "
                            + length
                            + " samples is shorter than one model window of "
                            + windowSamples);
        }
        if (stepSamples < 1 || stepSamples > windowSamples) {
            throw new IllegalArgumentException(
                    "Invalid step " + stepSamples + "; expected 1 to " + windowSamples);
        }
        int count = (length - windowSamples) / stepSamples + 1;
        int last = (count - 1) * stepSamples;
        boolean endWindow = last + windowSamples < length;
        int[] starts = new int[endWindow ? count + 1 : count];
        for (int i = 0; i < count; i++) {
            starts[i] = i * stepSamples;
        }
        if (endWindow) {
            starts[count] = length - windowSamples;
        }

        int[] ownedFrom = new int[starts.length];
        int[] ownedTo = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if (i == starts.length - 1) {
                ownedTo[i] = length;
            } else {
                // Sample s is nearer to centre i than to centre i + 1 while s <= their midpoint.
                int midpoint = (starts[i] + starts[i + 1] + windowSamples) / 2;
                ownedTo[i] = Math.min(midpoint + 1, starts[i] + windowSamples);
            }
            ownedFrom[i] = i == 0 ? 0 : ownedTo[i - 1];
        }
        return new WindowTiling(starts, ownedFrom, ownedTo);
    }

    /** Number of model windows. */
    int count() {
        return starts.length;
    }
}
