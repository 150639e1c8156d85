package org.medstream.model.lmu.streaming;

import java.util.List;
import org.ejml.dense.row.CommonOps_DDRM;
import org.medstream.model.lmu.LegendreMemory;
import org.medstream.model.lmu.djl.LmuNetworkConfig;

/**
 * The LMU segmentation network of {@code LmuSegmentationNetwork} in recurrent form, in plain Java:
 * one step per sample of all leads, with the stream's history in a {@link StreamState} of fixed
 * size instead of a whole sequence. It computes what the parallel (training) form computes at the
 * same sample, except for float rounding and the taps that the parallel form drops after K; the
 * parity tests bound the difference.
 *
 * <p>Per step: the two causal kernel-3 convolutions with batch normalisation folded into their
 * weights, the encoder u_t, the memory update m_t = Ā m_(t−1) + B̄ u_t (in double), the projection
 * of [m_t; x_t] with ReLU added to x_t, the GELU channel mixer added to its input, and the head.
 * Matrices are stored column by column, so each product is a sequence of independent multiply-adds
 * over one column, which the JIT compiles to vector instructions. Instances are immutable and may
 * be shared by threads; each thread steps its own states.
 */
public final class StreamingLmuNetwork {
    /**
     * Tensor names in the order of the DJL network's parameters, as the exporter writes them: the
     * two embedding convolutions with their batch normalisations, the LMU encoder and projection,
     * the mixer's expansion and contraction, and the head.
     */
    public static final List<String> PARAMETER_NAMES =
            List.of(
                    "embed1.weight",
                    "embed1.bias",
                    "norm1.gamma",
                    "norm1.beta",
                    "norm1.mean",
                    "norm1.variance",
                    "embed2.weight",
                    "embed2.bias",
                    "norm2.gamma",
                    "norm2.beta",
                    "norm2.mean",
                    "norm2.variance",
                    "lmu.encoder.weight",
                    "lmu.encoder.bias",
                    "lmu.projection.weight",
                    "lmu.projection.bias",
                    "mixer.expand.weight",
                    "mixer.expand.bias",
                    "mixer.contract.weight",
                    "mixer.contract.bias",
                    "head.weight",
                    "head.bias");

    /** Epsilon of DJL's BatchNorm, added to the running variance. */
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private static final int MIXER_EXPANSION = 4;

    private final LmuNetworkConfig config;
    private final int channels;
    private final int order;
    private final int classes;
    private final int expansion;

    private final int leads;
    private final int outputs;

    /** First convolution, folded: per tap k (applied to the inputs at t−2+k) a C×L matrix. */
    private final float[][] embed1;

    private final float[] embed1Bias;

    /** Second convolution, folded: per tap k a C×C matrix stored by columns. */
    private final float[][] embed2;

    private final float[] embed2Bias;
    private final float[] encoder;
    private final float encoderBias;

    /** Ā by columns, in double like the memory state. */
    private final double[] memoryColumns;

    private final double[] memoryInput;
    private final int delay;

    /** Projection of [m; x_t; x_(t−Δ)], stored by columns. */
    private final float[] projection;

    private final float[] projectionBias;
    private final float[] expand;
    private final float[] expandBias;
    private final float[] contract;
    private final float[] contractBias;
    private final float[] head;
    private final float[] headBias;

    /**
     * Builds the network of {@code config} from exported weights.
     *
     * @throws IllegalArgumentException when a tensor is missing or its shape does not fit the
     *     configuration
     */
    public StreamingLmuNetwork(LmuNetworkConfig config, NetworkWeights weights) {
        this.config = config;
        this.leads = config.inputChannels();
        this.channels = config.channels();
        this.order = config.order();
        this.classes = config.classes();
        this.expansion = MIXER_EXPANSION * channels;
        int c = channels;

        float[] scale1 = batchNormScale(weights, "norm1", c);
        float[] weight1 = weights.values("embed1.weight", c, leads, 3);
        embed1 = new float[3][leads * c];
        for (int out = 0; out < c; out++) {
            for (int in = 0; in < leads; in++) {
                for (int k = 0; k < 3; k++) {
                    embed1[k][in * c + out] = weight1[(out * leads + in) * 3 + k] * scale1[out];
                }
            }
        }
        embed1Bias = foldedBias(weights, "embed1.bias", "norm1", scale1, c);

        float[] scale2 = batchNormScale(weights, "norm2", c);
        float[] weight2 = weights.values("embed2.weight", c, c, 3);
        embed2 = new float[3][c * c];
        for (int out = 0; out < c; out++) {
            for (int in = 0; in < c; in++) {
                for (int k = 0; k < 3; k++) {
                    embed2[k][in * c + out] = weight2[(out * c + in) * 3 + k] * scale2[out];
                }
            }
        }
        embed2Bias = foldedBias(weights, "embed2.bias", "norm2", scale2, c);

        encoder = weights.values("lmu.encoder.weight", 1, c, 1);
        encoderBias = weights.values("lmu.encoder.bias", 1)[0];
        LegendreMemory memory = LegendreMemory.discretise(order, config.thetaSamples());
        memoryColumns = CommonOps_DDRM.transpose(memory.stateMatrix(), null).data;
        memoryInput = memory.inputMatrix().data;
        delay = config.delaySamples();
        int projected = order + 2 * c;
        projection =
                columns(weights.values("lmu.projection.weight", c, projected, 1), c, projected);
        projectionBias = weights.values("lmu.projection.bias", c);

        expand = columns(weights.values("mixer.expand.weight", expansion, c, 1), expansion, c);
        expandBias = weights.values("mixer.expand.bias", expansion);
        contract = columns(weights.values("mixer.contract.weight", c, expansion, 1), c, expansion);
        contractBias = weights.values("mixer.contract.bias", c);
        outputs = leads * classes;
        head = columns(weights.values("head.weight", outputs, c, 1), outputs, c);
        headBias = weights.values("head.bias", outputs);
    }

    /** Returns the network shape. */
    public LmuNetworkConfig config() {
        return config;
    }

    /** Returns the number of leads each step takes. */
    public int leads() {
        return leads;
    }

    /** Returns the number of classes per lead. */
    public int classes() {
        return classes;
    }

    /** Returns the number of logits per step: the classes of lead l at l · classes + class. */
    public int outputs() {
        return outputs;
    }

    /**
     * Returns the multiply-adds of one step: 3LC (first convolution over L leads), 3C² (second), C
     * (encoder), d² + d (memory, in double), (d + 2C)·C (projection), 2·4C·C (mixer) and
     * L·classes·C (head). A multiply-add counts as two floating-point operations; the 4C GELU
     * evaluations, the ReLUs and the bias additions are not counted.
     */
    public long multiplyAddsPerStep() {
        long c = channels;
        long d = order;
        return 3 * leads * c
                + 3 * c * c
                + c
                + d * d
                + d
                + (d + 2 * c) * c
                + 2 * expansion * c
                + (long) outputs * c;
    }

    /**
     * Returns the most likely class of {@code lead} in the logits of one step, the first on a tie.
     */
    public int mostLikely(float[] logits, int lead) {
        int first = lead * classes;
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[first + c] > logits[first + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Returns a zero state, as at the start of a stream. */
    public StreamState newState() {
        return new StreamState(leads, channels, order, expansion, delay);
    }

    /**
     * Steps {@code state} by one sample of every lead and writes the logits of this step into
     * {@code logits} ({@link #outputs()} values); they belong to the sample Δ steps back.
     *
     * @param frame one value per lead, in the model's lead order; 0 for a missing lead
     */
    public void step(StreamState state, float[] frame, float[] logits) {
        step(state, frame, 0, logits);
    }

    /**
     * Steps {@code state} with the frame at {@code frames[offset … offset + L)}, as {@link
     * #step(StreamState, float[], float[])} does.
     */
    public void step(StreamState state, float[] frames, int offset, float[] logits) {
        int c = channels;
        float[] features = state.features;
        float[] previousInputs = state.previousInputs;
        System.arraycopy(embed1Bias, 0, features, 0, c);
        addProduct(embed1[0], c, 0, previousInputs, 0, leads, features);
        addProduct(embed1[1], c, 0, previousInputs, leads, leads, features);
        addProduct(embed1[2], c, 0, frames, offset, leads, features);
        relu(features, c);

        float[] x = state.hidden;
        System.arraycopy(embed2Bias, 0, x, 0, c);
        float[] previous = state.previousFeatures;
        addProduct(embed2[0], c, 0, previous, 0, c, x);
        addProduct(embed2[1], c, 0, previous, c, c, x);
        addProduct(embed2[2], c, 0, features, 0, c, x);
        relu(x, c);
        System.arraycopy(previous, c, previous, 0, c);
        System.arraycopy(features, 0, previous, c, c);
        System.arraycopy(previousInputs, leads, previousInputs, 0, leads);
        System.arraycopy(frames, offset, previousInputs, leads, leads);

        float encoded = encoderBias;
        for (int i = 0; i < c; i++) {
            encoded += encoder[i] * x[i];
        }
        double[] previousMemory = state.memory;
        double[] next = state.nextMemory;
        for (int i = 0; i < order; i++) {
            next[i] = memoryInput[i] * encoded;
        }
        for (int j = 0; j < order; j++) {
            double coefficient = previousMemory[j];
            int column = j * order;
            for (int i = 0; i < order; i++) {
                next[i] += memoryColumns[column + i] * coefficient;
            }
        }
        state.nextMemory = previousMemory;
        state.memory = next;
        float[] memory = state.roundedMemory;
        for (int i = 0; i < order; i++) {
            memory[i] = (float) next[i];
        }

        float[] block = state.block;
        System.arraycopy(projectionBias, 0, block, 0, c);
        addProduct(projection, c, 0, memory, 0, order, block);
        addProduct(projection, c, order, x, 0, c, block);
        if (delay == 0) {
            addProduct(projection, c, order + c, x, 0, c, block);
        } else {
            float[] delayed = state.delayedFeatures;
            int slot = (int) (state.samples % delay) * c;
            addProduct(projection, c, order + c, delayed, slot, c, block);
            System.arraycopy(x, 0, delayed, slot, c);
        }
        for (int i = 0; i < c; i++) {
            x[i] += Math.max(block[i], 0f);
        }

        float[] expanded = state.expanded;
        System.arraycopy(expandBias, 0, expanded, 0, expansion);
        addProduct(expand, expansion, 0, x, 0, c, expanded);
        for (int i = 0; i < expansion; i++) {
            expanded[i] = Gelu.apply(expanded[i]);
        }
        System.arraycopy(contractBias, 0, block, 0, c);
        addProduct(contract, c, 0, expanded, 0, expansion, block);
        for (int i = 0; i < c; i++) {
            x[i] += block[i];
        }

        System.arraycopy(headBias, 0, logits, 0, outputs);
        addProduct(head, outputs, 0, x, 0, c, logits);
        state.samples++;
    }

    /**
     * Adds the product of columns {@code firstColumn …} of a matrix with {@code rows} rows and
     * {@code vector[offset … offset+length)} to {@code out}.
     */
    private static void addProduct(
            float[] columns,
            int rows,
            int firstColumn,
            float[] vector,
            int offset,
            int length,
            float[] out) {
        for (int j = 0; j < length; j++) {
            float coefficient = vector[offset + j];
            int base = (firstColumn + j) * rows;
            for (int i = 0; i < rows; i++) {
                out[i] += columns[base + i] * coefficient;
            }
        }
    }

    private static void relu(float[] values, int length) {
        for (int i = 0; i < length; i++) {
            values[i] = Math.max(values[i], 0f);
        }
    }

    /** Returns γ/√(variance + ε) of a batch normalisation. */
    private static float[] batchNormScale(NetworkWeights weights, String name, int c) {
        float[] gamma = weights.values(name + ".gamma", c);
        float[] variance = weights.values(name + ".variance", c);
        float[] scale = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (gamma[i] / Math.sqrt(variance[i] + BATCH_NORM_EPSILON));
        }
        return scale;
    }

    /**
     * Returns (bias − mean)·scale + β, the bias of a convolution with the normalisation folded in.
     */
    private static float[] foldedBias(
            NetworkWeights weights, String biasName, String normName, float[] scale, int c) {
        float[] bias = weights.values(biasName, c);
        float[] mean = weights.values(normName + ".mean", c);
        float[] beta = weights.values(normName + ".beta", c);
        float[] folded = new float[c];
        for (int i = 0; i < c; i++) {
            folded[i] = (bias[i] - mean[i]) * scale[i] + beta[i];
        }
        return folded;
    }

    /** Reorders a row-major rows×cols matrix into columns. */
    private static float[] columns(float[] rowMajor, int rows, int cols) {
        float[] columns = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                columns[j * rows + i] = rowMajor[i * cols + j];
            }
        }
        return columns;
    }
}
