package org.medstream.model.train;

import org.medstream.model.artifact.LmuSegmentationModel;
import org.medstream.model.artifact.ModelMetadata;

/**
 * Outcome of a training run: the trained model, still open, and the metadata written with it.
 * Closing the result closes the model.
 */
public record TrainingResult(LmuSegmentationModel model, ModelMetadata metadata)
        implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
