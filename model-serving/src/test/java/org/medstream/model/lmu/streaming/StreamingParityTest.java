package org.medstream.model.lmu.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.artifact.LmuSegmentationModel;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;

/**
 * The streaming network against the DJL parallel form of the shipped waves model, on the twelve
 * leads of the bundled LUDB records. Every logit of every lead agrees within 1e-4, whatever the
 * chunking, and a state restored from its array between chunks continues exactly.
 */
class StreamingParityTest {
    private static final Path MODEL =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "lmu-waves");
    private static final double TOLERANCE = 1e-4;

    private static final List<List<float[]>> records = new ArrayList<>();
    private static final List<List<float[][]>> parallel = new ArrayList<>();
    private static StreamingLmuNetwork network;
    private static int delay;

    @BeforeAll
    static void runParallelForm() throws IOException {
        for (LudbRecord record : new LudbReader(LudbTestData.folder()).readAll(List.of(1, 2, 3))) {
            records.add(record.signals());
        }
        try (LmuSegmentationModel model = LmuSegmentationModel.load(MODEL)) {
            for (List<float[]> leads : records) {
                parallel.add(model.logits(leads));
            }
            network = new StreamingLmuNetwork(model.config(), model.exportWeights());
            delay = model.config().delaySamples();
        }
    }

    @Test
    void sampleBySample() {
        for (int r = 0; r < records.size(); r++) {
            List<float[][]> streamed = stream(records.get(r), new int[] {1});

            assertThat(maxDifference(parallel.get(r), streamed)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void anyChunking() {
        Random random = new Random(7);
        for (int r = 0; r < records.size(); r++) {
            int[] chunks = new int[40];
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = 1 + random.nextInt(600);
            }
            List<float[][]> streamed = stream(records.get(r), chunks);

            List<float[][]> oneByOne = stream(records.get(r), new int[] {1});
            for (int lead = 0; lead < streamed.size(); lead++) {
                assertThat(streamed.get(lead)).isDeepEqualTo(oneByOne.get(lead));
            }
            assertThat(maxDifference(parallel.get(r), streamed)).isLessThan(TOLERANCE);
        }
    }

    /**
     * Streams the leads and Δ copies of their last frame in chunks of the given sizes, cycled,
     * carrying the state between chunks through {@link StreamState#toArray()} into a new state, as
     * a checkpoint restore does; returns per lead the logits aligned with the samples.
     */
    private static List<float[][]> stream(List<float[]> leads, int[] chunkSizes) {
        int samples = leads.get(0).length;
        List<float[]> extended = new ArrayList<>();
        for (float[] lead : leads) {
            extended.add(LmuSegmentationModel.extendByDelay(lead, delay));
        }
        int classes = network.classes();
        List<float[][]> logits = new ArrayList<>();
        for (int lead = 0; lead < leads.size(); lead++) {
            logits.add(new float[classes][samples]);
        }
        float[] frame = new float[leads.size()];
        float[] step = new float[network.outputs()];

        StreamState state = network.newState();
        int t = 0;
        for (int chunk = 0; t < samples + delay; chunk++) {
            int end = Math.min(samples + delay, t + chunkSizes[chunk % chunkSizes.length]);
            for (; t < end; t++) {
                for (int lead = 0; lead < leads.size(); lead++) {
                    frame[lead] = extended.get(lead)[t];
                }
                network.step(state, frame, step);
                if (t >= delay) {
                    for (int lead = 0; lead < leads.size(); lead++) {
                        for (int c = 0; c < classes; c++) {
                            logits.get(lead)[c][t - delay] = step[lead * classes + c];
                        }
                    }
                }
            }
            StreamState restored = network.newState();
            restored.fromArray(state.toArray(), state.samples());
            state = restored;
        }
        return logits;
    }

    private static double maxDifference(List<float[][]> expected, List<float[][]> actual) {
        double max = 0;
        for (int lead = 0; lead < expected.size(); lead++) {
            for (int c = 0; c < expected.get(lead).length; c++) {
                for (int t = 0; t < expected.get(lead)[c].length; t++) {
                    max =
                            Math.max(
                                    max,
                                    Math.abs(expected.get(lead)[c][t] - actual.get(lead)[c][t]));
                }
            }
        }
        return max;
    }
}
