package org.medstream.model.medtsllm;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.medtsllm.train.BoundaryRecords;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.windows.WindowTiler;

/**
 * A MedTsLLM boundary model ({@code beats} or {@code breaths}) loaded to run over streams: windows
 * of the model's length, half a window apart, give each sample's boundary probability, and
 * boundaries are picked from it with the spacing and threshold of training ({@link
 * BoundaryStream}).
 *
 * <p>Not thread-safe: DJL's arrays and the backbone's caches belong to one caller at a time. Keep
 * one instance per operator instance and {@link #close} it.
 */
public final class MedTsLlmBoundaryModel implements StreamingModel {
    private final MedTsLlmModel model;
    private final MedTsLlmMetadata metadata;
    private final List<String> channels;

    private MedTsLlmBoundaryModel(
            MedTsLlmModel model, MedTsLlmMetadata metadata, List<String> channels) {
        this.model = model;
        this.metadata = metadata;
        this.channels = channels;
    }

    /**
     * Loads the model in {@code directory} with its backbone, found as {@link
     * MedTsLlmModel#locateBackbone} describes.
     *
     * @throws IOException when the model or its backbone cannot be read, or it is not a beats or
     *     breaths model
     */
    public static MedTsLlmBoundaryModel load(Path directory) throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        channels(directory, metadata);
        return load(directory, MedTsLlmModel.locateBackbone(directory, metadata), null);
    }

    /**
     * Loads the model in {@code directory} as {@link #load(Path)} does, with the backbone at {@code
     * backboneFile}, on {@code device} or on DJL's default devices when it is null.
     */
    public static MedTsLlmBoundaryModel load(Path directory, Path backboneFile, Device device)
            throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        List<String> channels = channels(directory, metadata);
        MedTsLlmModel model = MedTsLlmModel.load(directory, backboneFile, device);
        return new MedTsLlmBoundaryModel(model, metadata, channels);
    }

    /**
     * Returns the channels of a boundary model's windows, after checking that {@code metadata}
     * describes a beats or breaths model that can pick boundaries.
     *
     * @throws IOException naming the directory when it does not
     */
    private static List<String> channels(Path directory, MedTsLlmMetadata metadata)
            throws IOException {
        BoundaryTask task;
        try {
            task = BoundaryTask.of(metadata.task());
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "The MedTsLLM model in "
                            + directory
                            + " is trained for task '"
                            + metadata.task()
                            + "', not beats or breaths; give a model trained with --task breaths"
                            + " or --task beats",
                    e);
        }
        if (metadata.boundary() == null) {
            throw new IOException(
                    "The MedTsLLM "
                            + metadata.task()
                            + " model in "
                            + directory
                            + " has no 'boundary' object in model.json, so no spacing or"
                            + " threshold to pick boundaries with");
        }
        List<String> channels =
                metadata.boundary().inputChannels() == null
                        ? BoundaryRecords.defaultChannels(task)
                        : List.copyOf(metadata.boundary().inputChannels());
        if (channels.size() != metadata.network().channels()) {
            throw new IOException(
                    "The model in "
                            + directory
                            + " names "
                            + channels.size()
                            + " input channels "
                            + channels
                            + " but its network takes "
                            + metadata.network().channels());
        }
        return channels;
    }

    public MedTsLlmMetadata metadata() {
        return metadata;
    }

    /** Returns the underlying model, for its prefix caches. */
    public MedTsLlmModel model() {
        return model;
    }

    /** Channels of each window as training named them, the marked channel first. */
    public List<String> channels() {
        return channels;
    }

    /** Samples per window, W. */
    public int windowLength() {
        return metadata.network().windowLength();
    }

    /** Samples between the starts of consecutive windows: half a window. */
    public int step() {
        return windowLength() / 2;
    }

    /** Smallest distance between two boundaries, in samples at the model's rate. */
    public int minimumSpacing() {
        return metadata.boundary().minimumSpacingSamples();
    }

    /** Smallest probability of a boundary. */
    public double threshold() {
        return metadata.boundary().threshold();
    }

    @Override
    public String family() {
        return metadata.model();
    }

    @Override
    public String medstreamVersion() {
        return metadata.medstreamVersion();
    }

    @Override
    public String task() {
        return metadata.task();
    }

    @Override
    public double samplingFrequencyHz() {
        return metadata.samplingFrequencyHz();
    }

    /**
     * Returns the window's delay plus the delay of the boundary decision ({@link StreamingPeaks}).
     */
    @Override
    public double delayMillis() {
        long samples =
                WindowTiler.delaySamples(windowLength(), step())
                        + StreamingPeaks.delaySamples(minimumSpacing());
        return samples * 1000.0 / samplingFrequencyHz();
    }

    /**
     * Returns the boundary probability of every sample of every window.
     *
     * @param windows windows with their channels one after the other, channels · W values each
     */
    public float[][] probabilities(List<float[]> windows) {
        List<float[][]> logits = model.logits(windows, null, true);
        float[][] probabilities = new float[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            float[] logit = logits.get(w)[0];
            probabilities[w] = new float[logit.length];
            for (int t = 0; t < logit.length; t++) {
                probabilities[w][t] = (float) (1 / (1 + Math.exp(-logit[t])));
            }
        }
        return probabilities;
    }

    @Override
    public void close() {
        model.close();
    }
}
