package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import org.medstream.model.llm.LlamaConfig;

/** Root-mean-square normalisation over the last axis: x / sqrt(mean(x²) + ε) · weight. */
final class RmsNorm {
    private RmsNorm() {}

    static NDArray apply(NDArray x, NDArray weight, LlamaConfig config) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(config.rmsNormEpsilon()).sqrt()).mul(weight);
    }
}
