package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;

/**
 * Round trip 360 -> 500 -> 360 Hz on the first 60 s of MIT-BIH record 100, lead 0 (MLII), in mV,
 * streamed in 250 ms chunks as the replay command sends them.
 *
 * <p>The two delays add up to K₁ + K₂ · 360/500 = 26 + 25.92 samples at 360 Hz, not a whole number,
 * so the reference is the original delayed by that amount with a windowed-sinc interpolator (400
 * taps, Kaiser β = 10). The error includes what the round trip removes on purpose, the content
 * above 0.8 times the 180 Hz Nyquist frequency, and the error of that interpolator. This test does
 * not separate the parts. An offline estimate from the filters' magnitude responses and the
 * spectrum of the same 60 s puts nearly all of it above 144 Hz (see docs/resampling.md).
 */
class EcgRoundTripTest {
    private static final int SECONDS = 60;
    private static final int HALF_WIDTH = 200;

    private static double[] ecg;

    @BeforeAll
    static void readRecord() throws IOException {
        String directory = System.getProperty("medstream.data.dir");
        assertThat(directory)
                .as("system property medstream.data.dir (run through Maven or pass -D)")
                .isNotNull();
        Recording recording = RecordingFiles.open(Path.of(directory, "mitdb", "100"));
        assertThat(recording.samplingFrequencyHz()).as("record 100 rate in Hz").isEqualTo(360.0);
        double[] lead = recording.physical(0);
        int length = SECONDS * 360;
        assertThat(lead.length).as("samples in record 100").isGreaterThanOrEqualTo(length);

        ecg = new double[length];
        System.arraycopy(lead, 0, ecg, 0, length);
    }

    /**
     * Measured: RMS error 1.6e-3 mV, largest error 6.6e-3 mV over 21043 samples, against a
     * quantisation step of 5e-3 mV in this record.
     */
    @Test
    void roundTripErrorIsSmallInMillivolts() {
        ResamplingFilter up = ResamplingFilter.design(360, 500);
        ResamplingFilter down = ResamplingFilter.design(500, 360);

        double[] at500Hz = streamInChunks(up, ecg, 90);
        double[] back = streamInChunks(down, at500Hz, 125);

        double delay = up.delayInputSamples() + down.delayOutputSamples();
        int first = (int) Math.ceil(delay + HALF_WIDTH + up.tapsPerPhase());
        int last = (int) Math.floor(back.length - 1 - HALF_WIDTH - delay);
        double sumSquares = 0.0;
        double maxError = 0.0;
        for (int j = first; j <= last; j++) {
            double error = back[j] - delayed(ecg, j - delay);
            sumSquares += error * error;
            maxError = Math.max(maxError, Math.abs(error));
        }
        double rms = Math.sqrt(sumSquares / (last - first + 1));

        assertThat(last - first).as("compared samples").isGreaterThan(50 * 360);
        assertThat(rms).as("RMS error in mV").isLessThan(3e-3);
        assertThat(maxError).as("largest error in mV").isLessThan(2e-2);
    }

    private static double[] streamInChunks(ResamplingFilter filter, double[] input, int chunk) {
        StreamingResampler stream = filter.newStream();
        double[] output = new double[(int) filter.outputCountAfter(input.length)];
        int written = 0;
        for (int offset = 0; offset < input.length; offset += chunk) {
            double[] part = stream.process(input, offset, Math.min(chunk, input.length - offset));
            System.arraycopy(part, 0, output, written, part.length);
            written += part.length;
        }
        return output;
    }

    /** Band-limited value of signal at a fractional index, by a Kaiser-windowed sinc. */
    private static double delayed(double[] signal, double index) {
        int centre = (int) Math.floor(index);
        double sum = 0.0;
        for (int i = centre - HALF_WIDTH + 1; i <= centre + HALF_WIDTH; i++) {
            double offset = index - i;
            double sinc = offset == 0.0 ? 1.0 : Math.sin(Math.PI * offset) / (Math.PI * offset);
            sum += signal[i] * sinc * KaiserWindow.value(offset, 2 * HALF_WIDTH, 10.0);
        }
        return sum;
    }
}
