package org.medstream.model.waves;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResamplingFilter;

class ResampledDelineationTest {

    /** Labels model sample w of lead l as (w + l) mod 4 and emits no waves. */
    private static final class CountingDelineator implements Delineator {
        private long samples;

        @Override
        public void accept(float[] frame, WaveSink waves) {
            long sample = samples++;
            for (int lead = 0; lead < frame.length; lead++) {
                waves.label(lead, sample, (int) ((sample + lead) % 4));
            }
        }

        @Override
        public void finish(WaveSink waves) {}

        @Override
        public long samples() {
            return samples;
        }

        @Override
        public DelineatorSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restore(DelineatorSnapshot snapshot) {
            throw new UnsupportedOperationException();
        }
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz, {2} samples")
    @CsvSource({"360, 500, 3600", "1000, 500, 2001", "128, 500, 777", "500, 500, 1000"})
    void labelsTakeNearestModelSample(int inputHz, int modelHz, int length) {
        ResamplingFilter filter =
                inputHz == modelHz ? null : ResamplingFilter.design(inputHz, modelHz);
        CountingDelineator delineator = new CountingDelineator();
        ResampledDelineation delineation =
                new ResampledDelineation(filter, delineator, new int[] {0, 1}, 2);
        List<List<long[]>> labels = List.of(new ArrayList<>(), new ArrayList<>());
        WaveSink sink =
                new WaveSink() {
                    @Override
                    public void accept(int lead, Wave wave) {}

                    @Override
                    public void label(int lead, long sample, int label) {
                        labels.get(lead).add(new long[] {sample, label});
                    }
                };

        for (int from = 0; from < length; from += 100) {
            int count = Math.min(100, length - from);
            double[][] chunk = new double[2][count];
            delineation.accept(chunk, count, sink);
        }
        delineation.finish(sink);

        long modelSamples = delineator.samples();
        assertThat(modelSamples).isEqualTo(ResampledDelineation.modelSamples(filter, length));
        assertThat(ResampledDelineation.toModelRate(filter, new float[][] {new float[length]})[0])
                .hasSize((int) modelSamples);
        for (int lead = 0; lead < 2; lead++) {
            List<long[]> leadLabels = labels.get(lead);
            assertThat(leadLabels).as("labels of lead %d", lead).hasSize(length);
            for (int i = 0; i < length; i++) {
                long nearest = i;
                if (filter != null) {
                    nearest =
                            (long) Math.floor(filter.outputIndexOf(i) + 0.5)
                                    - filter.startUpOutputs();
                }
                nearest = Math.max(0, Math.min(modelSamples - 1, nearest));
                assertThat(leadLabels.get(i)[0]).as("sample at position %d", i).isEqualTo(i);
                assertThat(leadLabels.get(i)[1])
                        .as("label of sample %d, nearest model sample %d", i, nearest)
                        .isEqualTo((nearest + lead) % 4);
            }
        }
    }
}
