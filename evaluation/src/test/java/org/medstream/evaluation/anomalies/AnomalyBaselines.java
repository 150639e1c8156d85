package org.medstream.evaluation.anomalies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbHeader;

/**
 * Scores of spans that ignore the signal, so that a model's anomaly scores can be read against what
 * point adjustment gives for free: every span of the model's {@code <record>.anomaly} keeps its
 * length but moves to a uniformly random start, ten times (seeds 1 to 10), and the mean scores are
 * printed beside the model's own. The moved spans flag about as many samples as the model's.
 *
 * <p>Run from the repository root with the CLI jar:
 *
 * <pre>
 * java -cp cli/target/medstream.jar:evaluation/target/test-classes \
 *   org.medstream.evaluation.anomalies.AnomalyBaselines TEST_DIR data/mitdb/118 data/mitdb/208
 * </pre>
 */
public final class AnomalyBaselines {
    private static final int SEEDS = 10;

    private AnomalyBaselines() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: AnomalyBaselines TEST_DIR RECORD...");
            System.exit(2);
        }
        Path testDirectory = Path.of(args[0]);
        PointAdjustedEvaluator pointAdjusted = new PointAdjustedEvaluator();
        BeatLevelEvaluator beatLevel = new BeatLevelEvaluator();
        List<AnomalyCounts> model = new ArrayList<>();
        List<BeatLevelCounts> modelBeats = new ArrayList<>();
        List<List<AnomalyCounts>> random = new ArrayList<>();
        List<List<BeatLevelCounts>> randomBeats = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            random.add(new ArrayList<>());
            randomBeats.add(new ArrayList<>());
        }
        for (int i = 1; i < args.length; i++) {
            Path record = Path.of(args[i]);
            String name = record.getFileName().toString();
            WfdbHeader header = WfdbHeader.read(record.resolveSibling(name + ".hea"));
            int length = (int) header.frameCount().orElseThrow();
            double fs = header.samplingFrequency();
            List<BeatAnnotation> beats =
                    WfdbBeatAnnotations.read(record.resolveSibling(name + ".atr"));
            boolean[] reference = AnomalyReference.anomalous(beats, length, fs);
            Path test = testDirectory.resolve(name + ".anomaly");
            boolean[] predicted =
                    AnomalySpans.predicted(WfdbAnnotations.read(test), length, test.toString());
            model.add(pointAdjusted.score(name, reference, predicted));
            modelBeats.add(beatLevel.score(name, beats, predicted, fs));
            for (int seed = 1; seed <= SEEDS; seed++) {
                boolean[] moved = moved(predicted, new Random(seed));
                random.get(seed - 1).add(pointAdjusted.score(name, reference, moved));
                randomBeats.get(seed - 1).add(beatLevel.score(name, beats, moved, fs));
            }
        }
        print("model", pointAdjusted.total(model).total(), last(beatLevel.withTotal(modelBeats)));
        double[] sums = new double[4];
        for (int seed = 0; seed < SEEDS; seed++) {
            AnomalyCounts total = pointAdjusted.total(random.get(seed)).total();
            BeatLevelCounts beatTotal = last(beatLevel.withTotal(randomBeats.get(seed)));
            sums[0] += total.f1();
            sums[1] += total.auroc();
            sums[2] += beatTotal.ventricularSensitivity();
            sums[3] += beatTotal.positivePredictivity();
        }
        System.out.printf(
                Locale.ROOT,
                "moved spans, mean of %d seeds: F1 %.2f, AUROC %.2f, VEB Se %.2f, +P %.2f%n",
                SEEDS,
                sums[0] / SEEDS,
                sums[1] / SEEDS,
                sums[2] / SEEDS,
                sums[3] / SEEDS);
    }

    /** Returns the predicted spans, each moved to a random start with its length kept. */
    private static boolean[] moved(boolean[] predicted, Random random) {
        boolean[] moved = new boolean[predicted.length];
        int t = 0;
        while (t < predicted.length) {
            if (!predicted[t]) {
                t++;
                continue;
            }
            int start = t;
            while (t < predicted.length && predicted[t]) {
                t++;
            }
            int length = t - start;
            int newStart = random.nextInt(predicted.length - length + 1);
            for (int s = newStart; s < newStart + length; s++) {
                moved[s] = true;
            }
        }
        return moved;
    }

    private static BeatLevelCounts last(List<BeatLevelCounts> rows) {
        return rows.get(rows.size() - 1);
    }

    private static void print(String what, AnomalyCounts total, BeatLevelCounts beats) {
        System.out.printf(
                Locale.ROOT,
                "%s: F1 %.2f, AUROC %.2f, VEB Se %.2f, +P %.2f, %d predicted samples%n",
                what,
                total.f1(),
                total.auroc(),
                beats.ventricularSensitivity(),
                beats.positivePredictivity(),
                total.truePositives() + total.falsePositives());
    }
}
