package org.medstream.model.waves;

import java.util.List;

/**
 * State of a {@link Delineator} as plain values.
 *
 * @param network the recurrent network's stream state ({@code StreamState#toArray()}), empty for a
 *     delineator without one
 * @param samples frames taken
 * @param recentFrames the frames the delineator keeps, in its own layout
 * @param assemblers each lead's wave assembler state, in model lead order
 */
public record DelineatorSnapshot(
        double[] network,
        long samples,
        float[] recentFrames,
        List<WaveAssembler.State> assemblers) {}
