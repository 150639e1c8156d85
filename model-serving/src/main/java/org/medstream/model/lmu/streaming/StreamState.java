package org.medstream.model.lmu.streaming;

import java.util.Arrays;

/**
 * State of one stream in a {@link StreamingLmuNetwork}: the last two inputs and embedding features
 * that the causal kernel-3 convolutions look back on, the Legendre memory m, the features of the
 * last Δ samples, and the number of samples stepped. Its size is fixed by the network (2L + 2C + d
 * + ΔC values for L leads), whatever the length of the stream.
 *
 * <p>{@link #toArray()} and {@link #fromArray(double[], long)} turn the state into plain values for
 * a checkpoint. Scratch buffers for one step live here too, so a network can be shared by threads
 * that each step their own states. Not thread-safe.
 */
public final class StreamState {
    final int channels;
    final int order;

    final int leads;

    /** Inputs of every lead at t−2 (first L entries) and t−1 (last L entries). */
    final float[] previousInputs;

    /** First-layer features at t−2 (first C entries) and t−1 (last C entries). */
    final float[] previousFeatures;

    /**
     * Legendre memory m_(t−1), in double. In float, rounding errors of the recurrence added up to
     * 8e-5 of a logit over a 10 s record (measured on the first, single-lead model).
     */
    double[] memory;

    /** Features x of the last Δ samples, C floats per sample, at slot (sample mod Δ). */
    final float[] delayedFeatures;

    /** The memory rounded to float, as the layers after it read it. */
    final float[] roundedMemory;

    long samples;

    final float[] features;
    final float[] hidden;
    double[] nextMemory;
    final float[] block;
    final float[] expanded;

    StreamState(int leads, int channels, int order, int expansion, int delaySamples) {
        this.leads = leads;
        this.previousInputs = new float[2 * leads];
        this.channels = channels;
        this.order = order;
        this.delayedFeatures = new float[delaySamples * channels];
        this.previousFeatures = new float[2 * channels];
        this.memory = new double[order];
        this.roundedMemory = new float[order];
        this.features = new float[channels];
        this.hidden = new float[channels];
        this.nextMemory = new double[order];
        this.block = new float[channels];
        this.expanded = new float[expansion];
    }

    /** Number of values in {@link #toArray()}: 2L + 2C + d + ΔC. */
    public int size() {
        return previousInputs.length + 2 * channels + order + delayedFeatures.length;
    }

    /** Number of input samples stepped since the state was created or reset. */
    public long samples() {
        return samples;
    }

    /** Sets the state back to that of a new stream. */
    public void reset() {
        Arrays.fill(previousInputs, 0f);
        Arrays.fill(previousFeatures, 0f);
        Arrays.fill(memory, 0);
        Arrays.fill(delayedFeatures, 0f);
        samples = 0;
    }

    /**
     * Returns the state values (not the sample count) as one array, for a checkpoint: the inputs,
     * the first-layer features, the memory and the delayed features. Doubles hold the floats
     * exactly.
     */
    public double[] toArray() {
        double[] values = new double[size()];
        int inputs = previousInputs.length;
        for (int i = 0; i < inputs; i++) {
            values[i] = previousInputs[i];
        }
        for (int i = 0; i < 2 * channels; i++) {
            values[inputs + i] = previousFeatures[i];
        }
        System.arraycopy(memory, 0, values, inputs + 2 * channels, order);
        int delayedStart = inputs + 2 * channels + order;
        for (int i = 0; i < delayedFeatures.length; i++) {
            values[delayedStart + i] = delayedFeatures[i];
        }
        return values;
    }

    /**
     * Restores values from {@link #toArray()} and the sample count.
     *
     * @throws IllegalArgumentException when the array does not fit this network's state
     */
    public void fromArray(double[] values, long sampleCount) {
        int expected = size();
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    "Stream state of "
                            + values.length
                            + " values does not fit this network, which keeps "
                            + expected
                            + "; was the checkpoint taken with another model?");
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException(
                    "Invalid sample count " + sampleCount + "; expected 0 or more");
        }
        int inputs = previousInputs.length;
        for (int i = 0; i < inputs; i++) {
            previousInputs[i] = (float) values[i];
        }
        for (int i = 0; i < 2 * channels; i++) {
            previousFeatures[i] = (float) values[inputs + i];
        }
        System.arraycopy(values, inputs + 2 * channels, memory, 0, order);
        int delayedStart = inputs + 2 * channels + order;
        for (int i = 0; i < delayedFeatures.length; i++) {
            delayedFeatures[i] = (float) values[delayedStart + i];
        }
        samples = sampleCount;
    }
}
