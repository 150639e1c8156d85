package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;

/**
 * Checks that the parallel form (causal convolution with H_k = Ā^k B̄) and the streaming recurrence
 * give the same memory states on real ECG: the first 10 s of MIT-BIH record 100, lead 0, in mV. The
 * error is the largest absolute difference over all samples and coefficients, divided by the
 * largest absolute coefficient of the double recurrence.
 *
 * <p>Measured: 5e-15 to 2.4e-14 in double; in float, 2.3e-6 (order 32, θ 100), 5.5e-6 (order 64, θ
 * 250) and 2.3e-5 (order 256, θ 1000) between the two float forms, with the same size of difference
 * between the float and the double recurrence.
 */
class ParallelFormTest {
    private static final double SECONDS = 10.0;

    private static double[] ecg;

    @BeforeAll
    static void readRecord() throws IOException {
        String directory = System.getProperty("medstream.data.dir");
        assertThat(directory)
                .as("system property medstream.data.dir (run through Maven or pass -D)")
                .isNotNull();
        Recording recording = RecordingFiles.open(Path.of(directory, "mitdb", "100"));
        int length = (int) Math.round(SECONDS * recording.samplingFrequencyHz());
        double[] lead = recording.physical(0);
        assertThat(lead.length).as("samples in record 100").isGreaterThanOrEqualTo(length);

        ecg = new double[length];
        System.arraycopy(lead, 0, ecg, 0, length);
        for (int t = 0; t < length; t++) {
            assertThat(ecg[t]).as("sample %d", t).isFinite();
        }
    }

    @ParameterizedTest(name = "order {0}, theta {1}")
    @CsvSource({"32, 100", "64, 250", "256, 1000"})
    void convolutionMatchesRecurrenceInDouble(int order, int theta) {
        LegendreMemory memory = LegendreMemory.discretise(order, theta);
        double[][] recurrent = runRecurrence(memory);

        double[][] parallel = memory.impulseResponse(ecg.length).convolve(ecg);

        assertThat(relativeError(parallel, recurrent)).isLessThan(1e-12);
    }

    @ParameterizedTest(name = "order {0}, theta {1}")
    @CsvSource({"32, 100", "64, 250", "256, 1000"})
    void convolutionMatchesRecurrenceInFloat(int order, int theta) {
        LegendreMemory memory = LegendreMemory.discretise(order, theta);
        double[][] reference = runRecurrence(memory);
        float[] input = new float[ecg.length];
        for (int t = 0; t < ecg.length; t++) {
            input[t] = (float) ecg[t];
        }

        float[][] parallel = memory.impulseResponse(ecg.length).convolve(input);
        float[][] recurrent = runFloatRecurrence(memory, input);

        assertThat(relativeError(toDouble(parallel), toDouble(recurrent)))
                .as("float convolution against float recurrence")
                .isLessThan(1e-4);
        assertThat(relativeError(toDouble(recurrent), reference))
                .as("float recurrence against double recurrence")
                .isLessThan(1e-4);
    }

    private static double[][] runRecurrence(LegendreMemory memory) {
        MemoryCell cell = new MemoryCell(memory);
        double[][] states = new double[ecg.length][memory.order()];
        for (int t = 0; t < ecg.length; t++) {
            cell.update(ecg[t]);
            cell.copyState(states[t]);
        }
        return states;
    }

    private static float[][] runFloatRecurrence(LegendreMemory memory, float[] input) {
        FloatMemoryCell cell = new FloatMemoryCell(memory);
        float[][] states = new float[input.length][memory.order()];
        for (int t = 0; t < input.length; t++) {
            cell.update(input[t]);
            cell.copyState(states[t]);
        }
        return states;
    }

    private static double relativeError(double[][] actual, double[][] reference) {
        double maxDifference = 0.0;
        double maxReference = 0.0;
        for (int t = 0; t < reference.length; t++) {
            for (int i = 0; i < reference[t].length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(actual[t][i] - reference[t][i]));
                maxReference = Math.max(maxReference, Math.abs(reference[t][i]));
            }
        }
        return maxDifference / maxReference;
    }

    private static double[][] toDouble(float[][] values) {
        double[][] widened = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            widened[t] = new double[values[t].length];
            for (int i = 0; i < values[t].length; i++) {
                widened[t][i] = values[t][i];
            }
        }
        return widened;
    }
}
