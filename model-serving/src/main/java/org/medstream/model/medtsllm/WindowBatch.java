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
        return new NDList(
                manager.create(samples, new Shape(batch, length)),
                manager.create(ids, new Shape(batch, promptLength)),
                manager.create(mask, new Shape(batch, promptLength)));
    }
}
