package org.medstream.model.artifact;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 * LMU segmentation model (waves or beats): the DJL model with its network, and per-sample inference
 * that undoes the algorithmic delay. Closing it frees the native memory of its weights.
 *
 * <p>Inference appends Δ copies of the last sample to a signal, runs the causal network over it and
 * reads the label of sample s from output s + Δ, so every sample of the signal gets a label. This
 * is the offline (whole recording) path; a streaming operator emits the label of s at s + Δ.
 * Instances are not thread-safe, like DJL predictors.
 */
public final class LmuSegmentationModel implements AutoCloseable {
    /** Suffix that DJL gives the parameter file of epoch 0, after the model name. */
    private static final String PARAMETERS_SUFFIX = "-0000.params";

    /**
     * Taps of the memory's impulse response kept by a loaded model, in windows θ. Training keeps 2θ
     * for speed. The taps are constants, not weights, so inference keeps more, and its memory
     * agrees with the streaming recurrence to float rounding: the dropped terms fall below 1e-7 of
     * the state.
     */
    private static final int INFERENCE_KERNEL_THETAS = 4;

    /** Suffix of the file of the weights exported for the streaming path, after the model name. */
    private static final String STREAMING_WEIGHTS_SUFFIX = ".weights";

    private final Model model;
    private final String name;
    private final LmuNetworkConfig config;
    private final double samplingFrequencyHz;

    private LmuSegmentationModel(
            Model model, String name, LmuNetworkConfig config, double samplingFrequencyHz) {
        this.model = model;
        this.name = name;
        this.config = config;
        this.samplingFrequencyHz = samplingFrequencyHz;
    }

    /**
     * A model with a new, uninitialised network, for training on signals sampled at {@code
     * samplingFrequencyHz}.
     */
    public static LmuSegmentationModel create(
            LmuNetworkConfig config, double samplingFrequencyHz, String name) {
        Model model = Model.newInstance(name);
        model.setBlock(LmuSegmentationNetwork.build(config));
        return new LmuSegmentationModel(model, name, config, samplingFrequencyHz);
    }

    /**
     * Restores a model from a directory written by {@link #save(Path, ModelMetadata)}, with a
     * parallel-form memory of 4θ taps.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the weights do not match the network that the metadata describes
     */
    public static LmuSegmentationModel load(Path directory) throws IOException {
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
        String name = modelName(metadata.weightsFile());
        Model model = Model.newInstance(name);
        try {
            model.setBlock(LmuSegmentationNetwork.build(inference));
            model.load(directory, name);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    "Failed to load the weights in " + directory + ": " + e.getMessage(), e);
        }
        return new LmuSegmentationModel(model, name, inference, metadata.samplingFrequencyHz());
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
        model.save(directory, name);
        exportWeights().write(directory.resolve(streamingWeightsFileName()));
        metadata.write(directory);
        return directory.resolve(weightsFileName());
    }

    /**
     * Copies the trained values out of the DJL network under the names that {@link
     * StreamingLmuNetwork} reads, checking each parameter's type against the name.
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
            Parameter parameter = parameters.get(i).getValue();
            Parameter.Type expected = parameterType(names.get(i));
            if (parameter.getType() != expected) {
                throw new IllegalStateException(
                        "Parameter "
                                + i
                                + " of the network ("
                                + parameters.get(i).getKey()
                                + ") is a "
                                + parameter.getType()
                                + ", the streaming path reads "
                                + names.get(i)
                                + ", a "
                                + expected
                                + "; the two network definitions differ");
            }
            NDArray array = parameter.getArray();
            long[] dimensions = array.getShape().getShape();
            int[] shape = new int[dimensions.length];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = Math.toIntExact(dimensions[d]);
            }
            tensors.put(names.get(i), new NetworkWeights.Tensor(shape, array.toFloatArray()));
        }
        return new NetworkWeights(tensors);
    }

    /** Returns the DJL parameter type of a streaming tensor, from its name's suffix. */
    private static Parameter.Type parameterType(String name) {
        String suffix = name.substring(name.lastIndexOf('.') + 1);
        return switch (suffix) {
            case "weight" -> Parameter.Type.WEIGHT;
            case "bias" -> Parameter.Type.BIAS;
            case "gamma" -> Parameter.Type.GAMMA;
            case "beta" -> Parameter.Type.BETA;
            case "mean" -> Parameter.Type.RUNNING_MEAN;
            case "variance" -> Parameter.Type.RUNNING_VAR;
            default -> throw new IllegalStateException("Unknown tensor name " + name);
        };
    }

    /** File name that {@link #save} gives the weights. */
    public String weightsFileName() {
        return name + PARAMETERS_SUFFIX;
    }

    /** File name that {@link #save} gives the weights of the streaming path. */
    public String streamingWeightsFileName() {
        return name + STREAMING_WEIGHTS_SUFFIX;
    }

    /**
     * Returns the model name from a DJL parameter file name such as {@code lmu-waves-0000.params}.
     *
     * @throws IOException when the name does not end in {@code -0000.params}
     */
    private static String modelName(String weightsFile) throws IOException {
        if (weightsFile == null || !weightsFile.endsWith(PARAMETERS_SUFFIX)) {
            throw new IOException(
                    "Invalid weightsFile '"
                            + weightsFile
                            + "' in model.json; expected a DJL parameter file <name>"
                            + PARAMETERS_SUFFIX);
        }
        return weightsFile.substring(0, weightsFile.length() - PARAMETERS_SUFFIX.length());
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
        float[][] input = new float[leads.size()][length];
        for (int lead = 0; lead < leads.size(); lead++) {
            float[] extended = extendByDelay(leads.get(lead), delay);
            System.arraycopy(extended, 0, input[lead], 0, extended.length);
        }

        List<float[][]> outputs = outputs(input);
        List<float[][]> results = new ArrayList<>();
        for (int lead = 0; lead < leads.size(); lead++) {
            int samples = leads.get(lead).length;
            float[][] logits = new float[classes][samples];
            for (int c = 0; c < classes; c++) {
                System.arraycopy(outputs.get(lead)[c], delay, logits[c], 0, samples);
            }
            results.add(logits);
        }
        return results;
    }

    /**
     * Runs the network once over an input unchanged, with no delay handling: output t of each lead
     * belongs to input t − Δ.
     *
     * @param input [leads][samples] network input
     * @return per lead, [classes][samples] logits
     */
    public List<float[][]> outputs(float[][] input) {
        int leads = input.length;
        int length = input[0].length;
        int classes = config.classes();
        List<float[][]> results = new ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] values = new float[leads * length];
            for (int lead = 0; lead < leads; lead++) {
                System.arraycopy(input[lead], 0, values, lead * length, length);
            }
            NDArray batch = manager.create(values, new Shape(1, leads, length));
            float[] output =
                    model.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(batch), false)
                            .singletonOrThrow()
                            .toFloatArray();
            for (int lead = 0; lead < leads; lead++) {
                float[][] logits = new float[classes][length];
                for (int c = 0; c < classes; c++) {
                    System.arraycopy(output, (lead * classes + c) * length, logits[c], 0, length);
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
