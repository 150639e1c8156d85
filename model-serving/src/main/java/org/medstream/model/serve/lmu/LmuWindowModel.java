package org.medstream.model.serve.lmu;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.inference.WindowResult;

/**
 * Base of the served LMU models. The streaming networks are immutable and each window gets its own
 * state, so every worker's predictor runs its windows one after another on the shared model.
 */
abstract class LmuWindowModel implements ServedModel {
    protected final StreamingLmuModel model;
    protected final ModelInfo info;

    LmuWindowModel(StreamingLmuModel model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    /** Runs one window from a zero state. */
    protected abstract WindowResult run(Window window);

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public WindowPredictor newPredictor() {
        return windows -> {
            List<WindowResult> results = new ArrayList<>(windows.size());
            for (Window window : windows) {
                results.add(run(window));
            }
            return results;
        };
    }

    @Override
    public Window warmupWindow() {
        return LmuServedModels.zeroWindow(model.metadata(), model.metadata().leads());
    }
}
