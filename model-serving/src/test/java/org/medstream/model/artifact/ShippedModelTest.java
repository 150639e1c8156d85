package org.medstream.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.ludb.WaveLabels;

/**
 * Checks the model directory in {@code models/lmu-waves}: its metadata is complete and consistent,
 * and it loads into a working model. Also checks the split recorded with {@code
 * models/lmu-breaths}. Record 1 is a training record, so the score here only shows that the weights
 * are the trained ones, not how well the model generalises.
 */
class ShippedModelTest {
    private static final Path MODEL =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "lmu-waves");

    @Test
    void metadataIsConsistent() throws IOException {
        ModelMetadata metadata = ModelMetadata.read(MODEL);

        List<Integer> overlap = new ArrayList<>(metadata.trainingRecords());
        overlap.retainAll(metadata.validationRecords());
        assertThat(overlap).isEmpty();
        assertThat(metadata.trainingRecords()).hasSize(128);
        assertThat(metadata.validationRecords()).hasSize(32);
        assertThat(metadata.epochs()).hasSize(metadata.epochsRun());
        assertThat(metadata.validation())
                .isEqualTo(metadata.epochs().get(metadata.epochsRun() - 1).validation());
        assertThat(metadata.command()).startsWith("medstream train --task waves --model lmu");
        assertThat(metadata.leads()).isEqualTo(LudbReader.LEADS);
        assertThat(metadata.network().inputChannels()).isEqualTo(12);
        assertThat(metadata.delayMillis()).isLessThanOrEqualTo(250);
        assertThat(MODEL.resolve(metadata.streamingWeightsFile())).isRegularFile();
        assertThat(metadata.delayMillis())
                .isEqualTo(metadata.delaySamples() * 1000.0 / metadata.samplingFrequencyHz());
    }

    @Test
    void breathsModelSplitInTime() throws IOException {
        ModelMetadata metadata = ModelMetadata.read(MODEL.resolveSibling("lmu-breaths"));

        assertThat(metadata.task()).isEqualTo("breaths");
        assertThat(metadata.command()).startsWith("medstream train --task breaths --model lmu");
        assertThat(metadata.leads()).containsExactly("RESP");
        assertThat(metadata.trainingRecords()).containsExactly(1);
        assertThat(metadata.timeSplit().trainingToSeconds())
                .isLessThanOrEqualTo(metadata.timeSplit().validationFromSeconds());
        assertThat(metadata.delayMillis()).isLessThanOrEqualTo(2000);
        assertThat(StreamingLmuModel.load(MODEL.resolveSibling("lmu-breaths")).network().leads())
                .isEqualTo(1);
    }

    @Test
    void streamingCostCountedByLayer() throws IOException {
        StreamingLmuModel model = StreamingLmuModel.load(MODEL);

        // L = 12 leads, C = 48, d = 32, 4 classes: 3LC + 3C² + C + d² + d + (d + 2C)C + 8C² + 4LC.
        long expected = 1728 + 6912 + 48 + 1024 + 32 + 6144 + 18432 + 2304;
        assertThat(model.network().multiplyAddsPerStep()).isEqualTo(expected);
        assertThat(model.network().newState().size()).isEqualTo(24 + 96 + 32 + 100 * 48);
    }

    @Test
    void labelsQrsOfRecordOne() throws IOException {
        LudbRecord record = new LudbReader(LudbTestData.folder()).read(1);
        WaveLabels reference = record.labels().get(1);

        int[] predicted;
        try (LmuSegmentationModel model = LmuSegmentationModel.load(MODEL)) {
            assertThat(model.parameterCount())
                    .isEqualTo(ModelMetadata.read(MODEL).parameterCount());
            predicted = model.labels(record.signals()).get(1);
        }

        int qrs = WaveClass.QRS.ordinal();
        long truePositives = 0;
        long referenceCount = 0;
        long predictedCount = 0;
        for (int t = reference.spanStart(); t <= reference.spanEnd(); t++) {
            boolean isReference = reference.labels()[t] == qrs;
            boolean isPredicted = predicted[t] == qrs;
            referenceCount += isReference ? 1 : 0;
            predictedCount += isPredicted ? 1 : 0;
            truePositives += isReference && isPredicted ? 1 : 0;
        }
        double f1 = 2.0 * truePositives / (referenceCount + predictedCount);
        assertThat(f1).isGreaterThan(0.8);
    }
}
