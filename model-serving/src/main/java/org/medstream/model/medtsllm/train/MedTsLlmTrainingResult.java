package org.medstream.model.medtsllm.train;

import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;

/**
 * A trained model, open, and the metadata written next to its weights. Closing it closes the model.
 */
public record MedTsLlmTrainingResult(MedTsLlmModel model, MedTsLlmMetadata metadata)
        implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
