package org.medstream.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;

class PowerSpectrumSqiTest {
    @Test
    void sineInTheQrsBandScoresOneAndAboveItZero() {
        double fs = 360;
        int n = PowerSpectrumSqi.windowFrames(fs);
        double[] qrsBand = new double[n];
        double[] highBand = new double[n];
        for (int i = 0; i < n; i++) {
            qrsBand[i] = Math.sin(2 * Math.PI * 10 * i / fs);
            highBand[i] = Math.sin(2 * Math.PI * 30 * i / fs);
        }

        assertThat(n).isEqualTo(1024);
        assertThat(PowerSpectrumSqi.windowFrames(128)).isEqualTo(256);
        assertThat(PowerSpectrumSqi.of(qrsBand, fs)).isGreaterThan(0.99);
        assertThat(PowerSpectrumSqi.of(highBand, fs)).isLessThan(0.01);
    }

    /**
     * Over the first two minutes, windows of clean ECG stay above the noisy threshold, and the same
     * windows with white noise of three times the ECG's RMS (about -10 dB SNR) mostly fall below.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mitdb/100", "mitdb/103", "svdb/800"})
    void separatesCleanFromHeavyHighFrequencyNoise(String record) throws Exception {
        Recording recording = RecordingFiles.open(GateDriver.data(record));
        double fs = recording.samplingFrequencyHz();
        double[] ecg = recording.physical(0);
        int n = PowerSpectrumSqi.windowFrames(fs);
        Random random = new Random(7);
        int windows = 0;
        int cleanFlagged = 0;
        int noisyFlagged = 0;
        for (int start = 0; start + n <= (int) (120 * fs); start += n) {
            double[] window = new double[n];
            System.arraycopy(ecg, start, window, 0, n);
            double noiseRms = 3 * rms(window);
            double[] noisy = new double[n];
            for (int i = 0; i < n; i++) {
                noisy[i] = window[i] + noiseRms * random.nextGaussian();
            }
            windows++;
            cleanFlagged += PowerSpectrumSqi.of(window, fs) < PowerSpectrumSqi.NOISY_BELOW ? 1 : 0;
            noisyFlagged += PowerSpectrumSqi.of(noisy, fs) < PowerSpectrumSqi.NOISY_BELOW ? 1 : 0;
        }

        assertThat(cleanFlagged).as("clean windows flagged noisy").isZero();
        assertThat(noisyFlagged).as("noisy windows flagged").isGreaterThan(windows / 2);
    }

    private static double rms(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
