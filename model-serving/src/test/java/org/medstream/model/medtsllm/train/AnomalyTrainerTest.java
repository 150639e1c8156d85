package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.AnomalyEpoch;
import org.medstream.model.medtsllm.AnomalyMetadata;
import org.medstream.model.medtsllm.HeadKind;
import org.medstream.model.medtsllm.MaskedMeanSquaredErrorLoss;
import org.medstream.model.medtsllm.MedTsLlmAnomalyDetector;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.ReconstructionErrors;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;

/** Trains the MedTsLLM reconstruction model on bundled MIT-BIH windows for a few steps. */
class AnomalyTrainerTest {
    private static final Path MITDB = Path.of(System.getProperty("medstream.data.dir"), "mitdb");
    private static final MedTsLlmConfig NETWORK =
            MedTsLlmConfig.defaults(256, 1).withPrototypes(64);

    private static AnomalyRecord record100;
    private static AnomalyRecord record106;

    @TempDir Path directory;

    @BeforeAll
    static void read() throws IOException {
        record100 = AnomalyWindows.read(MITDB, 100);
        record106 = AnomalyWindows.read(MITDB, 106);
    }

    @Test
    void lossFallsBackboneFrozen() throws IOException {
        List<LabelledWindow> batch =
                AnomalyWindows.normal(List.of(slice(record100, 0, 4096)), 256, 256).subList(0, 4);
        Engine.getInstance().setRandomSeed(5);
        try (MedTsLlmModel model = newModel();
                Trainer trainer =
                        MedTsLlmTrainer.newTrainer(
                                model, 1e-3f, new MaskedMeanSquaredErrorLoss())) {
            Map<String, float[]> backboneBefore =
                    values(model.backbone().decoder().getParameters());

            List<Double> losses = new ArrayList<>();
            for (int step = 0; step < 6; step++) {
                MedTsLlmTrainer.BatchResult result =
                        AnomalyTrainer.trainBatch(trainer, model, batch, true);
                assertThat(result.stepped()).as("step %d", step).isTrue();
                losses.add(result.loss());
            }

            assertThat(losses).allMatch(Double::isFinite);
            assertThat(losses.get(5)).isLessThan(losses.get(0));
            Map<String, float[]> backboneAfter = values(model.backbone().decoder().getParameters());
            for (String name : backboneBefore.keySet()) {
                assertThat(backboneAfter.get(name)).as(name).isEqualTo(backboneBefore.get(name));
            }
        }
    }

    @Test
    void thresholdComesFromTrainingErrors() throws IOException {
        List<AnomalyRecord> training =
                List.of(slice(record100, 0, 3000), slice(record106, 10_000, 13_000));
        Engine.getInstance().setRandomSeed(3);
        try (MedTsLlmModel model = newModel()) {
            model.initialize();

            AnomalyTrainer.Threshold threshold = AnomalyTrainer.threshold(model, training, 0.1);

            float[] first = ReconstructionErrors.squared(model, training.get(0).signal());
            float[] second = ReconstructionErrors.squared(model, training.get(1).signal());
            float[] all = new float[first.length + second.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(second, 0, all, first.length, second.length);
            double mean = ReconstructionErrors.mean(all);
            assertThat(threshold.samples()).isEqualTo(6000);
            assertThat(threshold.meanSquaredError()).isCloseTo(mean, within(1e-6 * mean));
            long above = 0;
            for (float error : all) {
                above += error / mean >= threshold.threshold() ? 1 : 0;
            }
            assertThat(above).isBetween(599L, 601L);
        }
    }

    @Test
    void defaultRateIsTheTrainingRecordsAnomalousShare() throws IOException {
        List<AnomalyRecord> training = List.of(slice(record106, 0, 20_000));
        double share = AnomalyTrainer.anomalousFraction(training);
        Engine.getInstance().setRandomSeed(3);
        try (MedTsLlmModel model = newModel()) {
            model.initialize();

            AnomalyTrainer.Threshold threshold = AnomalyTrainer.threshold(model, training, null);

            assertThat(share).isBetween(0.01, 0.5);
            assertThat(threshold.rate()).isEqualTo(share);
        }
    }

    @Test
    void savedModelFindsSpansAtTheRecordsRate() throws IOException {
        Path out = directory.resolve("anomalies");
        Engine.getInstance().setRandomSeed(3);
        try (MedTsLlmModel model = newModel()) {
            model.initialize();
            AnomalyTrainer.Threshold threshold =
                    AnomalyTrainer.threshold(model, List.of(slice(record100, 0, 5000)), 0.05);
            model.save(out, metadata(model, threshold));
        }
        Files.copy(Stories260K.GGUF, out.resolve(Stories260K.GGUF.getFileName()));
        Recording recording = RecordingFiles.open(MITDB.resolve("208"));
        double[] lead = Arrays.copyOf(recording.physical(0), 36_000);

        try (MedTsLlmAnomalyDetector detector = MedTsLlmAnomalyDetector.load(out)) {
            List<AnomalySpan> spans = detector.detect(lead, 360);

            assertThat(detector.metadata().anomaly().anomalyRate()).isEqualTo(0.05);
            assertThat(spans).isNotEmpty();
            long previousEnd = 0;
            for (AnomalySpan span : spans) {
                assertThat(span.startSample()).isGreaterThanOrEqualTo(previousEnd);
                assertThat(span.endSample())
                        .isGreaterThan(span.startSample())
                        .isLessThanOrEqualTo(36_000);
                previousEnd = span.endSample();
            }
        }
    }

    @Test
    void detectorRejectsOtherTasks() throws IOException {
        Path out = directory.resolve("beats");
        try (MedTsLlmModel model =
                MedTsLlmModel.create(
                        NETWORK,
                        Stories260K.GGUF,
                        new PromptBuilder(PromptParts.NONE, "", ""),
                        "b")) {
            model.initialize();
            MedTsLlmMetadata anomalies =
                    metadata(model, new AnomalyTrainer.Threshold(1, 0.1, 2, 1));
            model.save(out, withTask(anomalies, "beats"));
        }

        assertThatThrownBy(() -> MedTsLlmAnomalyDetector.load(out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a MedTsLLM 'beats' model")
                .hasMessageContaining("--task anomalies");
    }

    @Test
    void overlappingRecordsRejected() {
        assertThatThrownBy(() -> options(List.of(100, 208), List.of(208), NETWORK, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Records [208] are in both");
    }

    @Test
    void anomalyRateOfZeroRejected() {
        assertThatThrownBy(() -> options(List.of(100), List.of(208), NETWORK, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly rate must be in (0, 0.5]")
                .hasMessageContaining("got 0.0");
    }

    @Test
    void segmentationNetworkRejected() {
        assertThatThrownBy(
                        () ->
                                options(
                                        List.of(100),
                                        List.of(208),
                                        MedTsLlmConfig.defaults(512, 4),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "1 output per sample and windows of 256 samples, got 4 and 512");
    }

    private static AnomalyTrainingOptions options(
            List<Integer> training, List<Integer> validation, MedTsLlmConfig network, Double rate) {
        return new AnomalyTrainingOptions(
                MITDB,
                Path.of("out"),
                Stories260K.GGUF,
                training,
                validation,
                network,
                PromptParts.parse("task"),
                0,
                1,
                1,
                0,
                4,
                true,
                1e-4f,
                rate,
                "test",
                "test");
    }

    private static MedTsLlmModel newModel() throws IOException {
        return MedTsLlmModel.create(
                NETWORK,
                Stories260K.GGUF,
                new PromptBuilder(
                        PromptParts.parse("dataset,task"),
                        AnomalyTrainer.DATASET_DESCRIPTION,
                        AnomalyTrainer.TASK_DESCRIPTION),
                "medtsllm-anomalies",
                HeadKind.RECONSTRUCTION);
    }

    private static AnomalyRecord slice(AnomalyRecord record, int from, int to) {
        return new AnomalyRecord(
                record.number(),
                Arrays.copyOfRange(record.signal(), from, to),
                Arrays.copyOfRange(record.anomalous(), from, to));
    }

    private static MedTsLlmMetadata metadata(
            MedTsLlmModel model, AnomalyTrainer.Threshold threshold) throws IOException {
        AnomalyMetadata anomaly =
                new AnomalyMetadata(
                        360,
                        0.15,
                        10,
                        2,
                        0.01,
                        threshold.rate(),
                        1 - threshold.rate(),
                        threshold.meanSquaredError(),
                        threshold.threshold(),
                        threshold.samples(),
                        List.of(new AnomalyEpoch(1, 0.5, 1, 0.4, 0.6)));
        return new MedTsLlmMetadata(
                HeadKind.ANOMALY_TASK,
                MedTsLlmMetadata.MODEL,
                "test",
                List.of(AnomalyTrainer.CLASS_NAME),
                125,
                NETWORK,
                128,
                PromptParts.parse("dataset,task").names(),
                AnomalyTrainer.DATASET_DESCRIPTION,
                AnomalyTrainer.TASK_DESCRIPTION,
                Stories260K.GGUF.getFileName().toString(),
                MedTsLlmModel.sha256(Stories260K.GGUF),
                model.parameterCount(),
                model.weightsFileName(),
                List.of(100),
                List.of(208),
                10,
                "test",
                1,
                1,
                1,
                "epochs",
                1,
                List.of(),
                null,
                0,
                null,
                anomaly);
    }

    private static MedTsLlmMetadata withTask(MedTsLlmMetadata metadata, String task) {
        return new MedTsLlmMetadata(
                task,
                metadata.model(),
                metadata.medstreamVersion(),
                metadata.classes(),
                metadata.samplingFrequencyHz(),
                metadata.network(),
                metadata.trainingStepSamples(),
                metadata.promptParts(),
                metadata.datasetDescription(),
                metadata.taskDescription(),
                metadata.backboneFile(),
                metadata.backboneSha256(),
                metadata.parameterCount(),
                metadata.weightsFile(),
                metadata.trainingRecords(),
                metadata.validationRecords(),
                metadata.trainingWindows(),
                metadata.command(),
                metadata.seed(),
                metadata.epochsRequested(),
                metadata.epochsRun(),
                metadata.stopReason(),
                metadata.trainingSeconds(),
                metadata.epochs(),
                metadata.validation(),
                metadata.skippedBatches(),
                metadata.boundary(),
                null);
    }

    private static Map<String, float[]> values(ParameterList parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : parameters) {
            values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
