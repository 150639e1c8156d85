package org.medstream.model.anomalies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.train.TrainingData;

/**
 * Training data of the {@code anomalies} task from MIT-BIH Arrhythmia records: lead MLII (taken as
 * lead II) cut into 10 s sequences by {@link MitBihSequences}, each sample labelled {@code
 * anomalous} when it lies within ±150 ms of a beat whose AAMI class is not N ({@link
 * AnomalyReference}), else {@code none}. The anomaly score of a sample is the softmax probability
 * of {@code anomalous}.
 */
public final class AnomalyTrainingData {
    /** Task name of the anomaly score. */
    public static final String TASK = "anomalies";

    /** Class names in output order. */
    public static final List<String> CLASSES = List.of("none", "anomalous");

    /** Output index of the {@code anomalous} class. */
    public static final int ANOMALOUS = 1;

    private AnomalyTrainingData() {}

    /**
     * Reads the records named by number from {@code folder} ({@code 100.hea}, {@code 100.dat},
     * {@code 100.atr}, …) and labels them for a network with a delay of {@code delaySamples}.
     *
     * @throws IOException when a record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when a record has no MLII or lead II channel, or is not
     *     sampled at 360 Hz
     */
    public static TrainingData read(
            Path folder,
            List<Integer> trainingRecords,
            List<Integer> validationRecords,
            int delaySamples)
            throws IOException {
        return MitBihSequences.read(
                folder,
                trainingRecords,
                validationRecords,
                delaySamples,
                TASK,
                CLASSES,
                AnomalyTrainingData::labels);
    }

    /** Returns per sample 1 ({@code anomalous}) or 0 ({@code none}). */
    static int[] labels(List<BeatAnnotation> beats, int length, double samplingFrequencyHz) {
        boolean[] anomalous = AnomalyReference.anomalous(beats, length, samplingFrequencyHz);
        int[] labels = new int[length];
        for (int t = 0; t < length; t++) {
            labels[t] = anomalous[t] ? ANOMALOUS : 0;
        }
        return labels;
    }
}
