package org.medstream.model.lmu.streaming;

import java.util.Arrays;

/**
 * State of one lead in a {@link StreamingLmuNetwork}: the last two inputs and embedding features
 * that the causal kernel-3 convolutions look back on, the Legendre memory m, and the number of
 * samples stepped. Its size is fixed by the network (2 + 2C + d floats), whatever the length of the
 * stream.
 *
 * <p>{@link #toArray()} and {@link #fromArray(double[], long)} turn the state into plain values for
 * a checkpoint. Scratch buffers for one step live here too, so a network can be shared by threads
 * that each step their own states. Not thread-safe.
 */
public final class LeadState {
    final int channels;
    final int order;

    /** Inputs x_(t−2), x_(t−1). */
    final float[] previousInputs = new float[2];

    /** First-layer features at t−2 (first C entries) and t−1 (last C entries). */
    final float[] previousFeatures;

    /**
     * Legendre memory m_(t−1), in double: in float, rounding errors of the recurrence add up over
     * thousands of steps to several 1e-5 of a logit.
     */
    double[] memory;

    /** The memory rounded to float, as the layers after it read it. */
    final float[] roundedMemory;

    long samples;

    final float[] features;
    final float[] hidden;
    double[] nextMemory;
    final float[] block;
    final float[] expanded;

    LeadState(int channels, int order, int expansion) {
        this.channels = channels;
        this.order = order;
        this.previousFeatures = new float[2 * channels];
        this.memory = new double[order];
        this.roundedMemory = new float[order];
        this.features = new float[channels];
        this.hidden = new float[channels];
        this.nextMemory = new double[order];
        this.block = new float[channels];
        this.expanded = new float[expansion];
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
        samples = 0;
    }

    /**
     * Returns the state values (not the sample count) as one array, for a checkpoint: the inputs
     * and features, then the memory. Doubles hold the floats exactly.
     */
    public double[] toArray() {
        double[] values = new double[2 + 2 * channels + order];
        for (int i = 0; i < 2; i++) {
            values[i] = previousInputs[i];
        }
        for (int i = 0; i < 2 * channels; i++) {
            values[2 + i] = previousFeatures[i];
        }
        System.arraycopy(memory, 0, values, 2 + 2 * channels, order);
        return values;
    }

    /**
     * Restores values from {@link #toArray()} and the sample count.
     *
     * @throws IllegalArgumentException when the array does not fit this network's state
     */
    public void fromArray(double[] values, long sampleCount) {
        int expected = 2 + 2 * channels + order;
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    "Lead state of "
                            + values.length
                            + " values does not fit this network, which keeps "
                            + expected
                            + "; was the checkpoint taken with another model?");
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException(
                    "Sample count must be 0 or more, got " + sampleCount);
        }
        for (int i = 0; i < 2; i++) {
            previousInputs[i] = (float) values[i];
        }
        for (int i = 0; i < 2 * channels; i++) {
            previousFeatures[i] = (float) values[2 + i];
        }
        System.arraycopy(values, 2 + 2 * channels, memory, 0, order);
        samples = sampleCount;
    }
}
