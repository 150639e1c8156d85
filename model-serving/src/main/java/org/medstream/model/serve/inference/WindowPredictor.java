package org.medstream.model.serve.inference;

import java.util.List;

/**
 * Runs a model over a batch of windows. Each worker of a model owns one predictor, so an
 * implementation may keep per-thread resources (a DJL {@code Predictor}, scratch buffers) and need
 * not be thread-safe. Windows have passed {@link ServedModel#check(Window, String)}.
 */
public interface WindowPredictor extends AutoCloseable {
    /**
     * Runs every window of {@code windows} and returns one result per window, in the same order.
     *
     * @throws Exception when the model fails; every window of the batch then fails
     */
    List<WindowResult> predict(List<Window> windows) throws Exception;

    /** Releases the predictor's resources; the default has none. */
    @Override
    default void close() {}
}
