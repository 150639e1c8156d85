package org.medstream.stream.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.Breath;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.breaths.BreathDetectionFunction;
import org.medstream.stream.breaths.MedTsLlmBreathModels;
import org.medstream.stream.model.OperatorRuns;

/**
 * Breath annotation with a MedTsLLM model of RESP and PLETH on an embedded Flink, over the first
 * 120 s of BIDMC record 01 and the same record resampled to 250 Hz.
 */
class MedTsLlmBreathAnnotatorIT {
    @TempDir Path directory;

    @Test
    void annotateMatchesOperatorAndResampledRecord() throws Exception {
        Path model = MedTsLlmBreathModels.train(directory.resolve("medtsllm-breaths"));
        Recording original =
                new FirstFrames(RecordingFiles.open(MedTsLlmBreathModels.RECORD), 120 * 125);
        Recording doubled = new LinearResampler(original, 250);

        List<List<Breath>> annotated =
                new BreathAnnotator(model).annotate(List.of(original, doubled));
        List<Breath> operator = operatorBreaths(model, original);

        List<Breath> atModelRate = annotated.get(0);
        List<Breath> resampled = annotated.get(1);
        System.out.printf(
                "BIDMC 01, 120 s, MedTsLLM: %d breaths at 125 Hz, %d at 250 Hz%n",
                atModelRate.size(), resampled.size());
        assertThat(atModelRate).hasSizeGreaterThan(5);
        assertThat(onsets(atModelRate)).isEqualTo(onsets(operator));
        assertThat(resampled.size()).isBetween(atModelRate.size() - 2, atModelRate.size() + 2);
        // Within 6 samples at 125 Hz (48 ms), 12 at 250 Hz.
        long matched =
                atModelRate.stream()
                        .filter(
                                breath ->
                                        hasOnsetNear(
                                                resampled, 2 * breath.getOnsetSampleIndex(), 12))
                        .count();
        assertThat(matched).isGreaterThanOrEqualTo(atModelRate.size() - 2L);
    }

    /** Runs the operator in Flink's test harness on chunks of 31 frames, not annotate's 250 ms. */
    private static List<Breath> operatorBreaths(Path model, Recording recording) throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(
                        recording,
                        recording.name(),
                        Instant.parse("2026-01-01T00:00:00Z"),
                        31,
                        recording.frameCount())
                .forEachRemaining(chunks::add);
        return new OperatorRuns<Breath>(
                        () ->
                                new BreathDetectionFunction(
                                        model.toString(),
                                        Duration.ofHours(1),
                                        false,
                                        Duration.ZERO),
                        breath -> breath)
                .uninterrupted(chunks);
    }

    private static boolean hasOnsetNear(List<Breath> breaths, long sample, long tolerance) {
        return breaths.stream()
                .anyMatch(breath -> Math.abs(breath.getOnsetSampleIndex() - sample) <= tolerance);
    }

    private static List<Long> onsets(List<Breath> breaths) {
        return breaths.stream().map(Breath::getOnsetSampleIndex).toList();
    }
}
