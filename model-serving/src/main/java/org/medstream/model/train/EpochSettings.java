package org.medstream.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks of the settings that the LMU and MedTsLLM trainers share: the record split and the length,
 * batch size and learning rate of the epochs.
 */
public final class EpochSettings {
    private EpochSettings() {}

    /**
     * Checks that both record lists are non-empty.
     *
     * @throws IllegalArgumentException when either is empty
     */
    public static void requireRecords(
            List<Integer> trainingRecords, List<Integer> validationRecords) {
        if (trainingRecords.isEmpty() || validationRecords.isEmpty()) {
            throw new IllegalArgumentException(
                    "Training and validation records are both required, got "
                            + trainingRecords
                            + " and "
                            + validationRecords);
        }
    }

    /**
     * Checks that no record is both trained and scored on.
     *
     * @throws IllegalArgumentException when the lists share a record
     */
    public static void requireDisjoint(
            List<Integer> trainingRecords, List<Integer> validationRecords) {
        List<Integer> overlap = new ArrayList<>(trainingRecords);
        overlap.retainAll(validationRecords);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException(
                    "Records "
                            + overlap
                            + " are in both the training and the validation set; a model must"
                            + " not be scored on records it was trained on");
        }
    }

    /**
     * Checks the epochs, the time limit (0 for none), the batch size and the learning rate.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public static void requireValid(
            int epochs, double maxMinutes, int batchSize, float learningRate) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (maxMinutes < 0) {
            throw new IllegalArgumentException(
                    "maxMinutes must be 0 (no limit) or more, got " + maxMinutes);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be above 0, got " + learningRate);
        }
    }
}
