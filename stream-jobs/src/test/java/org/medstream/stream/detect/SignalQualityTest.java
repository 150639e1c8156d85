package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The detector's signal quality flags on synthetic leads: clean, noisy, fast, asystolic, flat. */
class SignalQualityTest {
    private static final double FS = 360;

    private final PanTompkinsDetector detector = new PanTompkinsDetector();

    @Test
    void cleanEcgIsReliable() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 1.0);

        boolean[] unreliable = unreliablePerSecond(ecg.samples);

        assertThat(unreliable).doesNotContain(true);
    }

    @Test
    void fastWideRhythmIsReliable() {
        // A regular wide-complex rhythm at 200 bpm: QRS and T waves fill most of the time.
        double[] x = new double[(int) (60 * FS)];
        for (double r = 0.5; r < 59.5; r += 0.3) {
            SyntheticEcg.addWave(x, FS, r, 0.030, 1.0);
            SyntheticEcg.addWave(x, FS, r + 0.060, 0.030, -0.5);
            SyntheticEcg.addWave(x, FS, r + 0.150, 0.060, 0.4);
        }
        float[] noise = SyntheticEcg.noise(x.length, 0.02, 5);
        float[] samples = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            samples[i] = (float) x[i] + noise[i];
        }

        boolean[] unreliable = unreliablePerSecond(samples);

        assertThat(unreliable).doesNotContain(true);
    }

    @Test
    void noiseBurstIsUnreliableAndClears() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 90, 0.8, 1.0);
        float[] samples = ecg.samples.clone();
        float[] noise = SyntheticEcg.noise(samples.length, 2.0, 13);
        int burstStart = (int) (30 * FS);
        int burstEnd = (int) (60 * FS);
        for (int i = burstStart; i < burstEnd; i++) {
            samples[i] += noise[i];
        }

        boolean[] unreliable = unreliablePerSecond(samples);

        // The flag needs one 5 s window to rise and one to clear.
        for (int second = 36; second < 60; second++) {
            assertThat(unreliable[second]).as("unreliable at %d s", second).isTrue();
        }
        for (int second = 66; second < unreliable.length; second++) {
            assertThat(unreliable[second]).as("unreliable at %d s", second).isFalse();
        }
        for (int second = 10; second < 30; second++) {
            assertThat(unreliable[second]).as("unreliable at %d s", second).isFalse();
        }
    }

    @Test
    void lowNoiseAsystoleIsReliable() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 20, 0.8, 1.0);
        float[] noise = SyntheticEcg.noise((int) (40 * FS), 0.01, 11);
        float[] samples = Arrays.copyOf(ecg.samples, ecg.samples.length + noise.length);
        System.arraycopy(noise, 0, samples, ecg.samples.length, noise.length);
        QrsDetectorState state = detector.createState(FS);

        detector.process(state, samples, 0, samples.length, 0, (sample, c) -> {});

        assertThat(detector.isSignalUnreliable(state)).isFalse();
        assertThat(detector.isSignalAbsent(state)).isFalse();
    }

    @Test
    void flatLineIsAbsentNotUnreliable() {
        float[] samples = new float[(int) (20 * FS)];
        Arrays.fill(samples, 0.3f);
        QrsDetectorState state = detector.createState(FS);

        detector.process(state, samples, 0, samples.length, 0, (sample, c) -> {});

        assertThat(detector.isSignalAbsent(state)).isTrue();
        assertThat(detector.isSignalUnreliable(state)).isFalse();
    }

    @Test
    void detectorsWithoutEstimateReportReliable() {
        BeatDetector<QrsDetectorState> plain = new PlainDetector();

        assertThat(plain.isSignalUnreliable(new QrsDetectorState())).isFalse();
        assertThat(plain.isSignalAbsent(new QrsDetectorState())).isFalse();
    }

    /** Feeds the lead one second per call and records the flag after each second. */
    private boolean[] unreliablePerSecond(float[] samples) {
        QrsDetectorState state = detector.createState(FS);
        int second = (int) FS;
        boolean[] unreliable = new boolean[samples.length / second];
        for (int s = 0; s < unreliable.length; s++) {
            detector.process(state, samples, s * second, second, (long) s * second, (n, c) -> {});
            unreliable[s] = detector.isSignalUnreliable(state);
        }
        return unreliable;
    }

    /** A detector that uses the interface defaults for the signal flags. */
    private static final class PlainDetector implements BeatDetector<QrsDetectorState> {
        private static final long serialVersionUID = 1L;

        @Override
        public String name() {
            return "plain";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public Class<QrsDetectorState> stateClass() {
            return QrsDetectorState.class;
        }

        @Override
        public QrsDetectorState createState(double samplingFrequencyHz) {
            return new QrsDetectorState();
        }

        @Override
        public void process(
                QrsDetectorState state,
                float[] samples,
                int offset,
                int count,
                long firstSampleIndex,
                BeatListener listener) {}

        @Override
        public void finish(QrsDetectorState state, BeatListener listener) {}

        @Override
        public double maxDelaySeconds() {
            return 0.0;
        }
    }
}
