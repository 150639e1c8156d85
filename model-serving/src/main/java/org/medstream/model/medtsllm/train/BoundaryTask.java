package org.medstream.model.medtsllm.train;

import java.util.Locale;

/**
 * The boundary detection tasks of MedTsLLM, at {@value #SAMPLING_FREQUENCY_HZ} Hz: beats in MIT-BIH
 * Arrhythmia records and breaths in BIDMC records. Each has its window, training step, label half
 * width and prompt texts.
 */
public enum BoundaryTask {
    /** R-peak annotations of MIT-BIH beats, lead MLII resampled from 360 Hz. */
    BEATS(
            256,
            128,
            2,
            "MIT-BIH Arrhythmia Database: 30-minute ambulatory ECGs, lead MLII resampled to 125 Hz."
                    + " Each window is 256 samples.",
            "Give the probability that each sample is the R peak of a heartbeat."),

    /** Breath onsets marked by BIDMC's first annotator on the RESP channel. */
    BREATHS(
            512,
            64,
            6,
            "BIDMC PPG and Respiration Dataset: 8-minute impedance respiration signals of"
                    + " critically ill patients at 125 Hz. Each window is 512 samples.",
            "Give the probability that each sample is the onset of a breath.");

    /** Sampling frequency of the windows of every boundary task. */
    public static final int SAMPLING_FREQUENCY_HZ = 125;

    private final int windowLength;
    private final int trainingStep;
    private final int labelHalfWidth;
    private final String datasetDescription;
    private final String taskDescription;

    BoundaryTask(
            int windowLength,
            int trainingStep,
            int labelHalfWidth,
            String datasetDescription,
            String taskDescription) {
        this.windowLength = windowLength;
        this.trainingStep = trainingStep;
        this.labelHalfWidth = labelHalfWidth;
        this.datasetDescription = datasetDescription;
        this.taskDescription = taskDescription;
    }

    /** Task name as the CLI and {@code model.json} write it: {@code beats} or {@code breaths}. */
    public String taskName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Samples per window. */
    public int windowLength() {
        return windowLength;
    }

    /** Step between the starts of training windows, in samples. */
    public int trainingStep() {
        return trainingStep;
    }

    /**
     * Samples on each side of an annotated boundary that are labelled 1 too. One positive sample
     * per beat is about 1 % of the samples (0.3 % per breath), and its neighbours differ little
     * from it in the signal.
     */
    public int labelHalfWidth() {
        return labelHalfWidth;
    }

    /** Dataset part of the prompt. */
    public String datasetDescription() {
        return datasetDescription;
    }

    /** Task part of the prompt. */
    public String taskDescription() {
        return taskDescription;
    }

    /**
     * Returns the task named {@code name}.
     *
     * @throws IllegalArgumentException when it is neither {@code beats} nor {@code breaths}
     */
    public static BoundaryTask of(String name) {
        for (BoundaryTask task : values()) {
            if (task.taskName().equals(name)) {
                return task;
            }
        }
        throw new IllegalArgumentException(
                "Unknown boundary task '" + name + "'; expected beats or breaths");
    }
}
