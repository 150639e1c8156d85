package org.medstream.model.serve.inference;

/**
 * A model loaded for the server: its description, the checks a window must pass before it is
 * queued, and a factory of predictors, one per worker. Implementations are immutable and
 * thread-safe.
 */
public interface ServedModel {
    /** Returns the name clients use in {@code /v1/models/{name}}. */
    default String name() {
        return info().name();
    }

    /** Returns what {@code GET /v1/models/{name}} reports. */
    ModelInfo info();

    /**
     * Checks the parts of a window that depend on the model, such as lead names and the sampling
     * frequency. The server has checked its shape and values already.
     *
     * @param field path of the window in the request, such as {@code windows[2]}
     * @throws InvalidRequestException naming the field, its value and what the model expects
     */
    void check(Window window, String field) throws InvalidRequestException;

    /** Creates a predictor for one worker. */
    WindowPredictor newPredictor() throws Exception;

    /** Returns a window of zeros that the server runs once before it reports ready. */
    Window warmupWindow();
}
