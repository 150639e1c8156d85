package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;

/**
 * Result of a decoder forward pass.
 *
 * @param hidden final hidden states after the last RMSNorm, [batch, length, d]
 * @param logits next-token logits [batch, length, vocabulary], or null when not requested
 */
public record DecoderOutput(NDArray hidden, NDArray logits) {}
