package org.medstream.model.medtsllm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.BoundaryScorer;
import org.medstream.model.medtsllm.BoundaryScores;

/**
 * Scores of two predictions that ignore the signal, on the report spans of the boundary tasks, so
 * that a model's segment mIoU and boundary MAE can be read against the floor of the metrics:
 *
 * <ul>
 *   <li>a grid: a boundary every median training segment length from the span's start;
 *   <li>noise: uniform random probabilities (seed 1) through {@link BoundaryPeaks#pick} with the
 *       training minimum spacing and no threshold, as an untrained model with a flat output would
 *       give.
 * </ul>
 *
 * <p>Splits as the trainer's defaults: MIT-BIH 100, 103, 105, 106, 108 against 118 and 208, BIDMC
 * record 01 0–240 s against 300–480 s. Run from the repository root with the CLI jar:
 *
 * <pre>
 * java -cp cli/target/medstream.jar:model-serving/target/test-classes \
 *   org.medstream.model.medtsllm.train.BoundaryBaselines data/mitdb BIDMC_FOLDER
 * </pre>
 *
 * The BIDMC folder must hold the whole record 01, because the bundled copy ends at 300 s.
 */
public final class BoundaryBaselines {
    private BoundaryBaselines() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: BoundaryBaselines MITDB_FOLDER BIDMC_FOLDER");
            System.exit(2);
        }
        Path mitdb = Path.of(args[0]);
        Path bidmc = Path.of(args[1]);

        List<BoundaryRecord> beatsTraining = new ArrayList<>();
        for (int number : new int[] {100, 103, 105, 106, 108}) {
            beatsTraining.add(BoundaryRecords.mitBih(mitdb, number));
        }
        List<BoundaryRecord> beatsReport = new ArrayList<>();
        for (int number : new int[] {118, 208}) {
            beatsReport.add(BoundaryRecords.mitBih(mitdb, number));
        }
        print("beats", beatsTraining, beatsReport);
        print(
                "breaths",
                List.of(BoundaryRecords.bidmc(bidmc, 1, 0, 240)),
                List.of(BoundaryRecords.bidmc(bidmc, 1, 300, 480)));
    }

    private static void print(
            String task, List<BoundaryRecord> training, List<BoundaryRecord> report) {
        List<int[]> trainingBoundaries = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (BoundaryRecord record : training) {
            int[] boundaries = record.boundariesInSpan();
            trainingBoundaries.add(boundaries);
            for (int i = 1; i < boundaries.length; i++) {
                lengths.add(boundaries[i] - boundaries[i - 1]);
            }
        }
        Collections.sort(lengths);
        int spacing = BoundaryPeaks.minimumSpacing(trainingBoundaries);
        int median = lengths.get(lengths.size() / 2);

        BoundaryScorer grid = new BoundaryScorer();
        BoundaryScorer noise = new BoundaryScorer();
        Random random = new Random(1);
        for (BoundaryRecord record : report) {
            int[] reference = record.boundariesInSpan();
            int count = (record.to() - record.from() + median - 1) / median;
            int[] gridBoundaries = new int[count];
            for (int i = 0; i < count; i++) {
                gridBoundaries[i] = record.from() + i * median;
            }
            grid.add(reference, gridBoundaries, record.from(), record.to());

            float[] probability = new float[record.to() - record.from()];
            for (int t = 0; t < probability.length; t++) {
                probability[t] = random.nextFloat();
            }
            int[] picked = BoundaryPeaks.pick(probability, spacing, 0);
            for (int i = 0; i < picked.length; i++) {
                picked[i] += record.from();
            }
            noise.add(reference, picked, record.from(), record.to());
        }
        System.out.printf(
                Locale.ROOT,
                "%s: minimum spacing %d, median segment %d samples%n",
                task,
                spacing,
                median);
        System.out.println("  grid:  " + format(grid.scores()));
        System.out.println("  noise: " + format(noise.scores()));
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
