package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * The ventricular flutter/fibrillation alarm of the beat detection operator on bundled records.
 * There is no recording of ventricular fibrillation in the bundled data, so the fibrillation here
 * is synthetic ({@link #fibrillation}) and inserted into lead MLII of MIT-BIH record 100; the
 * checks that nothing is raised run on real sinus rhythm, ventricular tachycardia and ectopy.
 */
class VentricularFibrillationRecordTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int FIBRILLATION_FROM_SECONDS = 60;
    private static final int FIBRILLATION_SECONDS = 20;

    /** Limit plus the rule's decision step, the latest confirmation after the onset. */
    private static final double MAX_DELAY_SECONDS = 4.0 + 1.0;

    /**
     * Returns {@code frames} samples in mV of a synthetic coarse fibrillation: an irregular
     * quasi-sinusoid in which every wave has its own frequency, drawn uniformly from 4 to 7 Hz, and
     * its own peak amplitude, drawn uniformly from 0.3 to 1.2 mV. The amplitude moves linearly from
     * one wave's value to the next, so the waveform has no steps, and the phase is continuous.
     */
    static float[] fibrillation(double samplingFrequencyHz, int frames, Random random) {
        float[] samples = new float[frames];
        double phase = 0;
        double frequencyHz = 4 + 3 * random.nextDouble();
        double amplitudeMv = 0.3 + 0.9 * random.nextDouble();
        double nextAmplitudeMv = 0.3 + 0.9 * random.nextDouble();
        for (int i = 0; i < frames; i++) {
            double fraction = phase / (2 * Math.PI);
            double amplitude = amplitudeMv + (nextAmplitudeMv - amplitudeMv) * fraction;
            samples[i] = (float) (amplitude * Math.sin(phase));
            phase += 2 * Math.PI * frequencyHz / samplingFrequencyHz;
            if (phase >= 2 * Math.PI) {
                phase -= 2 * Math.PI;
                frequencyHz = 4 + 3 * random.nextDouble();
                amplitudeMv = nextAmplitudeMv;
                nextAmplitudeMv = 0.3 + 0.9 * random.nextDouble();
            }
        }
        return samples;
    }

    /** Record 100's first 120 s with synthetic fibrillation on MLII from 60 s to 80 s. */
    private static RecordChunks withFibrillation(long seed) throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 120);
        double fs = source.samplingFrequencyHz();
        int from = (int) Math.round(FIBRILLATION_FROM_SECONDS * fs);
        float[] waveform =
                fibrillation(fs, (int) Math.round(FIBRILLATION_SECONDS * fs), new Random(seed));
        float baseline = source.channel(0)[from];
        for (int i = 0; i < waveform.length; i++) {
            waveform[i] += baseline;
        }
        source.replace(0, from, waveform);
        return source;
    }

    @Test
    void syntheticFibrillationRaisedWithinLimit() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            RecordChunks source = withFibrillation(seed);
            double fs = source.samplingFrequencyHz();
            long from = Math.round(FIBRILLATION_FROM_SECONDS * fs);
            long to = from + Math.round(FIBRILLATION_SECONDS * fs);

            List<Alert> alerts = fibrillationAlerts(DetectionRun.of(source.fixed(90)));

            assertThat(alerts).as("seed %d", seed).hasSize(2);
            Alert start = alerts.get(0);
            Alert end = alerts.get(1);
            assertThat(start.getPhase()).isEqualTo(AlertPhase.START);
            assertThat(start.getPriority()).isEqualTo(AlertPriority.HIGH);
            assertThat(start.getSampleIndex() - from)
                    .as("seed %d confirmation delay in samples", seed)
                    .isLessThanOrEqualTo(Math.round(MAX_DELAY_SECONDS * fs));
            assertThat(start.getOnsetSampleIndex())
                    .as("seed %d onset", seed)
                    .isBetween(from - Math.round(2 * fs), from + Math.round(fs));
            assertThat(end.getPhase()).isEqualTo(AlertPhase.END);
            assertThat(end.getSampleIndex() - to)
                    .as("seed %d end delay in samples", seed)
                    .isBetween(Math.round(4 * fs) - 1, Math.round(7 * fs));
        }
    }

    @Test
    void optionSetsTheLimit() throws Exception {
        RecordChunks source = withFibrillation(1);
        double fs = source.samplingFrequencyHz();
        long from = Math.round(FIBRILLATION_FROM_SECONDS * fs);

        Alert eight = fibrillationAlerts(run(source.fixed(90), "8 s")).get(0);
        List<Alert> off = fibrillationAlerts(run(source.fixed(90), "0 s"));

        assertThat(eight.getSampleIndex() - eight.getOnsetSampleIndex())
                .isGreaterThanOrEqualTo(Math.round(8 * fs) - 1);
        assertThat(eight.getSampleIndex() - from).isLessThanOrEqualTo(Math.round(9 * fs));
        assertThat(off).isEmpty();
    }

    @Test
    void chunkSizeDoesNotChangeAlerts() throws Exception {
        RecordChunks source = withFibrillation(2);

        List<Alert> small = fibrillationAlerts(DetectionRun.of(source.fixed(37)));
        List<Alert> large = fibrillationAlerts(DetectionRun.of(source.fixed(1000)));

        assertThat(summaries(small)).isNotEmpty().isEqualTo(summaries(large));
    }

    @Test
    void restoreInsideStretchGivesSameAlerts() throws Exception {
        RecordChunks source = withFibrillation(3);
        double fs = source.samplingFrequencyHz();
        List<SignalChunk> chunks = source.fixed(90);
        long cut = Math.round((FIBRILLATION_FROM_SECONDS + 2.5) * fs);

        List<Alert> uninterrupted = fibrillationAlerts(DetectionRun.of(chunks));
        List<Alert> restored =
                fibrillationAlerts(
                        DetectionRun.restoredAt(
                                chunks,
                                cut,
                                () ->
                                        new BeatDetectionFunction<>(
                                                new PanTompkinsDetector(),
                                                AlarmRules.defaults(),
                                                BeatDetectionSettings.defaults())));

        assertThat(summaries(uninterrupted)).hasSize(2);
        assertThat(summaries(restored)).isEqualTo(summaries(uninterrupted));
    }

    @Test
    void noisyFlagHoldsBack() throws Exception {
        RecordChunks source = withFibrillation(4);
        double fs = source.samplingFrequencyHz();
        long from = Math.round(FIBRILLATION_FROM_SECONDS * fs);
        long to = from + Math.round(FIBRILLATION_SECONDS * fs);
        List<SignalChunk> chunks = new ArrayList<>();
        for (SignalChunk chunk : source.fixed(90)) {
            long first = chunk.getFirstSampleIndex();
            boolean inside = first + chunk.getFrameCount() > from && first < to;
            chunks.add(inside ? withLeadFlag(chunk, QualityFlag.NOISY) : chunk);
        }

        assertThat(fibrillationAlerts(DetectionRun.of(chunks))).isEmpty();
    }

    @Test
    void sinusRhythmRaisesNothing() throws Exception {
        for (String record : List.of("100", "103")) {
            RecordChunks source = RecordChunks.read("mitdb", record, Double.MAX_VALUE);

            assertThat(fibrillationAlerts(DetectionRun.of(source.fixed(360))))
                    .as("record %s", record)
                    .isEmpty();
        }
    }

    @Test
    void ventricularTachycardiaAndEctopyRaiseNothing() throws Exception {
        // 106 has a ventricular tachycardia episode and frequent ventricular beats, 208 couplets
        // and triplets of ventricular and fusion beats, and v102s (PhysioNet/CinC Challenge 2015)
        // the stretch a bedside monitor alarmed on as ventricular tachycardia.
        for (String record : List.of("mitdb/106", "mitdb/208", "cinc2015/v102s")) {
            String[] parts = record.split("/");
            RecordChunks source = RecordChunks.read(parts[0], parts[1], Double.MAX_VALUE);
            int oneSecond = (int) Math.round(source.samplingFrequencyHz());

            assertThat(fibrillationAlerts(DetectionRun.of(source.fixed(oneSecond))))
                    .as("record %s", record)
                    .isEmpty();
        }
    }

    @Test
    void fastVentricularTachycardiaRaisesNothing() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "208", 120);
        double fs = source.samplingFrequencyHz();
        List<Long> ventricularBeats = new ArrayList<>();
        for (Annotation annotation : WfdbAnnotations.read(DATA.resolve("mitdb/208.atr"))) {
            if (annotation.code().mnemonic().equals("V")
                    && annotation.sample() > fs
                    && annotation.sample() < 1500 * fs) {
                ventricularBeats.add(annotation.sample());
            }
        }
        RecordChunks full = RecordChunks.read("mitdb", "208", Double.MAX_VALUE);
        for (double bpm : new double[] {150, 180, 200}) {
            RecordChunks edited = RecordChunks.read("mitdb", "208", 120);
            float[] run = tiledBeats(full.channel(0), ventricularBeats, fs, bpm, 20);
            int from = (int) Math.round(FIBRILLATION_FROM_SECONDS * fs);
            float baseline = edited.channel(0)[from];
            for (int i = 0; i < run.length; i++) {
                run[i] += baseline;
            }
            edited.replace(0, from, run);

            assertThat(fibrillationAlerts(DetectionRun.of(edited.fixed(90))))
                    .as("%.0f bpm", bpm)
                    .isEmpty();
        }
    }

    /**
     * Returns {@code seconds} of real beats, one after another at {@code bpm}: each the stretch of
     * {@code lead} from 35 % of the interval before one of {@code beats} to 65 % after it, with the
     * straight line between its end points removed, so that the joins have no steps.
     */
    static float[] tiledBeats(
            float[] lead, List<Long> beats, double fs, double bpm, double seconds) {
        int interval = (int) Math.round(60 * fs / bpm);
        int before = (int) Math.round(0.35 * interval);
        float[] out = new float[(int) Math.round(seconds * fs)];
        int written = 0;
        for (int k = 0; written < out.length; k++) {
            int start = (int) (beats.get(k % beats.size()) - before);
            float first = lead[start];
            float last = lead[start + interval - 1];
            for (int i = 0; i < interval && written < out.length; i++) {
                out[written++] = lead[start + i] - (first + (last - first) * i / (interval - 1));
            }
        }
        return out;
    }

    @Test
    void baselineWanderRaisesNothing() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 300);
        double fs = source.samplingFrequencyHz();
        float[] lead = source.channel(0);
        Random random = new Random(20261205L);
        for (int i = 0; i < lead.length; i++) {
            double t = i / fs;
            // Respiration-like wander of 1.5 mV at 0.3 Hz, a slower 0.08 Hz drift, and noise.
            lead[i] +=
                    (float)
                            (1.5 * Math.sin(2 * Math.PI * 0.3 * t)
                                    + 1.0 * Math.sin(2 * Math.PI * 0.08 * t)
                                    + 0.02 * random.nextGaussian());
        }

        assertThat(fibrillationAlerts(DetectionRun.of(source.fixed(360)))).isEmpty();
    }

    private static DetectionRun run(List<SignalChunk> chunks, String vfSeconds) throws Exception {
        AlarmThresholds thresholds =
                AlarmThresholds.defaults()
                        .with(
                                AlarmThresholds.VENTRICULAR_FIBRILLATION,
                                vfSeconds,
                                "alarm.vf-seconds");
        return DetectionRun.of(chunks, new PanTompkinsDetector(), new AlarmRules(thresholds));
    }

    private static List<Alert> fibrillationAlerts(DetectionRun run) {
        return run.alerts().stream()
                .filter(alert -> alert.getType() == AlertType.VENTRICULAR_FLUTTER_FIBRILLATION)
                .toList();
    }

    private static List<String> summaries(List<Alert> alerts) {
        return alerts.stream()
                .map(
                        alert ->
                                alert.getAlertId()
                                        + " "
                                        + alert.getPhase()
                                        + " "
                                        + alert.getSequence()
                                        + " "
                                        + alert.getSampleIndex()
                                        + " "
                                        + alert.getMessage())
                .toList();
    }

    private static SignalChunk withLeadFlag(SignalChunk chunk, QualityFlag flag) {
        List<ChannelQuality> quality = new ArrayList<>();
        for (int channel = 0; channel < chunk.getChannelNames().size(); channel++) {
            quality.add(
                    ChannelQuality.newBuilder()
                            .setFlags(channel == 0 ? List.of(flag) : List.of())
                            .build());
        }
        return SignalChunk.newBuilder(chunk).setQuality(quality).build();
    }
}
