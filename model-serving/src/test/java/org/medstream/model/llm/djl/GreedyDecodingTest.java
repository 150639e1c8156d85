package org.medstream.model.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.LayerWeights;
import org.medstream.model.llm.LlamaConfig;
import org.medstream.model.llm.LlamaModel;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.model.llm.LlamaWeights;
import org.medstream.model.llm.RotaryLayout;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.llm.gguf.GgufFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes greedily from BOS with the shipped stories260K model and compares with the reference text
 * of llama2.c. A wrong rotary layout, head sharing or norm gives fluent but different text after a
 * few words, so this test checks the whole decoder.
 */
class GreedyDecodingTest {
    private static final Logger LOG = LoggerFactory.getLogger(GreedyDecodingTest.class);

    private static final int STEPS = 256;

    /** Steps recomputed without a cache; each recomputes the whole prefix. */
    private static final int UNCACHED_STEPS = 64;

    /**
     * Largest absolute logit difference allowed between cached and uncached decoding. The logits
     * reach 20, where one float32 ulp is 1.9e-6, and the two paths sum in different orders: the
     * cached step multiplies one row, the recompute a [length, d] matrix, and softmax runs over
     * rows of different lengths. Measured: 1.5e-5 over 64 steps, PyTorch 2.7.1 on a 2-core x86-64
     * machine.
     */
    private static final double LOGIT_TOLERANCE = 5e-5;

    private static LlamaModel model;
    private static LlamaTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        model = LlamaModel.load(Stories260K.GGUF);
        tokenizer = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void cachedDecodingMatchesReference() throws IOException {
        String expected = Files.readString(Stories260K.GREEDY_EXPECTED, StandardCharsets.UTF_8);

        Greedy.withCache(model, tokenizer.bosId(), 16);
        long start = System.nanoTime();
        Greedy.Result result = Greedy.withCache(model, tokenizer.bosId(), STEPS);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info(
                "stories260K greedy decoding with cache: tokens={} seconds={} tokensPerSecond={}",
                STEPS,
                String.format("%.3f", seconds),
                String.format("%.1f", STEPS / seconds));

        // The reference text ends with a newline after the text of the last token.
        assertThat(expected).endsWith("\n");
        assertThat(tokenizer.decode(result.tokens()))
                .isEqualTo(expected.substring(0, expected.length() - 1));
    }

    @Test
    void uncachedDecodingMatchesCached() {
        Greedy.Result cached = Greedy.withCache(model, tokenizer.bosId(), UNCACHED_STEPS);
        Greedy.Result uncached = Greedy.withoutCache(model, tokenizer.bosId(), UNCACHED_STEPS);

        assertThat(uncached.tokens()).containsExactly(cached.tokens());
        double maxDifference = 0;
        for (int step = 0; step < UNCACHED_STEPS; step++) {
            maxDifference =
                    Math.max(
                            maxDifference,
                            Greedy.maxAbsoluteDifference(
                                    cached.logits()[step], uncached.logits()[step]));
        }
        LOG.info(
                "cached vs uncached logits: steps={} maxAbsDifference={}",
                UNCACHED_STEPS,
                maxDifference);
        assertThat(maxDifference).isLessThan(LOGIT_TOLERANCE);
    }

    /**
     * Shows that the Q/K row reordering of GGUF weights is needed: with the rows left in GGUF's
     * interleaved order, the rotate-half decoder writes other text.
     */
    @Test
    void ggufRowOrderMatters() throws IOException {
        GgufFile file = GgufFile.open(Stories260K.GGUF);
        LlamaConfig config = LlamaConfig.fromGguf(file);
        LlamaWeights weights = LlamaWeights.fromGguf(file, config);
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights layer : weights.layers()) {
            layers.add(
                    new LayerWeights(
                            layer.attentionNorm(),
                            RotaryLayout.halvesToInterleaved(layer.query(), config.headCount()),
                            RotaryLayout.halvesToInterleaved(layer.key(), config.kvHeadCount()),
                            layer.value(),
                            layer.attentionOutput(),
                            layer.feedForwardNorm(),
                            layer.gate(),
                            layer.up(),
                            layer.down()));
        }
        LlamaWeights unordered =
                new LlamaWeights(
                        weights.embedding(), layers, weights.finalNorm(), weights.output());
        String expected = Files.readString(Stories260K.GREEDY_EXPECTED, StandardCharsets.UTF_8);

        String text;
        try (LlamaModel wrong = LlamaModel.create(config, unordered, tokenizer, Device.cpu())) {
            text = tokenizer.decode(Greedy.withCache(wrong, tokenizer.bosId(), 40).tokens());
        }
        LOG.info("greedy text with GGUF Q/K rows not reordered: {}", text);

        assertThat(expected).doesNotStartWith(text);
    }

    @Test
    void firstTokensStartTheStory() {
        Greedy.Result result = Greedy.withCache(model, tokenizer.bosId(), 4);

        assertThat(tokenizer.decode(Arrays.copyOf(result.tokens(), 4))).startsWith("Once upon a");
    }
}
