package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.schemas.PatientContext;

/** Checks that prompt prefixes computed for one batch serve later batches with equal outputs. */
class PrefixCachesTest {
    /** As {@code MedTsLlmNetworkTest.CACHE_TOLERANCE}: the same prompt length on both paths. */
    private static final double CACHE_TOLERANCE = 5e-5;

    private static MedTsLlmModel model;

    @BeforeAll
    static void create() throws IOException {
        Engine.getInstance().setRandomSeed(7);
        model =
                MedTsLlmModel.create(
                        MedTsLlmConfig.defaults(512, 4),
                        Stories260K.GGUF,
                        new PromptBuilder(
                                new PromptParts(true, true, true, false), "LUDB.", "Label waves."),
                        "prefix-caches-test");
        model.initialize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void laterCallReusesThePrefixAndMatchesUncached() {
        PatientContext patient = MedTsLlmNetworkTest.patient();
        model.logits(MedTsLlmNetworkTest.windows(20, 4), patient, true);
        long hits = model.prefixCaches().hits();

        List<float[]> windows = MedTsLlmNetworkTest.windows(5, 5);
        List<float[][]> cached = model.logits(windows, patient, true);
        List<float[][]> uncached = model.logits(windows, patient, false);

        assertThat(model.prefixCaches().hits()).isEqualTo(hits + 1);
        assertThat(MedTsLlmNetworkTest.maxDifference(cached, uncached)).isLessThan(CACHE_TOLERANCE);
    }

    @Test
    void eachPatientKeepsItsOwnPrefix() {
        List<float[]> windows = MedTsLlmNetworkTest.windows(17, 6);
        PatientContext first = MedTsLlmNetworkTest.patient();
        PatientContext second =
                PatientContext.newBuilder(first).setStreamId("2").setAgeYears(80).build();

        List<float[][]> firstBefore = model.logits(windows, first, true);
        List<float[][]> secondOutputs = model.logits(windows, second, true);
        long hits = model.prefixCaches().hits();
        List<float[][]> firstAgain = model.logits(windows, first, true);

        assertThat(model.prefixCaches().hits()).isEqualTo(hits + 1);
        assertThat(MedTsLlmNetworkTest.maxDifference(firstAgain, firstBefore)).isZero();
        assertThat(MedTsLlmNetworkTest.maxDifference(secondOutputs, firstBefore)).isGreaterThan(0);
        assertThat(
                        MedTsLlmNetworkTest.maxDifference(
                                secondOutputs, model.logits(windows, second, false)))
                .isLessThan(CACHE_TOLERANCE);
    }

    @Test
    void budgetFreesTheLeastRecentlyUsedPrefixFirst() {
        try (NDManager manager = model.model().getNDManager().newSubManager();
                PrefixCaches prefixes = new PrefixCaches(model.network().backbone(), manager, 0)) {
            ParameterStore store = new ParameterStore(manager, false);
            int[] first = {1, 2, 3};
            int[] second = {1, 2, 4};

            PrefixCache firstPrefix = prefixes.get(first);
            firstPrefix.forBatch(4, store);
            prefixes.release();
            // stories260K keeps keys and values of 4 heads of 8 floats per token in 5 layers.
            assertThat(firstPrefix.bytes()).isEqualTo(first.length * 5 * 2 * 4 * 8 * Float.BYTES);
            assertThat(prefixes.size()).isEqualTo(1);
            prefixes.get(first).forBatch(1, store);
            prefixes.get(second).forBatch(1, store);
            prefixes.release();

            assertThat(prefixes.size()).isEqualTo(1);
            assertThat(prefixes.hits()).isEqualTo(1);
            assertThat(prefixes.misses()).isEqualTo(2);
            prefixes.get(first);
            assertThat(prefixes.misses()).isEqualTo(3);
        }
    }

    @Test
    void negativeBudgetIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new PrefixCaches(model.network().backbone(), manager, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid prefix cache budget -1 bytes");
        }
    }
}
