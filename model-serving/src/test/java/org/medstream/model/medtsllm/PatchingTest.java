package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatchingTest {
    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void patchCountFor512() {
        assertThat(MedTsLlmConfig.defaults(512, 4).patchCount()).isEqualTo(64);
        assertThat(MedTsLlmConfig.defaults(256, 4).patchCount()).isEqualTo(32);
        assertThat(MedTsLlmConfig.defaults(100, 4).patchCount()).isEqualTo(12);
    }

    @Test
    void patchesOverlapByStride() {
        MedTsLlmConfig config = MedTsLlmConfig.defaults(512, 4);
        NDArray windows = manager.arange(0f, 1024f).reshape(2, 512);

        NDArray patches = Patching.patch(windows, config);

        assertThat(patches.getShape()).isEqualTo(new Shape(2, 64, 16));
        float[] first = patches.get("0, 0").toFloatArray();
        float[] second = patches.get("0, 1").toFloatArray();
        for (int k = 0; k < 16; k++) {
            assertThat(first[k]).isEqualTo(k);
            assertThat(second[k]).isEqualTo(8 + k);
        }
        assertThat(patches.get("1, 0, 0").getFloat()).isEqualTo(512f);
    }

    @Test
    void lastPatchRepeatsLastSample() {
        MedTsLlmConfig config = MedTsLlmConfig.defaults(512, 4);
        NDArray windows = manager.arange(0f, 512f).reshape(1, 512);

        float[] last = Patching.patch(windows, config).get("0, 63").toFloatArray();

        for (int k = 0; k < 8; k++) {
            assertThat(last[k]).isEqualTo(504 + k);
        }
        for (int k = 8; k < 16; k++) {
            assertThat(last[k]).as("padding sample %d", k).isEqualTo(511f);
        }
    }

    @Test
    void normalizeGivesZeroMeanUnitStd() {
        float[] samples = new float[512];
        for (int t = 0; t < samples.length; t++) {
            samples[t] = 3f + 2f * (float) Math.sin(t / 10.0);
        }
        NDArray windows = manager.create(samples, new Shape(1, 512));

        NDArray normalized = Patching.normalize(windows);

        float mean = normalized.mean().getFloat();
        float std = normalized.sub(mean).square().mean().sqrt().getFloat();
        assertThat(mean).isCloseTo(0f, within(1e-5f));
        assertThat(std).isCloseTo(1f, within(1e-4f));
    }

    @Test
    void normalizeKeepsFlatWindowFinite() {
        NDArray windows = manager.full(new Shape(1, 512), 7f);

        float[] normalized = Patching.normalize(windows).toFloatArray();

        assertThat(normalized).containsOnly(0f);
    }
}
