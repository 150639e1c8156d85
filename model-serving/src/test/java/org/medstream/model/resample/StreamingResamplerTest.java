package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamingResamplerTest {

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({
        "360, 500",
        "500, 360",
        "125, 128",
        "128, 125",
        "1000, 125",
        "125, 1000",
        "360, 360"
    })
    void randomChunksMatchBatchBitForBit(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        Random random = new Random(inputHz * 7919L + outputHz);
        double[] input = new double[5000];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextGaussian();
        }
        double[] batch = filter.resample(input);

        for (int trial = 0; trial < 3; trial++) {
            StreamingResampler stream = filter.newStream();
            double[] streamed = new double[batch.length];
            int written = 0;
            int offset = 0;
            while (offset < input.length) {
                int count = Math.min(1 + random.nextInt(500), input.length - offset);
                double[] output = stream.process(Arrays.copyOfRange(input, offset, offset + count));
                System.arraycopy(output, 0, streamed, written, output.length);
                written += output.length;
                offset += count;
            }

            assertThat(written).as("output samples, trial %d", trial).isEqualTo(batch.length);
            assertThat(streamed).as("streamed output, trial %d", trial).isEqualTo(batch);
        }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"360, 500", "128, 500", "250, 500", "300, 500", "500, 500", "500, 360"})
    void restoredSnapshotContinuesBitForBit(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        Random random = new Random(inputHz * 31L + outputHz);
        double[] input = new double[4000];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextGaussian();
        }
        double[] uninterrupted = filter.newStream().process(input);

        for (int split : new int[] {0, 1, 17, 1234, 3999, 4000}) {
            StreamingResampler first = filter.newStream();
            double[] before = first.process(input, 0, split);
            StreamingResampler.Snapshot snapshot = first.snapshot();
            first.process(new double[] {99.0, -99.0});

            StreamingResampler second = filter.newStream();
            second.process(new double[] {5.0, 6.0, 7.0});
            second.restore(snapshot);
            double[] after = second.process(input, split, input.length - split);

            double[] joined = Arrays.copyOf(before, before.length + after.length);
            System.arraycopy(after, 0, joined, before.length, after.length);
            assertThat(joined).as("output split at input %d", split).isEqualTo(uninterrupted);
            assertThat(second.inputCount()).as("input count, split %d", split).isEqualTo(4000);
        }
    }

    @Test
    void restoreRejectsSnapshotOfOtherRates() {
        StreamingResampler.Snapshot snapshot =
                ResamplingFilter.design(360, 500).newStream().snapshot();
        StreamingResampler other = ResamplingFilter.design(500, 500).newStream();

        assertThatThrownBy(() -> other.restore(snapshot))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the filter from 500 Hz to 500 Hz needs 1;");
    }

    @Test
    void restoreRejectsCountsThatDoNotFit() {
        StreamingResampler stream = ResamplingFilter.design(360, 500).newStream();
        StreamingResampler.Snapshot snapshot = stream.snapshot();
        StreamingResampler.Snapshot broken =
                new StreamingResampler.Snapshot(snapshot.recentInputs(), 10, 3);

        assertThatThrownBy(() -> stream.restore(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Resampler snapshot has inputCount 10 and outputCount 3, but the filter"
                                + " from 360 Hz to 500 Hz gives 14 outputs after that many inputs");
    }

    @Test
    void outputCountFollowsRatio() {
        ResamplingFilter filter = ResamplingFilter.design(360, 500);

        assertThat(filter.resample(new double[3600])).hasSize(5000);
        assertThat(filter.outputCountAfter(0)).isZero();
        assertThat(filter.outputCountAfter(1)).isEqualTo(2);
        assertThat(filter.newStream().process(new double[1])).hasSize(2);
    }

    @Test
    void resetStartsNewStream() {
        ResamplingFilter filter = ResamplingFilter.design(250, 360);
        StreamingResampler stream = filter.newStream();
        double[] first = new double[300];
        Arrays.fill(first, 1.0);
        double[] second = new double[300];
        Arrays.fill(second, -0.5);

        stream.process(first);
        stream.reset();
        double[] afterReset = stream.process(second);

        assertThat(stream.inputCount()).isEqualTo(300);
        assertThat(afterReset).isEqualTo(filter.resample(second));
    }

    /**
     * An impulse at input sample i must peak at the output sample nearest to {@link
     * ResamplingFilter#outputIndexOf(double)}: the stated delay is right to half an output sample.
     */
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({
        "360, 500",
        "500, 360",
        "128, 360",
        "360, 128",
        "125, 128",
        "1000, 125",
        "250, 250"
    })
    void impulsePeaksAtStatedDelay(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        int impulseIndex = 3 * filter.tapsPerPhase() + 17;
        double[] input = new double[impulseIndex + 4 * filter.tapsPerPhase()];
        input[impulseIndex] = 1.0;

        double[] output = filter.newStream().process(input);

        int peak = 0;
        for (int n = 1; n < output.length; n++) {
            if (output[n] > output[peak]) {
                peak = n;
            }
        }
        double expected = filter.outputIndexOf(impulseIndex);
        assertThat(Math.abs(peak - expected))
                .as("distance of peak %d from stated position %.3f", peak, expected)
                .isLessThanOrEqualTo(0.5);
        assertThat(filter.inputIndexOf(peak) - impulseIndex)
                .as("input index of the peak minus the impulse index")
                .isBetween(-0.5 * inputHz / outputHz, 0.5 * inputHz / outputHz);
    }

    /**
     * A step between input samples i − 1 and i crosses half its height at input time i − 1/2; the
     * crossing, interpolated linearly between output samples, must lie within half an output sample
     * of the stated position.
     */
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"360, 500", "500, 360", "128, 360", "360, 128", "125, 128", "1000, 125"})
    void stepCrossesHalfAtStatedDelay(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        int stepIndex = 3 * filter.tapsPerPhase() + 5;
        double[] input = new double[stepIndex + 4 * filter.tapsPerPhase()];
        Arrays.fill(input, stepIndex, input.length, 1.0);

        double[] output = filter.resample(input);

        double crossing = Double.NaN;
        for (int n = 1; n < output.length; n++) {
            if (output[n - 1] < 0.5 && output[n] >= 0.5) {
                crossing = n - 1 + (0.5 - output[n - 1]) / (output[n] - output[n - 1]);
                break;
            }
        }
        double expected = filter.outputIndexOf(stepIndex - 0.5);
        assertThat(crossing).as("output index where the step crosses 0.5").isNotNaN();
        assertThat(Math.abs(crossing - expected))
                .as("distance of crossing %.3f from stated position %.3f", crossing, expected)
                .isLessThanOrEqualTo(0.5);
    }

    @Test
    void delayIsStatedInSamplesAndMillis() {
        ResamplingFilter filter = ResamplingFilter.design(360, 500);
        StreamingResampler stream = filter.newStream();
        int delay = filter.delayInputSamples();

        assertThat(stream.delaySamples()).isEqualTo(delay * 500.0 / 360.0);
        assertThat(stream.delayMillis()).isEqualTo(delay * 1000.0 / 360.0);
        assertThat(stream.inputIndexOf(0)).isEqualTo(-delay);
        assertThat(filter.outputIndexOf(filter.inputIndexOf(1234))).isEqualTo(1234.0);
    }

    /**
     * Checks that a NaN input makes exactly the outputs whose 2K + 1 sample history contains it
     * NaN, and that all other outputs equal those of the same signal without the NaN.
     */
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"360, 500", "500, 360", "1000, 125"})
    void nanSpoilsOnlyOutputsWhoseHistoryContainsIt(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        int badIndex = 1000;
        double[] clean = new double[4000];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = Math.sin(2.0 * Math.PI * 7.0 * i / inputHz);
        }
        double[] spoiled = clean.clone();
        spoiled[badIndex] = Double.NaN;

        double[] expected = filter.resample(clean);
        double[] actual = filter.newStream().process(spoiled);

        int up = filter.ratio().up();
        int down = filter.ratio().down();
        int lastBadInput = badIndex + filter.tapsPerPhase() - 1;
        int nanCount = 0;
        for (int n = 0; n < actual.length; n++) {
            long newestInput = (long) n * down / up;
            if (newestInput >= badIndex && newestInput <= lastBadInput) {
                assertThat(actual[n]).as("output %d", n).isNaN();
                nanCount++;
            } else {
                assertThat(actual[n]).as("output %d", n).isEqualTo(expected[n]);
            }
        }
        assertThat(nanCount)
                .as("NaN outputs")
                .isBetween(
                        (int) Math.floor(filter.tapsPerPhase() * (double) up / down),
                        (int) Math.ceil(filter.tapsPerPhase() * (double) up / down));
    }

    @Test
    void processRejectsRangeOutsideChunk() {
        StreamingResampler stream = ResamplingFilter.design(360, 500).newStream();

        assertThatThrownBy(() -> stream.process(new double[10], 5, 6))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Range offset=5, count=6 is outside a chunk of 10 samples");
    }
}
