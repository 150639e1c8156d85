package org.medstream.model.medtsllm.train;

/**
 * One window of one lead with its per-sample labels.
 *
 * @param record LUDB record number, which selects the patient of the prompt
 * @param lead lead name
 * @param start index of the window's first sample in the record
 * @param input samples in mV
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
