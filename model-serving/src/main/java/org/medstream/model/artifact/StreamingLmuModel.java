package org.medstream.model.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.lmu.streaming.NetworkWeights;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;
import org.medstream.model.waves.StreamingDelineator;
import org.medstream.model.waves.WaveModel;
import org.medstream.model.waves.WaveRules;

/**
 * An LMU segmentation model directory (waves or beats) loaded for the streaming path: the metadata
 * and the network rebuilt from the exported weights, in plain Java, without DJL or native code.
 * Instances are immutable and may be shared by threads.
 */
public final class StreamingLmuModel implements WaveModel {
    private final ModelMetadata metadata;
    private final StreamingLmuNetwork network;

    /** Wraps a network with the metadata it was trained with. */
    public StreamingLmuModel(ModelMetadata metadata, StreamingLmuNetwork network) {
        this.metadata = metadata;
        this.network = network;
    }

    /**
     * Loads {@code model.json} and the streaming weights of a model directory.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json} or no streaming
     *     weights
     * @throws IOException when a file cannot be read or the weights do not fit the network
     */
    public static StreamingLmuModel load(Path directory) throws IOException {
        ModelMetadata metadata = ModelMetadata.read(directory);
        requireConsistent(metadata, directory);
        if (metadata.streamingWeightsFile() == null) {
            throw new IOException(
                    "Missing streamingWeightsFile in "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; train the model again with this medstream");
        }
        Path weightsFile = directory.resolve(metadata.streamingWeightsFile());
        if (!Files.exists(weightsFile)) {
            throw new NoSuchFileException(
                    weightsFile.toString(),
                    null,
                    "no streaming weights in the model directory; 'medstream train' writes them");
        }
        try {
            return new StreamingLmuModel(
                    metadata,
                    new StreamingLmuNetwork(metadata.network(), NetworkWeights.read(weightsFile)));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "The weights in " + weightsFile + " do not fit model.json: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Checks that the fields the streaming path reads agree with the network shape, as {@code
     * medstream train} writes them; a hand-edited model.json could otherwise shift every label.
     */
    private static void requireConsistent(ModelMetadata metadata, Path directory)
            throws IOException {
        String problem = null;
        if (metadata.delaySamples() != metadata.network().delaySamples()) {
            problem =
                    "delaySamples "
                            + metadata.delaySamples()
                            + " but network.delaySamples "
                            + metadata.network().delaySamples();
        } else if (metadata.leads().size() != metadata.network().inputChannels()) {
            problem =
                    metadata.leads().size()
                            + " leads but network.inputChannels "
                            + metadata.network().inputChannels();
        } else if (metadata.classes().size() != metadata.network().classes()) {
            problem =
                    metadata.classes().size()
                            + " classes but network.classes "
                            + metadata.network().classes();
        }
        if (problem != null) {
            throw new IOException(
                    "Invalid "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + ": "
                            + problem
                            + "; train the model again with 'medstream train'");
        }
    }

    /** Returns the metadata of the model directory. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Returns the streaming network. */
    public StreamingLmuNetwork network() {
        return network;
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
    public List<String> leads() {
        return metadata.leads();
    }

    @Override
    public double samplingFrequencyHz() {
        return metadata.samplingFrequencyHz();
    }

    @Override
    public double delayMillis() {
        return metadata.delayMillis();
    }

    @Override
    public StreamingDelineator newDelineator(WaveRules rules, boolean[] present) {
        return new StreamingDelineator(
                network, metadata.delaySamples(), rules, metadata.samplingFrequencyHz(), present);
    }

    /** Does nothing, because the streaming network has no native resources. */
    @Override
    public void close() {}
}
