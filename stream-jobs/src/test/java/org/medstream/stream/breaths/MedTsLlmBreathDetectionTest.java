package org.medstream.stream.breaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.model.OperatorRuns;

/**
 * The breath operator with a MedTsLLM model of RESP and PLETH ({@link MedTsLlmBreathModels}) on the
 * first 120 s of the bundled BIDMC record 01, at the model's own 125 Hz.
 */
class MedTsLlmBreathDetectionTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int FRAMES_PER_CHUNK = 31;
    private static final int SECONDS = 120;

    @TempDir static Path directory;

    private static Path model;
    private static OperatorRuns<Breath> runs;
    private static List<SignalChunk> chunks;
    private static List<Breath> uninterrupted;

    @BeforeAll
    static void train() throws Exception {
        model = MedTsLlmBreathModels.train(directory.resolve("medtsllm-breaths"));
        runs =
                new OperatorRuns<>(
                        () ->
                                new BreathDetectionFunction(
                                        model.toString(),
                                        Duration.ofHours(1),
                                        false,
                                        Duration.ZERO),
                        MedTsLlmBreathDetectionTest::withFixedEmittedAt);
        chunks = chunks(SECONDS);
        uninterrupted = runs.uninterrupted(chunks);
    }

    private static List<SignalChunk> chunks(int seconds) throws IOException {
        Recording recording = RecordingFiles.open(MedTsLlmBreathModels.RECORD);
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(recording, "bed-1", START, FRAMES_PER_CHUNK, seconds * 125L)
                .forEachRemaining(chunks::add);
        return chunks;
    }

    private static Breath withFixedEmittedAt(Breath breath) {
        Breath copy = Breath.newBuilder(breath).build();
        copy.setEmittedAtMicros(Instant.EPOCH);
        return copy;
    }

    @Test
    void breathsNameModelAndChannel() {
        assertThat(uninterrupted).hasSizeGreaterThan(5);
        assertThat(uninterrupted).extracting(Breath::getDetectorName).containsOnly("medtsllm");
        assertThat(uninterrupted)
                .extracting(breath -> breath.getChannel().toString())
                .containsOnly("RESP");
    }

    @Test
    void restoreMatchesUninterruptedRun() throws Exception {
        List<Breath> actual = runs.restoredAfter(chunks, 157);

        assertThat(actual).isEqualTo(uninterrupted);
    }

    /**
     * The operator's onsets are the peaks that {@link BoundaryPeaks#pick} finds in the probability
     * of the whole 120 s, stitched here from windows run one by one, each sample from the window in
     * which it lies farthest from an edge.
     */
    @Test
    void equalsPeaksOfWholeTrace() throws Exception {
        Recording recording = RecordingFiles.open(MedTsLlmBreathModels.RECORD);
        int samples = SECONDS * 125;
        float[][] channels = new float[2][samples];
        for (int c = 0; c < 2; c++) {
            int index = channelIndex(recording, MedTsLlmBreathModels.CHANNELS.get(c));
            double[] physical = recording.physical(index);
            for (int t = 0; t < samples; t++) {
                channels[c][t] = (float) physical[t];
            }
        }
        List<Long> expected = new ArrayList<>();
        try (MedTsLlmBoundaryModel boundaries = MedTsLlmBoundaryModel.load(model)) {
            int window = boundaries.windowLength();
            int step = boundaries.step();
            int margin = (window - step) / 2;
            float[] probability = new float[samples];
            int lastStart = (samples - window) / step * step;
            for (int start = 0; start <= lastStart; start += step) {
                float[] p = run(boundaries, channels, start);
                int from = start == 0 ? 0 : start + margin;
                System.arraycopy(
                        p, from - start, probability, from, window - margin - from + start);
            }
            int covered = lastStart + window - margin;
            if (covered < samples) {
                float[] p = run(boundaries, channels, samples - window);
                int offset = covered - (samples - window);
                System.arraycopy(p, offset, probability, covered, samples - covered);
            }
            for (int t :
                    BoundaryPeaks.pick(
                            probability, boundaries.minimumSpacing(), boundaries.threshold())) {
                expected.add((long) t);
            }
        }

        assertThat(uninterrupted).extracting(Breath::getOnsetSampleIndex).isEqualTo(expected);
    }

    private static float[] run(MedTsLlmBoundaryModel boundaries, float[][] channels, int start) {
        int window = boundaries.windowLength();
        float[] input = new float[2 * window];
        for (int c = 0; c < 2; c++) {
            System.arraycopy(channels[c], start, input, c * window, window);
        }
        return boundaries.probabilities(List.of(input))[0];
    }

    private static int channelIndex(Recording recording, String name) {
        for (int c = 0; c < recording.channels().size(); c++) {
            if (recording.channels().get(c).name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no channel " + name);
    }

    @Test
    void flatSignalRaisesApnea() throws Exception {
        long flatFrom = 30 * 125;
        long flatTo = 70 * 125;
        List<SignalChunk> flat = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            flat.add(flattened(chunk, flatFrom, flatTo));
        }
        OperatorRuns<Breath> apneaRuns =
                new OperatorRuns<>(
                        () ->
                                new BreathDetectionFunction(
                                        model.toString(),
                                        Duration.ofHours(1),
                                        false,
                                        Duration.ofSeconds(20)),
                        MedTsLlmBreathDetectionTest::withFixedEmittedAt);

        List<Alert> alerts;
        List<Long> onsets;
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Breath> harness =
                apneaRuns.open()) {
            OperatorRuns.feed(harness, flat);
            alerts =
                    harness.getSideOutput(BreathDetectionFunction.ALERTS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            onsets = apneaRuns.outputs(harness).stream().map(Breath::getOnsetSampleIndex).toList();
        }

        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        Alert apnea = alerts.get(0);
        assertThat(apnea.getType()).isEqualTo(AlertType.APNEA);
        assertThat(onsets).contains(apnea.getOnsetSampleIndex());
        assertThat(apnea.getOnsetSampleIndex()).isLessThan(flatFrom + 20 * 125);
        assertThat(apnea.getSampleIndex()).isEqualTo(apnea.getOnsetSampleIndex() + 20 * 125);
        assertThat(onsets).contains(alerts.get(1).getSampleIndex());
        assertThat(alerts.get(1).getSampleIndex()).isGreaterThan(flatTo - 20 * 125);
    }

    /** Returns the chunk with every channel held at 0.5 from {@code from} to {@code to}. */
    private static SignalChunk flattened(SignalChunk chunk, long from, long to) {
        int channels = chunk.getChannelNames().size();
        List<Float> values = new ArrayList<>(((PhysicalSamples) chunk.getSamples()).getValues());
        for (int frame = 0; frame < chunk.getFrameCount(); frame++) {
            long index = chunk.getFirstSampleIndex() + frame;
            if (index >= from && index < to) {
                for (int c = 0; c < channels; c++) {
                    values.set(frame * channels + c, 0.5f);
                }
            }
        }
        SignalChunk copy = SignalChunk.newBuilder(chunk).build();
        copy.setSamples(PhysicalSamples.newBuilder().setValues(values).build());
        return copy;
    }

    @Test
    void missingCovariateDeadLettered() throws Exception {
        SignalChunk chunk = SignalChunk.newBuilder(chunks.get(0)).build();
        List<String> names = new ArrayList<>();
        for (String name : chunk.getChannelNames()) {
            names.add(name.equals("PLETH") ? "PPG" : name);
        }
        chunk.setChannelNames(names);

        List<DeadLetter> deadLetters;
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Breath> harness =
                runs.open()) {
            harness.processElement(chunk, 0);
            deadLetters =
                    harness.getSideOutput(BreathDetectionFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(harness.numKeyedStateEntries()).isZero();
        }

        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).getReasonCode()).isEqualTo(DeadLetterReason.CHANNEL_MISMATCH);
        assertThat(deadLetters.get(0).getMessage())
                .contains("Stream bed-1 has no channel PLETH")
                .contains("reads channels [RESP, PLETH]");
    }
}
