package org.medstream.model.artifact;

/** A model directory loaded to run over streams: what every streaming operator needs to know. */
public interface StreamingModel extends AutoCloseable {

    /** Model family, as {@code model.json} names it, such as {@code lmu} or {@code medtsllm}. */
    String family();

    /** Version of medstream that trained the model. */
    String medstreamVersion();

    /** Task the model was trained for, such as {@code waves}. */
    String task();

    double samplingFrequencyHz();

    /** Time from a sample to its output, at most, in milliseconds. */
    double delayMillis();

    /** Releases native resources; a model without them does nothing. */
    @Override
    void close();
}
