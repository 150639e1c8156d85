package org.medstream.model.medtsllm.train;

/**
 * Lead MLII of one MIT-BIH record at 125 Hz with the reference anomalous samples.
 *
 * @param number record number, which groups windows into batches that share a prompt prefix
 * @param signal the lead at 125 Hz in mV
 * @param anomalous per sample, whether the reference marks it anomalous
 */
public record AnomalyRecord(int number, float[] signal, boolean[] anomalous) {
    public AnomalyRecord {
        if (signal.length != anomalous.length) {
            throw new IllegalArgumentException(
                    "Record "
                            + number
                            + " has "
                            + signal.length
                            + " samples but "
                            + anomalous.length
                            + " anomaly flags");
        }
    }

    /** Returns the share of anomalous samples. */
    public double anomalousFraction() {
        return (double) anomalousSamples() / signal.length;
    }

    /** Returns the number of anomalous samples. */
    public long anomalousSamples() {
        long count = 0;
        for (boolean flag : anomalous) {
            if (flag) {
                count++;
            }
        }
        return count;
    }
}
