package org.medstream.model.medtsllm;

/**
 * Kind of head that turns the backbone's hidden states of the patch positions into per-sample
 * outputs: the classes of segmentation and boundary tasks, or the reconstructed signal of the
 * anomaly task.
 */
public enum HeadKind {
    /** Class logits per sample ({@link SegmentationHead}). */
    SEGMENTATION,

    /**
     * One reconstructed value per sample, in the window's own units ({@link ReconstructionHead}).
     */
    RECONSTRUCTION;

    /** Task name of anomaly detection by reconstruction, as {@code model.json} writes it. */
    public static final String ANOMALY_TASK = "anomalies";

    /** Returns the head of a task named as {@code model.json} names it. */
    public static HeadKind forTask(String task) {
        return ANOMALY_TASK.equals(task) ? RECONSTRUCTION : SEGMENTATION;
    }
}
