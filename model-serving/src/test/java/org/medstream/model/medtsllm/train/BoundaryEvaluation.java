package org.medstream.model.medtsllm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.model.medtsllm.BoundaryMetadata;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.BoundaryScorer;
import org.medstream.model.medtsllm.BoundaryScores;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.train.TimeSplit;

/**
 * Scores a trained boundary model on its validation spans, record by record and pooled, with the
 * threshold and minimum spacing of its {@code model.json} or with another spacing. Training prints
 * the pooled scores already. This breaks them down by record and shows how much the spacing limits
 * them.
 *
 * <p>Run from the repository root with the CLI jar:
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
 *   -cp cli/target/medstream.jar:model-serving/target/test-classes \
 *   org.medstream.model.medtsllm.train.BoundaryEvaluation MODEL_DIR DATA_FOLDER BACKBONE [SPACING]
 * </pre>
 */
public final class BoundaryEvaluation {
    private BoundaryEvaluation() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println(
                    "Usage: BoundaryEvaluation MODEL_DIR DATA_FOLDER BACKBONE [SPACING_SAMPLES]");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        Path data = Path.of(args[1]);
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        BoundaryMetadata boundary = metadata.boundary();
        if (boundary == null) {
            throw new IOException(
                    directory + " contains a " + metadata.task() + " model, not a boundary model");
        }
        BoundaryTask task = BoundaryTask.of(metadata.task());
        int spacing =
                args.length == 4 ? Integer.parseInt(args[3]) : boundary.minimumSpacingSamples();

        List<String> channels =
                boundary.inputChannels() == null
                        ? BoundaryRecords.defaultChannels(task)
                        : boundary.inputChannels();
        List<BoundaryRecord> records = new ArrayList<>();
        for (int number : metadata.validationRecords()) {
            TimeSplit split = boundary.split();
            records.add(
                    task == BoundaryTask.BEATS
                            ? BoundaryRecords.mitBih(data, number, channels)
                            : BoundaryRecords.bidmc(
                                    data,
                                    number,
                                    split.validationFromSeconds(),
                                    split.validationToSeconds(),
                                    channels));
        }

        System.out.printf(
                Locale.ROOT,
                "%s, minimum spacing %d samples, threshold %.2f%n",
                directory,
                spacing,
                boundary.threshold());
        BoundaryScorer pooled = new BoundaryScorer();
        BoundaryScorer pooledWithoutThreshold = new BoundaryScorer();
        try (MedTsLlmModel model = MedTsLlmModel.load(directory, Path.of(args[2]))) {
            for (BoundaryRecord record : records) {
                float[] probability = BoundaryTrainer.probabilities(model, record, task);
                int[] reference = record.boundariesInSpan();
                BoundaryScorer withThreshold = new BoundaryScorer();
                BoundaryScorer withoutThreshold = new BoundaryScorer();
                for (BoundaryScorer scorer : List.of(withThreshold, pooled)) {
                    scorer.add(
                            reference,
                            shifted(
                                    BoundaryPeaks.pick(probability, spacing, boundary.threshold()),
                                    record.from()),
                            record.from(),
                            record.to());
                }
                for (BoundaryScorer scorer : List.of(withoutThreshold, pooledWithoutThreshold)) {
                    scorer.add(
                            reference,
                            shifted(BoundaryPeaks.pick(probability, spacing, 0), record.from()),
                            record.from(),
                            record.to());
                }
                System.out.println(
                        "record "
                                + record.number()
                                + " threshold: "
                                + format(withThreshold.scores()));
                System.out.println(
                        "record "
                                + record.number()
                                + " every local maximum: "
                                + format(withoutThreshold.scores()));
            }
        }
        System.out.println("all threshold: " + format(pooled.scores()));
        System.out.println("all every local maximum: " + format(pooledWithoutThreshold.scores()));
    }

    private static int[] shifted(int[] indices, int offset) {
        int[] result = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            result[i] = indices[i] + offset;
        }
        return result;
    }

    private static String format(BoundaryScores scores) {
        return String.format(
                Locale.ROOT,
                "mIoU %.4f, MAE %.2f samples (%d reference, %d predicted boundaries)",
                scores.meanIou(),
                scores.meanAbsoluteError(),
                scores.referenceBoundaries(),
                scores.predictedBoundaries());
    }
}
