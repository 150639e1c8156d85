package org.medstream.stream.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.model.OperatorRuns;

class AnomalyScoringFunctionTest {
    static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-anomalies");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EMITTED = Instant.EPOCH;

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Anomaly> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static final OperatorRuns<Anomaly> RUNS =
            new OperatorRuns<>(
                    () -> new AnomalyScoringFunction(MODEL.toString(), Duration.ofHours(1)),
                    AnomalyScoringFunctionTest::withFixedEmittedAt);

    static List<SignalChunk> chunks(String record, double seconds, int framesPerChunk)
            throws Exception {
        WfdbRecord recording = WfdbRecord.read(DATA.resolve(record));
        long frames = Math.round(seconds * recording.samplingFrequencyHz());
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(recording, "bed-1", START, framesPerChunk, frames)
                .forEachRemaining(chunks::add);
        return chunks;
    }

    private static Anomaly withFixedEmittedAt(Anomaly anomaly) {
        Anomaly copy = Anomaly.newBuilder(anomaly).build();
        copy.setEmittedAtMicros(EMITTED);
        return copy;
    }

    private static List<Anomaly> uninterrupted(List<SignalChunk> chunks) throws Exception {
        return RUNS.uninterrupted(chunks);
    }

    @Test
    void stateIsPojo() {
        assertThat(TypeInformation.of(AnomalyTrack.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void beatsModelRejected() {
        Path beats = MODEL.resolveSibling("lmu-beats");

        assertThatThrownBy(
                        () ->
                                AnomalyScoringFunction.forModel(
                                        beats.toString(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "it is a 'beats' model, anomaly scoring needs a model of task 'anomalies'");
    }

    @ParameterizedTest(name = "{0}, {2}-frame chunks, restored after chunk {3}")
    @CsvSource({"mitdb/208, 120, 90, 211", "mitdb/208, 30, 7, 777"})
    void restoreMatchesUninterruptedRun(
            String record, double seconds, int framesPerChunk, int split) throws Exception {
        List<SignalChunk> chunks = chunks(record, seconds, framesPerChunk);
        List<Anomaly> expected = uninterrupted(chunks);

        List<Anomaly> actual = RUNS.restoredAfter(chunks, split);

        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void spansIndependentOfChunkSize() throws Exception {
        List<Anomaly> large = uninterrupted(chunks("mitdb/208", 30, 7919));
        List<Anomaly> small = uninterrupted(chunks("mitdb/208", 30, 7));

        assertThat(large).isNotEmpty();
        assertThat(small).isEqualTo(large);
    }

    @Test
    void spansFindVentricularBeats() throws Exception {
        double seconds = 120;
        List<Anomaly> anomalies = uninterrupted(chunks("mitdb/208", seconds, 90));

        int frames = (int) Math.round(seconds * 360);
        boolean[] reference =
                AnomalyReference.anomalous(
                        WfdbBeatAnnotations.read(DATA.resolve("mitdb/208.atr")), frames, 360);
        boolean[] predicted = new boolean[frames];
        for (Anomaly anomaly : anomalies) {
            for (long t = anomaly.getStartSampleIndex(); t < anomaly.getEndSampleIndex(); t++) {
                predicted[(int) t] = true;
            }
        }
        int segments = 0;
        int hit = 0;
        for (int t = 0; t < frames; t++) {
            if (reference[t] && (t == 0 || !reference[t - 1])) {
                segments++;
                boolean found = false;
                for (int s = t; s < frames && reference[s]; s++) {
                    found |= predicted[s];
                }
                hit += found ? 1 : 0;
            }
        }
        System.out.printf(
                "208, first %.0f s: %d of %d reference segments hit by %d spans%n",
                seconds, hit, segments, anomalies.size());

        Anomaly first = anomalies.get(0);
        assertThat(first.getStreamId()).isEqualTo("bed-1");
        assertThat(first.getDetectorName()).isEqualTo("lmu-anomalies");
        assertThat(first.getThreshold()).isEqualTo(0.5);
        assertThat(first.getEventTimeMicros())
                .isEqualTo(START.plusNanos(first.getStartSampleIndex() * 1_000_000_000L / 360));
        assertThat(anomalies)
                .allSatisfy(
                        anomaly -> {
                            assertThat(anomaly.getScore()).isBetween(0.5, 1.0);
                            assertThat(anomaly.getEndSampleIndex())
                                    .isGreaterThan(anomaly.getStartSampleIndex());
                        });
        assertThat(segments).isGreaterThan(20);
        assertThat(hit).isGreaterThan(segments * 8 / 10);
    }

    @Test
    void resampledStreamScored() throws Exception {
        // Record 800 of the Supraventricular Arrhythmia Database runs at 128 Hz.
        List<Anomaly> anomalies =
                uninterrupted(chunks("svdb/800", 60, Chunker.framesPerChunk(128, 250.0)));

        assertThat(anomalies)
                .allSatisfy(
                        anomaly ->
                                assertThat(anomaly.getEndSampleIndex()).isBetween(1L, 60L * 128));
        assertThat(anomalies).isNotEmpty();
    }

    @Test
    void fractionalFrequencyDeadLettered() throws Exception {
        SignalChunk chunk = chunks("mitdb/100", 1, 90).get(0);
        chunk.setSamplingFrequencyHz(360.5);
        harness = RUNS.open();

        harness.processElement(chunk, 0L);

        List<DeadLetter> deadLetters = new ArrayList<>();
        for (StreamRecord<DeadLetter> record :
                harness.getSideOutput(AnomalyScoringFunction.DEAD_LETTERS)) {
            deadLetters.add(record.getValue());
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(deadLetters.get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: anomalies model in "
                                + MODEL
                                + " (360 Hz) cannot take samplingFrequencyHz 360.5: the resampler"
                                + " needs a whole number of Hz, got 360.5");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
