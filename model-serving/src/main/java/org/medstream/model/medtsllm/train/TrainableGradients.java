package org.medstream.model.medtsllm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.Optional;

/**
 * Checks and clears the accumulated gradients of trainable parameters, so that a batch whose
 * gradients overflowed can be skipped without its NaN or infinite values reaching the optimizer.
 *
 * <p>DJL 0.36's PyTorch gradient collector clears gradients by subtracting each gradient from
 * itself, which leaves NaN and infinity in place: one bad batch would poison every later step. So
 * {@link #clear} writes zeros instead.
 */
final class TrainableGradients {
    private TrainableGradients() {}

    /**
     * Returns the name of the first parameter whose gradient has a NaN or infinite value, or whose
     * sum overflows float.
     */
    static Optional<String> firstNonFinite(ParameterList parameters) {
        for (Pair<String, Parameter> parameter : parameters) {
            if (!parameter.getValue().requiresGradient()) {
                continue;
            }
            try (NDArray gradient = parameter.getValue().getArray().getGradient();
                    NDArray sum = gradient.sum()) {
                if (!Float.isFinite(sum.getFloat())) {
                    return Optional.of(parameter.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Sets every trainable parameter's gradient to zero in place, NaN and infinity included. */
    static void clear(ParameterList parameters) {
        for (Pair<String, Parameter> parameter : parameters) {
            if (parameter.getValue().requiresGradient()) {
                try (NDArray gradient = parameter.getValue().getArray().getGradient()) {
                    gradient.set(new NDIndex("..."), 0f);
                }
            }
        }
    }
}
