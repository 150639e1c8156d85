package org.medstream.model.anomalies;

/** The anomaly score of a sample from the logits of the anomalies model. */
public final class AnomalyScore {
    private AnomalyScore() {}

    /**
     * Returns the softmax probability of the {@code anomalous} class from the two logits of one
     * output: 1 / (1 + e^(none − anomalous)), computed without overflow for any finite logits.
     *
     * @param logits the network's outputs, {@code none} at {@code offset} and {@code anomalous}
     *     after it
     */
    public static double of(float[] logits, int offset) {
        double difference =
                (double) logits[offset + AnomalyTrainingData.ANOMALOUS] - logits[offset];
        if (difference >= 0) {
            return 1 / (1 + Math.exp(-difference));
        }
        double e = Math.exp(difference);
        return e / (1 + e);
    }
}
