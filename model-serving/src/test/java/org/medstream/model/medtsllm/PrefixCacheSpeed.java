package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.LabelledWindow;
import org.medstream.model.medtsllm.train.LudbPatients;
import org.medstream.model.medtsllm.train.MedTsLlmTrainer;
import org.medstream.model.medtsllm.train.WaveWindows;
import org.medstream.schemas.PatientContext;

/**
 * Inference speed of MedTsLLM with and without the prompt-prefix cache on the stories260K backbone:
 * the 84 scoring windows of bundled LUDB record 1 (12 leads; windows without annotated samples are
 * left out), in batches of {@link MedTsLlmModel#INFERENCE_BATCH}, with untrained layers. Prints the
 * median windows/s of five timed runs of each path after one warm-up run of each.
 *
 * <p>Run from the repository root after {@code mvn -o -q -pl model-serving -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test}:
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dmedstream.data.dir=data \
 *   -cp model-serving/target/test-classes:model-serving/target/classes:$(cat model-serving/target/test.classpath) \
 *   org.medstream.model.medtsllm.PrefixCacheSpeed [prompt parts]
 * </pre>
 */
public final class PrefixCacheSpeed {
    private static final int RUNS = 5;

    /** Windows per call in the step runs: one 512-sample window of each of twelve leads. */
    private static final int STEP_WINDOWS = 12;

    private PrefixCacheSpeed() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(System.getProperty("medstream.data.dir", "data"));
        Path backbone = data.resolve("../models/stories260K/stories260K.gguf");
        PromptParts parts = PromptParts.parse(args.length > 0 ? args[0] : "dataset,patient,task");
        List<LabelledWindow> windows =
                WaveWindows.scoring(new LudbReader(data.resolve("ludb")).readAll(List.of(1)), 512);
        List<float[]> inputs = new ArrayList<>();
        for (LabelledWindow window : windows) {
            inputs.add(window.input());
        }
        PatientContext patient = LudbPatients.read(data.resolve("ludb")).get(1);
        PromptBuilder prompt =
                new PromptBuilder(
                        parts,
                        MedTsLlmTrainer.DATASET_DESCRIPTION,
                        MedTsLlmTrainer.TASK_DESCRIPTION);

        try (MedTsLlmModel model =
                MedTsLlmModel.create(MedTsLlmConfig.defaults(512, 4), backbone, prompt, "speed")) {
            model.initialize();
            int prefixTokens = prompt.prefixIds(model.tokenizer(), patient).length;
            int windowTokens = prompt.windowIds(model.tokenizer(), inputs.get(0)).length;
            model.logits(inputs, patient, false);
            model.logits(inputs, patient, true);

            double[] uncached = new double[RUNS];
            double[] cached = new double[RUNS];
            double[] stepsPrefixPerStep = new double[RUNS];
            double[] stepsPrefixKept = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                uncached[run] = windowsPerSecond(model, inputs, patient, false);
                cached[run] = windowsPerSecond(model, inputs, patient, true);
                stepsPrefixPerStep[run] = stepsPerSecond(model, inputs, patient, false);
                stepsPrefixKept[run] = stepsPerSecond(model, inputs, patient, true);
            }
            System.out.printf(
                    Locale.ROOT,
                    "parts=%s prefixTokens=%d windowTokens=%d patchTokens=%d windows=%d%n"
                            + "uncached windows/s median %.1f (runs %s)%n"
                            + "cached   windows/s median %.1f (runs %s)%n"
                            + "steps of %d windows, prefix per step windows/s median %.1f (runs %s)%n"
                            + "steps of %d windows, prefix kept     windows/s median %.1f (runs %s)%n",
                    parts.names(),
                    prefixTokens,
                    windowTokens,
                    model.network().config().patchCount(),
                    inputs.size(),
                    median(uncached),
                    format(uncached),
                    median(cached),
                    format(cached),
                    STEP_WINDOWS,
                    median(stepsPrefixPerStep),
                    format(stepsPrefixPerStep),
                    STEP_WINDOWS,
                    median(stepsPrefixKept),
                    format(stepsPrefixKept));
        }
    }

    private static double windowsPerSecond(
            MedTsLlmModel model, List<float[]> inputs, PatientContext patient, boolean cache) {
        long started = System.nanoTime();
        model.logits(inputs, patient, cache);
        return inputs.size() / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * Runs the windows as the job's wave operator does, one call per step of a twelve-lead stream,
     * either through {@link MedTsLlmModel#logits}, which keeps the prefix across calls, or with a
     * prefix computed for each call, as every call did before prefixes were kept.
     */
    private static double stepsPerSecond(
            MedTsLlmModel model, List<float[]> inputs, PatientContext patient, boolean keep) {
        long started = System.nanoTime();
        for (int from = 0; from < inputs.size(); from += STEP_WINDOWS) {
            List<float[]> step = inputs.subList(from, Math.min(inputs.size(), from + STEP_WINDOWS));
            if (keep) {
                model.logits(step, patient, true);
            } else {
                forwardWithNewPrefix(model, step, patient);
            }
        }
        return inputs.size() / ((System.nanoTime() - started) / 1e9);
    }

    private static void forwardWithNewPrefix(
            MedTsLlmModel model, List<float[]> step, PatientContext patient) {
        int[] prefixIds = model.prompt().prefixIds(model.tokenizer(), patient);
        try (NDManager manager = model.model().getNDManager().newSubManager();
                PrefixCache prefix =
                        new PrefixCache(model.network().backbone(), prefixIds, manager)) {
            ParameterStore store = new ParameterStore(manager, false);
            List<int[]> ids = new ArrayList<>();
            for (float[] window : step) {
                ids.add(model.prompt().windowIds(model.tokenizer(), window));
            }
            NDList inputs = WindowBatch.of(manager, step, ids);
            model.network()
                    .forwardAfterPrefix(
                            store,
                            inputs.get(0),
                            inputs.get(1),
                            inputs.get(2),
                            prefix.forBatch(step.size(), store),
                            false)
                    .toFloatArray();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.1f", value));
        }
        return text.toString();
    }
}
