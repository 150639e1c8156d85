package org.medstream.model.serve.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.PrefixCache;
import org.medstream.model.medtsllm.PrefixCaches;
import org.medstream.model.medtsllm.WindowBatch;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.WaveResamplingFilters;
import org.medstream.model.serve.inference.WaveWindowOutput;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.inference.WindowResultBuilder;
import org.medstream.model.waves.ResampledDelineation;
import org.medstream.schemas.PatientContext;

/**
 * One worker's MedTsLLM predictor, owning its own {@link MedTsLlmModel} because DJL models and
 * their arrays are not thread-safe.
 *
 * <p>Every lead of every window of a batch is cut into model windows ({@link WindowTiling}). The
 * model windows are grouped by their prompt prefix (the patient JSON differs between patients), and
 * each group runs as one DJL batch: the prefix through the backbone once ({@link PrefixCache}, kept
 * for later batches by {@link PrefixCaches}), then the window parts and patch tokens of the whole
 * group. A group larger than the maximum per forward pass ({@link #MAX_GPU_FORWARD_WINDOWS}, {@link
 * #MAX_CPU_FORWARD_WINDOWS}) runs in batches of that size. The most likely class per sample is
 * stitched back per lead and goes through {@link WaveWindowOutput}, as the LMU wave model's labels
 * do.
 *
 * <p>A window at another whole number of Hz than the model's is first resampled to the model's rate
 * ({@link ResampledDelineation#toModelRate}); the model labels the resampled leads, the wave
 * assemblers run at the model's rate, and labels and waves are mapped back to the window's samples
 * by the same {@link ResampledDelineation} as the LMU wave model and the Flink wave operator use.
 */
final class MedTsLlmPredictor implements WindowPredictor {
    /**
     * Largest number of model windows in one forward pass on a GPU, which bounds the memory of the
     * backbone's activations (batch × (prompt + 64 patches) × d_llm floats per layer).
     *
     * <p>NOTE: sized for stories260K (d_llm 64) and never run on a GPU; a wide backbone on a small
     * GPU may need fewer.
     */
    static final int MAX_GPU_FORWARD_WINDOWS = 64;

    /**
     * Largest number of model windows in one forward pass on the CPU, {@link
     * MedTsLlmModel#INFERENCE_BATCH}. On the 2-core build machine with one PyTorch thread, 12
     * windows per pass ran at 8.3 windows/s and 48 at 5.1 (docs/benchmarks.md, "Model server"), so
     * larger CPU batches only cost memory.
     */
    static final int MAX_CPU_FORWARD_WINDOWS = MedTsLlmModel.INFERENCE_BATCH;

    private final MedTsLlmModel model;
    private final MedTsLlmMetadata metadata;
    private final int maxForwardWindows;
    private final WaveResamplingFilters filters;

    MedTsLlmPredictor(
            MedTsLlmModel model,
            MedTsLlmMetadata metadata,
            int maxForwardWindows,
            WaveResamplingFilters filters) {
        this.model = model;
        this.metadata = metadata;
        this.maxForwardWindows = maxForwardWindows;
        this.filters = filters;
    }

    /** One model window: a stretch of one lead of one request window. */
    private record Segment(int window, int lead, int tile, float[] samples) {}

    @Override
    public List<WindowResult> predict(List<Window> windows) throws InvalidRequestException {
        int windowSamples = metadata.network().windowLength();
        List<WindowTiling> tilings = new ArrayList<>();
        List<ResamplingFilter> windowFilters = new ArrayList<>();
        List<float[][]> modelRate = new ArrayList<>();
        Map<String, List<Segment>> groups = new LinkedHashMap<>();
        Map<String, PatientContext> patients = new LinkedHashMap<>();
        for (int w = 0; w < windows.size(); w++) {
            Window window = windows.get(w);
            ResamplingFilter filter =
                    filters.toModel(
                            window.samplingFrequencyHz(), "windows[" + w + "].samplingFrequencyHz");
            windowFilters.add(filter);
            float[][] leads = ResampledDelineation.toModelRate(filter, window.samples());
            modelRate.add(leads);
            int length = leads.length == 0 ? 0 : leads[0].length;
            WindowTiling tiling =
                    WindowTiling.of(length, windowSamples, metadata.trainingStepSamples());
            tilings.add(tiling);
            PatientContext patient =
                    PatientFields.parse(
                            window.patient(), window.streamId(), "windows[" + w + "].patient");
            String prefix = model.prompt().prefixText(patient);
            patients.putIfAbsent(prefix, patient);
            List<Segment> group = groups.computeIfAbsent(prefix, key -> new ArrayList<>());
            for (int lead = 0; lead < leads.length; lead++) {
                for (int tile = 0; tile < tiling.count(); tile++) {
                    int start = tiling.starts()[tile];
                    float[] samples = new float[windowSamples];
                    System.arraycopy(leads[lead], start, samples, 0, windowSamples);
                    group.add(new Segment(w, lead, tile, samples));
                }
            }
        }

        int[][][] labels = new int[windows.size()][][];
        for (int w = 0; w < windows.size(); w++) {
            float[][] leads = modelRate.get(w);
            labels[w] = new int[leads.length][leads.length == 0 ? 0 : leads[0].length];
        }
        for (Map.Entry<String, List<Segment>> group : groups.entrySet()) {
            run(group.getValue(), patients.get(group.getKey()), tilings, labels);
        }

        List<WindowResult> results = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            results.add(result(windows.get(w), windowFilters.get(w), labels[w]));
        }
        return results;
    }

    /** Runs the model windows of one prompt prefix and writes their owned labels. */
    private void run(
            List<Segment> segments,
            PatientContext patient,
            List<WindowTiling> tilings,
            int[][][] labels) {
        PrefixCaches prefixes = model.prefixCaches();
        PrefixCache prefix = prefixes.get(model.prompt().prefixIds(model.tokenizer(), patient));
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int from = 0; from < segments.size(); from += maxForwardWindows) {
                List<Segment> batch =
                        segments.subList(from, Math.min(segments.size(), from + maxForwardWindows));
                try (NDManager step = manager.newSubManager()) {
                    List<float[]> samples = new ArrayList<>(batch.size());
                    List<int[]> windowIds = new ArrayList<>(batch.size());
                    for (Segment segment : batch) {
                        samples.add(segment.samples());
                        windowIds.add(
                                model.prompt().windowIds(model.tokenizer(), segment.samples()));
                    }
                    NDList inputs = WindowBatch.of(step, samples, windowIds);
                    NDArray logits =
                            model.network()
                                    .forwardAfterPrefix(
                                            store,
                                            inputs.get(0),
                                            inputs.get(1),
                                            inputs.get(2),
                                            prefix.forBatch(batch.size(), store),
                                            false);
                    writeLabels(batch, logits.toFloatArray(), tilings, labels);
                }
            }
        } finally {
            prefixes.release();
        }
    }

    /**
     * Writes the most likely class of each sample that a model window owns, from logits laid out
     * [segment][class][sample].
     */
    private void writeLabels(
            List<Segment> batch, float[] logits, List<WindowTiling> tilings, int[][][] labels) {
        int classes = metadata.network().classes();
        int length = metadata.network().windowLength();
        for (int b = 0; b < batch.size(); b++) {
            Segment segment = batch.get(b);
            WindowTiling tiling = tilings.get(segment.window());
            int start = tiling.starts()[segment.tile()];
            int[] lead = labels[segment.window()][segment.lead()];
            int base = b * classes * length;
            for (int sample = tiling.ownedFrom()[segment.tile()];
                    sample < tiling.ownedTo()[segment.tile()];
                    sample++) {
                int t = sample - start;
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[base + c * length + t] > logits[base + best * length + t]) {
                        best = c;
                    }
                }
                lead[sample] = best;
            }
        }
    }

    /**
     * Assembles the waves of each lead from its model-rate labels and maps labels and waves to the
     * window's samples, through the same resampling as the labels came from.
     */
    private WindowResult result(Window window, ResamplingFilter filter, int[][] labels) {
        int leads = window.leads().size();
        int[] modelLeads = new int[leads];
        double[][] samples = new double[leads][window.length()];
        for (int lead = 0; lead < leads; lead++) {
            modelLeads[lead] = lead;
            float[] values = window.samples()[lead];
            for (int i = 0; i < values.length; i++) {
                samples[lead][i] = values[i];
            }
        }
        ResampledDelineation delineation =
                new ResampledDelineation(
                        filter,
                        new LabelReplay(labels, metadata.samplingFrequencyHz()),
                        modelLeads,
                        leads);
        WindowResultBuilder result = new WindowResultBuilder(window);
        WaveWindowOutput output = new WaveWindowOutput(window.leads(), metadata.classes(), result);
        delineation.accept(samples, window.length(), output);
        delineation.finish(output);
        output.finish();
        return result.build();
    }

    @Override
    public void close() {
        model.close();
    }
}
