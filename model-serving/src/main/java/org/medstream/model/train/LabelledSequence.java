package org.medstream.model.train;

/**
 * One training or validation sequence of all leads: the network input and, per lead, the class to
 * learn at each output and whether that output counts. Targets are already shifted by the
 * algorithmic delay Δ, so output t is trained on target t.
 *
 * @param input [leads][samples] signal values in the model's units, ready for the network
 * @param targets [leads][samples] class index of each output
 * @param mask [leads][samples] 1 where the output counts in the loss and the scores, else 0
 */
public record LabelledSequence(float[][] input, int[][] targets, float[][] mask) {
    public LabelledSequence {
        if (input.length == 0 || input.length != targets.length || input.length != mask.length) {
            throw new IllegalArgumentException(
                    "Invalid sequence: "
                            + input.length
                            + " input leads, "
                            + targets.length
                            + " target leads and "
                            + mask.length
                            + " mask leads; expected the same number, at least 1");
        }
    }

    /** Number of leads. */
    public int leads() {
        return input.length;
    }

    /** Number of samples of each lead. */
    public int length() {
        return input[0].length;
    }
}
