package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds the inputs of {@link MedTsLlmNetwork} from windows and their prompt token ids. */
public final class WindowBatch {
    private WindowBatch() {}

    /**
     * Returns {windows [batch, T], prompt ids [batch, maxLength], prompt mask [batch, maxLength]},
     * with shorter prompts left-padded by token 0 and mask 0.
     *
     * @param windows one array of T samples per window
     * @param promptIds one prompt per window, in the same order; may be empty
     */
    public static NDList of(NDManager manager, List<float[]> windows, List<int[]> promptIds) {
        return of(manager, windows, promptIds, 1);
    }

    /**
     * Returns the inputs as {@link #of(NDManager, List, List)} does, for windows of {@code
     * channels} channels each: windows [batch, T] for one channel, else [batch, channels, T].
     *
     * @param windows one array per window with its channels one after the other, channels · T
     *     samples
     */
    public static NDList of(
            NDManager manager, List<float[]> windows, List<int[]> promptIds, int channels) {
        if (channels < 1 || windows.isEmpty() || windows.get(0).length % channels != 0) {
            throw new IllegalArgumentException(
                    "windows of "
                            + (windows.isEmpty() ? 0 : windows.get(0).length)
                            + " values cannot hold "
                            + channels
                            + " channels of equal length");
        }
        if (windows.isEmpty() || windows.size() != promptIds.size()) {
            throw new IllegalArgumentException(
                    "a batch needs at least one window and one prompt per window, got "
                            + windows.size()
                            + " windows and "
                            + promptIds.size()
                            + " prompts");
        }
        int batch = windows.size();
        int length = windows.get(0).length;
        int promptLength = 0;
        for (int[] ids : promptIds) {
            promptLength = Math.max(promptLength, ids.length);
        }

        float[] samples = new float[batch * length];
        int[] ids = new int[batch * promptLength];
        float[] mask = new float[batch * promptLength];
        for (int b = 0; b < batch; b++) {
            float[] window = windows.get(b);
            if (window.length != length) {
                throw new IllegalArgumentException(
                        "window "
                                + b
                                + " has "
                                + window.length
                                + " samples, window 0 has "
                                + length);
            }
            System.arraycopy(window, 0, samples, b * length, length);
            int[] prompt = promptIds.get(b);
            int start = b * promptLength + promptLength - prompt.length;
            System.arraycopy(prompt, 0, ids, start, prompt.length);
            for (int i = 0; i < prompt.length; i++) {
                mask[start + i] = 1f;
            }
        }
        Shape windowShape =
                channels == 1
                        ? new Shape(batch, length)
                        : new Shape(batch, channels, length / channels);
        return new NDList(
                manager.create(samples, windowShape),
                manager.create(ids, new Shape(batch, promptLength)),
                manager.create(mask, new Shape(batch, promptLength)));
    }
}
