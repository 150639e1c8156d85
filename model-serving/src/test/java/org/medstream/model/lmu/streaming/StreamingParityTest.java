package org.medstream.model.lmu.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.artifact.WaveSegmentationModel;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;

/**
 * The streaming network against the DJL parallel form of the shipped waves model, on the bundled
 * LUDB records: every logit of every lead agrees within 1e-4 (measured: below 2e-5), whatever the
 * chunking, and a state restored from its array between chunks continues exactly.
 */
class StreamingParityTest {
    private static final Path MODEL =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "lmu-waves");
    private static final double TOLERANCE = 1e-4;

    private static final List<float[]> signals = new ArrayList<>();
    private static final List<float[][]> parallel = new ArrayList<>();
    private static StreamingLmuNetwork network;
    private static int delay;

    @BeforeAll
    static void runParallelForm() throws IOException {
        for (LudbRecord record : new LudbReader(LudbTestData.folder()).readAll(List.of(1, 2, 3))) {
            signals.add(record.signals().get(1));
            signals.add(record.signals().get(6));
        }
        try (WaveSegmentationModel model = WaveSegmentationModel.load(MODEL)) {
            parallel.addAll(model.logits(signals));
            network = new StreamingLmuNetwork(model.config(), model.exportWeights());
            delay = model.config().delaySamples();
        }
    }

    @Test
    void sampleBySample() {
        for (int i = 0; i < signals.size(); i++) {
            float[][] streamed = stream(signals.get(i), new int[] {1});

            assertThat(maxDifference(parallel.get(i), streamed)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void anyChunking() {
        Random random = new Random(7);
        for (int i = 0; i < signals.size(); i++) {
            int[] chunks = new int[40];
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = 1 + random.nextInt(600);
            }
            float[][] streamed = stream(signals.get(i), chunks);

            assertThat(streamed).isDeepEqualTo(stream(signals.get(i), new int[] {1}));
            assertThat(maxDifference(parallel.get(i), streamed)).isLessThan(TOLERANCE);
        }
    }

    /**
     * Streams the signal and Δ copies of its last sample in chunks of the given sizes, cycled,
     * carrying the state between chunks through {@link LeadState#toArray()} into a new state, as a
     * checkpoint restore does; returns the logits aligned with the signal's samples.
     */
    private static float[][] stream(float[] signal, int[] chunkSizes) {
        float[] input = WaveSegmentationModel.extendByDelay(signal, delay);
        float[][] logits = new float[network.classes()][signal.length];
        float[] step = new float[network.classes()];

        LeadState state = network.newState();
        int t = 0;
        for (int chunk = 0; t < input.length; chunk++) {
            int end = Math.min(input.length, t + chunkSizes[chunk % chunkSizes.length]);
            for (; t < end; t++) {
                network.step(state, input[t], step);
                if (t >= delay) {
                    for (int c = 0; c < step.length; c++) {
                        logits[c][t - delay] = step[c];
                    }
                }
            }
            LeadState restored = network.newState();
            restored.fromArray(state.toArray(), state.samples());
            state = restored;
        }
        return logits;
    }

    private static double maxDifference(float[][] expected, float[][] actual) {
        double max = 0;
        for (int c = 0; c < expected.length; c++) {
            for (int t = 0; t < expected[c].length; t++) {
                max = Math.max(max, Math.abs(expected[c][t] - actual[c][t]));
            }
        }
        return max;
    }
}
