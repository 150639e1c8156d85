package org.medstream.model.medtsllm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Squared reconstruction errors of a whole lead and the scores derived from them, shared by
 * training (the threshold) and scoring. The lead is tiled with non-overlapping windows from its
 * start and one last window that ends at its end, so every sample's error comes from exactly one
 * window. The windows run with the prompt prefix cached and no patient.
 */
public final class ReconstructionErrors {
    private ReconstructionErrors() {}

    /**
     * Returns the squared error of every sample of {@code signal} under {@code model}'s
     * reconstruction, in the signal's units squared.
     *
     * @throws IllegalArgumentException when the model has no reconstruction head, or the signal is
     *     shorter than one window
     */
    public static float[] squared(MedTsLlmModel model, float[] signal) {
        if (model.network().headKind() != HeadKind.RECONSTRUCTION) {
            throw new IllegalArgumentException(
                    "The model has a "
                            + model.network().headKind()
                            + " head; reconstruction errors need a model trained with --task"
                            + " anomalies");
        }
        int window = model.network().config().windowLength();
        if (signal.length < window) {
            throw new IllegalArgumentException(
                    "A lead of "
                            + signal.length
                            + " samples is shorter than one window of "
                            + window
                            + " samples");
        }
        List<Integer> starts = starts(signal.length, window);
        List<float[]> inputs = new ArrayList<>();
        for (int start : starts) {
            inputs.add(Arrays.copyOfRange(signal, start, start + window));
        }
        List<float[]> errors = windowErrors(model, inputs);

        float[] squared = new float[signal.length];
        for (int w = 0; w < starts.size(); w++) {
            System.arraycopy(errors.get(w), 0, squared, starts.get(w), window);
        }
        return squared;
    }

    /**
     * Returns the squared error of every sample of each window under {@code model}'s
     * reconstruction, in the windows' units squared.
     *
     * @param windows windows of the model's length
     */
    public static List<float[]> windowErrors(MedTsLlmModel model, List<float[]> windows) {
        List<float[][]> outputs = model.logits(windows, null, true);
        List<float[]> errors = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            float[] reconstruction = outputs.get(w)[0];
            float[] input = windows.get(w);
            float[] squared = new float[input.length];
            for (int t = 0; t < input.length; t++) {
                float difference = reconstruction[t] - input[t];
                squared[t] = difference * difference;
            }
            errors.add(squared);
        }
        return errors;
    }

    /**
     * Window starts that tile a lead: every {@code window} samples from 0, and a last one that ends
     * at the lead's end. Later windows overwrite the overlap, which only the last window has.
     */
    static List<Integer> starts(int length, int window) {
        List<Integer> starts = new ArrayList<>();
        int covered = 0;
        while (covered < length) {
            int start = Math.min(covered, length - window);
            starts.add(start);
            covered = start + window;
        }
        return starts;
    }

    /** Returns the mean of {@code values} as a double. */
    public static double mean(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /**
     * Returns the {@code q} quantile of {@code values} with linear interpolation between the two
     * nearest ranks, numpy's default rule.
     *
     * @throws IllegalArgumentException when there are no values or q is outside [0, 1]
     */
    public static double quantile(float[] values, double q) {
        if (values.length == 0 || !(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException(
                    "Invalid quantile " + q + " of " + values.length + " values");
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
