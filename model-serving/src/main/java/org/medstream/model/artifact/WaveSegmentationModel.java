package org.medstream.model.artifact;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.model.lmu.djl.LmuNetworkConfig;
import org.medstream.model.lmu.djl.LmuSegmentationNetwork;
import org.medstream.model.lmu.streaming.NetworkWeights;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;

/**
 * LMU wave segmentation model: the DJL model with its network, and per-sample inference that undoes
 * the algorithmic delay. Closing it frees the native memory of its weights.
 *
 * <p>Inference appends Δ copies of the last sample to a signal, runs the causal network over it and
 * reads the label of sample s from output s + Δ, so every sample of the signal gets a label. This
 * is the offline (whole recording) path; a streaming operator emits the label of s at s + Δ.
 * Instances are not thread-safe, like DJL predictors.
 */
public final class WaveSegmentationModel implements AutoCloseable {
    /** Prefix of the DJL parameter file, {@code lmu-waves-0000.params}. */
    public static final String MODEL_NAME = "lmu-waves";

    /**
     * Taps of the memory's impulse response kept by a loaded model, in windows θ. Training keeps 2θ
     * for speed. The taps are constants, not weights, so inference keeps more, and its memory
     * agrees with the streaming recurrence to float rounding: the dropped terms fall below 1e-7 of
     * the state.
     */
    private static final int INFERENCE_KERNEL_THETAS = 4;

    /** File of the weights exported for the streaming path, in {@link NetworkWeights} format. */
    public static final String STREAMING_WEIGHTS_FILE = "lmu-waves.weights";

    private final Model model;
    private final LmuNetworkConfig config;
    private final double samplingFrequencyHz;

    private WaveSegmentationModel(
            Model model, LmuNetworkConfig config, double samplingFrequencyHz) {
        this.model = model;
        this.config = config;
        this.samplingFrequencyHz = samplingFrequencyHz;
    }

    /**
     * A model with a new, uninitialised network, for training on signals sampled at {@code
     * samplingFrequencyHz}.
     */
    public static WaveSegmentationModel create(
            LmuNetworkConfig config, double samplingFrequencyHz) {
        Model model = Model.newInstance(MODEL_NAME);
        model.setBlock(LmuSegmentationNetwork.build(config));
        return new WaveSegmentationModel(model, config, samplingFrequencyHz);
    }

    /**
     * Restores a model from a directory written by {@link #save(Path, ModelMetadata)}, with a
     * parallel-form memory of 4θ taps.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the weights do not match the network that the metadata describes
     */
    public static WaveSegmentationModel load(Path directory) throws IOException {
        Path metadataFile = directory.resolve(ModelMetadata.FILE_NAME);
        if (!Files.exists(metadataFile)) {
            throw new NoSuchFileException(
                    metadataFile.toString(),
                    null,
                    "no model.json in the model directory; train a model with 'medstream train'");
        }
        ModelMetadata metadata = ModelMetadata.read(directory);

        LmuNetworkConfig trained = metadata.network();
        LmuNetworkConfig inference =
                new LmuNetworkConfig(
                        trained.inputChannels(),
                        trained.channels(),
                        trained.order(),
                        trained.thetaSamples(),
                        Math.max(
                                trained.kernelLength(),
                                INFERENCE_KERNEL_THETAS * trained.thetaSamples()),
                        trained.classes(),
                        trained.delaySamples());
        Model model = Model.newInstance(MODEL_NAME);
        try {
            model.setBlock(LmuSegmentationNetwork.build(inference));
            model.load(directory, MODEL_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    "Failed to load the weights in " + directory + ": " + e.getMessage(), e);
        }
        return new WaveSegmentationModel(model, inference, metadata.samplingFrequencyHz());
    }

    /** Returns the DJL model, for a trainer. */
    public Model model() {
        return model;
    }

    /** Returns the network shape. */
    public LmuNetworkConfig config() {
        return config;
    }

    /** Sampling frequency the model expects, in Hz. */
    public double samplingFrequencyHz() {
        return samplingFrequencyHz;
    }

    /** Number of trained values; the network must be initialised or loaded. */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
            count += parameter.getValue().getArray().size();
        }
        return count;
    }

    /**
     * Writes the weights (DJL parameters, and the same values for the streaming path) and {@code
     * model.json} into {@code directory}, creating it if needed.
     *
     * @return the path of the DJL weights file
     */
    public Path save(Path directory, ModelMetadata metadata) throws IOException {
        Files.createDirectories(directory);
        model.save(directory, MODEL_NAME);
        exportWeights().write(directory.resolve(STREAMING_WEIGHTS_FILE));
        metadata.write(directory);
        return directory.resolve(weightsFileName());
    }

    /**
     * Copies the trained values out of the DJL network under the names that {@link
     * StreamingLmuNetwork} reads.
     *
     * @throws IllegalStateException when the network's parameters do not match those names
     */
    public NetworkWeights exportWeights() {
        ParameterList parameters = model.getBlock().getParameters();
        List<String> names = StreamingLmuNetwork.PARAMETER_NAMES;
        if (parameters.size() != names.size()) {
            throw new IllegalStateException(
                    "The network has "
                            + parameters.size()
                            + " parameters, the streaming path reads "
                            + names.size()
                            + "; the two network definitions differ");
        }
        Map<String, NetworkWeights.Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            NDArray array = parameters.get(i).getValue().getArray();
            long[] dimensions = array.getShape().getShape();
            int[] shape = new int[dimensions.length];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = Math.toIntExact(dimensions[d]);
            }
            tensors.put(names.get(i), new NetworkWeights.Tensor(shape, array.toFloatArray()));
        }
        return new NetworkWeights(tensors);
    }

    /** File name that {@link #save} gives the weights. */
    public static String weightsFileName() {
        return MODEL_NAME + "-0000.params";
    }

    /** Appends Δ copies of the last sample, so that output s + Δ exists for every sample s. */
    public static float[] extendByDelay(float[] signal, int delaySamples) {
        float[] extended = new float[signal.length + delaySamples];
        System.arraycopy(signal, 0, extended, 0, signal.length);
        float last = signal.length == 0 ? 0f : signal[signal.length - 1];
        for (int t = signal.length; t < extended.length; t++) {
            extended[t] = last;
        }
        return extended;
    }

    /**
     * Computes the class logits of each sample of each lead of one recording in inference mode.
     *
     * @param leads one signal per model input channel, in the model's lead order; a missing lead is
     *     all zeros
     * @return per lead, [classes][samples] logits aligned with the lead's samples
     * @throws IllegalArgumentException when the number of signals is not the model's lead count
     */
    public List<float[][]> logits(List<float[]> leads) {
        int delay = config.delaySamples();
        int classes = config.classes();
        if (leads.size() != config.inputChannels()) {
            throw new IllegalArgumentException(
                    "The model takes "
                            + config.inputChannels()
                            + " leads at once, got "
                            + leads.size()
                            + " signals");
        }
        int length = 0;
        for (float[] signal : leads) {
            length = Math.max(length, signal.length + delay);
        }

        List<float[][]> results = new ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] input = new float[leads.size() * length];
            for (int lead = 0; lead < leads.size(); lead++) {
                float[] extended = extendByDelay(leads.get(lead), delay);
                System.arraycopy(extended, 0, input, lead * length, extended.length);
            }
            NDArray batch = manager.create(input, new Shape(1, leads.size(), length));

            Block block = model.getBlock();
            NDArray output =
                    block.forward(new ParameterStore(manager, false), new NDList(batch), false)
                            .singletonOrThrow();
            float[] values = output.toFloatArray();

            for (int lead = 0; lead < leads.size(); lead++) {
                int samples = leads.get(lead).length;
                float[][] logits = new float[classes][samples];
                for (int c = 0; c < classes; c++) {
                    int offset = (lead * classes + c) * length + delay;
                    System.arraycopy(values, offset, logits[c], 0, samples);
                }
                results.add(logits);
            }
        }
        return results;
    }

    /** Returns the most likely class of each sample of each lead of one recording. */
    public List<int[]> labels(List<float[]> leads) {
        List<int[]> labels = new ArrayList<>();
        for (float[][] logits : logits(leads)) {
            int samples = logits.length == 0 ? 0 : logits[0].length;
            int[] best = new int[samples];
            for (int t = 0; t < samples; t++) {
                for (int c = 1; c < logits.length; c++) {
                    if (logits[c][t] > logits[best[t]][t]) {
                        best[t] = c;
                    }
                }
            }
            labels.add(best);
        }
        return labels;
    }

    @Override
    public void close() {
        model.close();
    }
}
