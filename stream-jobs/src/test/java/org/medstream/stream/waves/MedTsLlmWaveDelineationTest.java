package org.medstream.stream.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.MedTsLlmWaveModel;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.LudbPatients;
import org.medstream.model.medtsllm.train.MedTsLlmTrainer;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.model.train.LearningRateSchedule;
import org.medstream.model.train.TrainingProgress;
import org.medstream.model.waves.Delineator;
import org.medstream.model.waves.WaveRules;
import org.medstream.model.waves.WaveSink;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.model.OperatorRuns;

/**
 * The wave operator with a MedTsLLM model: a small one trained here for three short epochs on LUDB
 * record 2, with the stories260K backbone and the patient part in its prompt, so its waves are poor
 * but deterministic.
 */
class MedTsLlmWaveDelineationTest {
    private static final Path BACKBONE =
            WaveDelineationFunctionTest.DATA
                    .resolveSibling("models")
                    .resolve("stories260K")
                    .resolve("stories260K.gguf");

    @TempDir static Path directory;

    private static Path model;
    private static OperatorRuns<WaveSegment> runs;

    @BeforeAll
    static void train() throws IOException {
        model = directory.resolve("medtsllm-waves");
        MedTsLlmTrainingOptions options =
                new MedTsLlmTrainingOptions(
                        WaveDelineationFunctionTest.DATA.resolve("ludb"),
                        model,
                        BACKBONE,
                        List.of(2),
                        List.of(3),
                        MedTsLlmConfig.defaults(512, 4).withPrototypes(64),
                        PromptParts.parse("dataset,patient,task"),
                        256,
                        48,
                        3,
                        7,
                        0,
                        4,
                        true,
                        3e-3f,
                        LearningRateSchedule.CONSTANT,
                        "medstream train --model medtsllm --task waves",
                        "test");
        try (MedTsLlmTrainingResult result =
                new MedTsLlmTrainer(TrainingProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        Files.copy(BACKBONE, model.resolve(BACKBONE.getFileName()));
        runs =
                new OperatorRuns<>(
                        () -> new WaveDelineationFunction(model.toString(), Duration.ofHours(1)),
                        MedTsLlmWaveDelineationTest::withFixedEmittedAt);
    }

    private static WaveSegment withFixedEmittedAt(WaveSegment segment) {
        WaveSegment copy = WaveSegment.newBuilder(segment).build();
        copy.setEmittedAtMicros(Instant.EPOCH);
        return copy;
    }

    @Test
    void restoreMatchesUninterruptedRun() throws Exception {
        List<SignalChunk> chunks = WaveDelineationFunctionTest.chunks("ludb/1", 10, 125);
        List<WaveSegment> expected = runs.uninterrupted(chunks);

        List<WaveSegment> actual = runs.restoredAfter(chunks, 23);

        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void segmentsNameModelAndStayInRecord() throws Exception {
        List<WaveSegment> segments =
                runs.uninterrupted(WaveDelineationFunctionTest.chunks("ludb/1", 10, 125));

        assertThat(segments).extracting(WaveSegment::getDetectorName).containsOnly("medtsllm");
        assertThat(segments)
                .allSatisfy(
                        segment -> {
                            assertThat(segment.getOnsetSampleIndex())
                                    .isBetween(0L, segment.getPeakSampleIndex());
                            assertThat(segment.getOffsetSampleIndex())
                                    .isBetween(segment.getPeakSampleIndex(), 4999L);
                        });
    }

    @Test
    void chunkPatientReachesPrompt() throws Exception {
        PatientContext patient =
                LudbPatients.read(WaveDelineationFunctionTest.DATA.resolve("ludb")).get(1);
        List<SignalChunk> chunks = WaveDelineationFunctionTest.chunks("ludb/1", 10, 125);
        List<SignalChunk> withPatient = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            SignalChunk copy = SignalChunk.newBuilder(chunk).build();
            copy.setPatient(patient);
            withPatient.add(copy);
        }

        List<String> expected = directWaves(chunks, patient);
        List<String> unknownPatient = directWaves(chunks, null);
        List<String> actual = describe(runs.uninterrupted(withPatient));

        assertThat(expected).as("waves depend on the patient").isNotEqualTo(unknownPatient);
        assertThat(actual).isEqualTo(expected);
        assertThat(describe(runs.restoredAfter(withPatient, 23))).isEqualTo(expected);
    }

    /** Delineates the chunks' twelve leads with the model itself, outside the operator. */
    private static List<String> directWaves(List<SignalChunk> chunks, PatientContext patient)
            throws IOException {
        List<String> waves = new ArrayList<>();
        try (MedTsLlmWaveModel waveModel = MedTsLlmWaveModel.load(model)) {
            boolean[] present = new boolean[waveModel.leads().size()];
            Arrays.fill(present, true);
            Delineator delineator = waveModel.newDelineator(WaveRules.DEFAULT, present, patient);
            WaveSink sink =
                    (lead, wave) ->
                            waves.add(
                                    describe(
                                            waveModel.leads().get(lead),
                                            wave.kind().name(),
                                            wave.onset(),
                                            wave.peak(),
                                            wave.offset()));
            for (SignalChunk chunk : chunks) {
                float[][] leads = new float[present.length][];
                for (int lead = 0; lead < present.length; lead++) {
                    leads[lead] = LeadSamples.millivolts(chunk, lead);
                }
                for (int frame = 0; frame < chunk.getFrameCount(); frame++) {
                    float[] values = new float[present.length];
                    for (int lead = 0; lead < present.length; lead++) {
                        values[lead] = leads[lead][frame];
                    }
                    delineator.accept(values, sink);
                }
            }
            delineator.finish(sink);
        }
        Collections.sort(waves);
        return waves;
    }

    private static List<String> describe(List<WaveSegment> segments) {
        List<String> waves = new ArrayList<>();
        for (WaveSegment segment : segments) {
            waves.add(
                    describe(
                            segment.getLead().toString(),
                            segment.getWave().name(),
                            segment.getOnsetSampleIndex(),
                            segment.getPeakSampleIndex(),
                            segment.getOffsetSampleIndex()));
        }
        Collections.sort(waves);
        return waves;
    }

    private static String describe(String lead, String kind, long onset, long peak, long offset) {
        return String.format(
                Locale.ROOT,
                "%s %s %d %d %d",
                lead.toLowerCase(Locale.ROOT),
                kind,
                onset,
                peak,
                offset);
    }

    @Test
    void missingBackboneNamed() throws IOException {
        Path copy = directory.resolve("nested").resolve("without-backbone");
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().equals(BACKBONE.getFileName())) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }

        assertThat(
                        MedTsLlmModel.locateBackbone(
                                copy, MedTsLlmMetadata.read(copy), BACKBONE.getParent()))
                .as("the shipped backbone, where train takes it from")
                .isEqualTo(BACKBONE);

        // A backbone that no place has, since the tests set MEDSTREAM_HOME to the repository.
        Path json = copy.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json).replace("\"stories260K.gguf\"", "\"other-backbone.gguf\""));
        assertThatThrownBy(
                        () ->
                                WaveDelineationFunction.forModel(
                                        copy.toString(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backbone other-backbone.gguf not found");
    }
}
