package org.medstream.model.lmu.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * Builds the LMUFormer-style network for per-sample segmentation in parallel (training) form. Input
 * [batch, leads, time], all leads of a record together; output logits [batch · leads, classes,
 * time], the classes of each lead's samples:
 *
 * <ol>
 *   <li>patch embedding: two kernel-3 Conv1d + BatchNorm + ReLU, made causal by padding two samples
 *       on the left (no lookahead, no downsampling);
 *   <li>LMU block: a 1×1 convolution encodes the features x_t into the scalar u_t, {@link
 *       LegendreMemoryConvolution} gives the memory m_t, and a 1×1 convolution with ReLU on [m_t;
 *       x_t; x_(t−Δ)] is added to x_t. The delayed features give the head the exact local shape of
 *       the sample it labels, because the memory alone resolves its window only to about θ/d
 *       samples;
 *   <li>channel mixer: 1×1 convolution to 4C, GELU, 1×1 convolution back to C, added to its input;
 *   <li>head: a 1×1 convolution to the class logits of every lead.
 * </ol>
 *
 * <p>Every layer is causal, so the output at t depends on inputs up to t only; the algorithmic
 * delay Δ comes from training the output at t on the label of t − Δ, not from the layers.
 */
public final class LmuSegmentationNetwork {
    private LmuSegmentationNetwork() {}

    /** Builds an uninitialised network of the given shape. */
    public static Block build(LmuNetworkConfig config) {
        int channels = config.channels();
        SequentialBlock network = new SequentialBlock();

        network.add(causalConvolution(channels));
        network.add(BatchNorm.builder().build());
        network.add(Activation.reluBlock());
        network.add(causalConvolution(channels));
        network.add(BatchNorm.builder().build());
        network.add(Activation.reluBlock());

        network.add(residual(lmuBlock(config)));
        network.add(residual(channelMixer(channels)));
        network.add(pointwise(config.inputChannels() * config.classes()));
        int classes = config.classes();
        network.add(
                LambdaBlock.singleton(logits -> logitsPerLead(logits, classes), "logitsPerLead"));
        return network;
    }

    private static Block lmuBlock(LmuNetworkConfig config) {
        SequentialBlock memory = new SequentialBlock();
        memory.add(pointwise(1));
        memory.add(
                new LegendreMemoryConvolution(
                        config.order(), config.thetaSamples(), config.kernelLength()));

        int delay = config.delaySamples();
        ParallelBlock memoryAndFeatures =
                new ParallelBlock(
                        outputs ->
                                new NDList(
                                        NDArrays.concat(
                                                new NDList(
                                                        outputs.get(0).singletonOrThrow(),
                                                        outputs.get(1).singletonOrThrow(),
                                                        outputs.get(2).singletonOrThrow()),
                                                1)),
                        List.of(
                                memory,
                                Blocks.identityBlock(),
                                LambdaBlock.singleton(
                                        input -> delayed(input, delay), "delayedFeatures")));

        SequentialBlock block = new SequentialBlock();
        block.add(memoryAndFeatures);
        block.add(pointwise(config.channels()));
        block.add(Activation.reluBlock());
        return block;
    }

    private static Block channelMixer(int channels) {
        SequentialBlock mixer = new SequentialBlock();
        mixer.add(pointwise(4 * channels));
        mixer.add(Activation.geluBlock());
        mixer.add(pointwise(channels));
        return mixer;
    }

    /** x + f(x). */
    private static Block residual(Block inner) {
        return new ParallelBlock(
                outputs ->
                        new NDList(
                                outputs.get(0)
                                        .singletonOrThrow()
                                        .add(outputs.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), inner));
    }

    private static Block causalConvolution(int filters) {
        SequentialBlock block = new SequentialBlock();
        block.add(LambdaBlock.singleton(LmuSegmentationNetwork::padTwoOnLeft, "causalPad"));
        block.add(Conv1d.builder().setKernelShape(new Shape(3)).setFilters(filters).build());
        return block;
    }

    /**
     * Reshapes the head's [batch, leads · classes, time] into [batch · leads, classes, time]: one
     * row per lead, record by record, lead l of record b at row b · leads + l.
     */
    private static NDArray logitsPerLead(NDArray logits, int classes) {
        Shape shape = logits.getShape();
        return logits.reshape(-1, classes, shape.get(2));
    }

    /** Shifts [batch, channels, time] right by {@code delay} samples, with zeros before t = 0. */
    private static NDArray delayed(NDArray input, int delay) {
        if (delay == 0) {
            return input;
        }
        long length = input.getShape().get(2);
        return input.pad(new Shape(delay, 0), 0).get(":, :, :{}", length);
    }

    private static NDArray padTwoOnLeft(NDArray input) {
        return input.pad(new Shape(2, 0), 0);
    }

    private static Block pointwise(int filters) {
        return Conv1d.builder().setKernelShape(new Shape(1)).setFilters(filters).build();
    }
}
