package org.medstream.stream.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.medtsllm.MedTsLlmAnomalyDetector;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.annotate.LinearResampler;
import org.medstream.stream.model.OperatorRuns;

/**
 * The anomaly operator with a small MedTsLLM anomaly model ({@link MedTsLlmAnomalyModels}) on the
 * first 60 s of MIT-BIH record 103, at its own 360 Hz and brought to the model's 125 Hz beforehand.
 */
class MedTsLlmAnomalyScoringTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SECONDS = 60;

    @TempDir static Path directory;

    private static Path model;
    private static OperatorRuns<Anomaly> runs;
    private static Recording atModelRate;
    private static List<SignalChunk> chunks;
    private static List<Anomaly> uninterrupted;

    @BeforeAll
    static void train() throws Exception {
        model = MedTsLlmAnomalyModels.train(directory.resolve("medtsllm-anomalies"));
        runs =
                new OperatorRuns<>(
                        () -> new AnomalyScoringFunction(model.toString(), Duration.ofHours(1)),
                        MedTsLlmAnomalyScoringTest::withFixedEmittedAt);
        atModelRate =
                new LinearResampler(
                        WfdbRecord.read(AnomalyScoringFunctionTest.DATA.resolve("mitdb/103")), 125);
        chunks = chunks(atModelRate);
        uninterrupted = runs.uninterrupted(chunks);
    }

    private static List<SignalChunk> chunks(Recording recording) {
        List<SignalChunk> chunks = new ArrayList<>();
        long frames = Math.round(SECONDS * recording.samplingFrequencyHz());
        new Chunker(recording, "bed-1", START, 31, frames).forEachRemaining(chunks::add);
        return chunks;
    }

    private static Anomaly withFixedEmittedAt(Anomaly anomaly) {
        Anomaly copy = Anomaly.newBuilder(anomaly).build();
        copy.setEmittedAtMicros(Instant.EPOCH);
        return copy;
    }

    @Test
    void spansNameModel() {
        assertThat(uninterrupted).hasSizeGreaterThan(2);
        assertThat(uninterrupted)
                .extracting(anomaly -> anomaly.getDetectorName().toString())
                .containsOnly("medtsllm-anomalies");
        assertThat(uninterrupted)
                .allSatisfy(
                        anomaly -> {
                            assertThat(anomaly.getScore()).isGreaterThanOrEqualTo(0.5);
                            assertThat(anomaly.getThreshold()).isEqualTo(0.5);
                        });
    }

    @Test
    void restoreMatchesUninterruptedRun() throws Exception {
        assertThat(runs.restoredAfter(chunks, 101)).isEqualTo(uninterrupted);
    }

    /**
     * At the model's rate the operator's spans are those the span assembler forms from each
     * sample's normalised error, stitched here from windows run one by one, each sample from the
     * window in which it lies farthest from an edge.
     */
    @Test
    void equalsSpansOfWholeTrace() throws IOException {
        int samples = SECONDS * 125;
        double[] physical = atModelRate.physical(0);
        float[] signal = new float[samples];
        for (int t = 0; t < samples; t++) {
            signal[t] = (float) physical[t];
        }
        List<long[]> expected = new ArrayList<>();
        try (MedTsLlmAnomalyDetector detector = MedTsLlmAnomalyDetector.load(model)) {
            int window = detector.windowLength();
            int margin = (window - detector.step()) / 2;
            float[] errors = new float[samples];
            int lastStart = (samples - window) / detector.step() * detector.step();
            for (int start = 0; start <= lastStart; start += detector.step()) {
                float[] scores = detector.windowScores(copy(signal, start, window));
                int from = start == 0 ? 0 : start + margin;
                System.arraycopy(
                        scores, from - start, errors, from, window - margin - from + start);
            }
            int covered = lastStart + window - margin;
            if (covered < samples) {
                float[] scores = detector.windowScores(copy(signal, samples - window, window));
                int offset = covered - (samples - window);
                System.arraycopy(scores, offset, errors, covered, samples - covered);
            }
            AnomalySpanAssembler assembler =
                    new AnomalySpanAssembler(125, AnomalySpanAssembler.DEFAULT_THRESHOLD);
            List<AnomalySpan> spans = new ArrayList<>();
            for (float error : errors) {
                assembler.accept(detector.assemblerScore(error), spans::add);
            }
            assembler.finish(spans::add);
            for (AnomalySpan span : spans) {
                expected.add(new long[] {span.startSample(), span.endSample()});
            }
        }

        List<long[]> actual =
                uninterrupted.stream()
                        .map(
                                anomaly ->
                                        new long[] {
                                            anomaly.getStartSampleIndex(),
                                            anomaly.getEndSampleIndex()
                                        })
                        .toList();
        assertThat(actual).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static float[] copy(float[] signal, int start, int length) {
        float[] window = new float[length];
        System.arraycopy(signal, start, window, 0, length);
        return window;
    }

    @Test
    void recordRateStreamResampled() throws Exception {
        List<Anomaly> anomalies =
                runs.uninterrupted(
                        chunks(
                                WfdbRecord.read(
                                        AnomalyScoringFunctionTest.DATA.resolve("mitdb/103"))));

        assertThat(anomalies).isNotEmpty();
        assertThat(anomalies)
                .allSatisfy(
                        anomaly -> {
                            assertThat(anomaly.getStartSampleIndex())
                                    .isLessThan(anomaly.getEndSampleIndex());
                            assertThat(anomaly.getEndSampleIndex())
                                    .isLessThanOrEqualTo(SECONDS * 360L);
                        });
    }
}
