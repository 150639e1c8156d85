package org.medstream.model.medtsllm.train;

/**
 * One window of one lead, or of several channels of one record, with its per-sample labels.
 *
 * @param record record number, which selects the patient of the prompt
 * @param lead lead or channel name; channel names joined by {@code +} for several channels
 * @param start index of the window's first sample in the record
 * @param input samples in physical units; for several channels, the channels one after the other,
 *     each as long as {@code targets}
 * @param targets class index of each sample
 * @param mask 1 where the sample counts in the loss and the scores, else 0
 */
public record LabelledWindow(
        int record, String lead, int start, float[] input, int[] targets, float[] mask) {

    /** True when at least one sample counts. */
    public boolean hasLabels() {
        for (float value : mask) {
            if (value > 0) {
                return true;
            }
        }
        return false;
    }
}
