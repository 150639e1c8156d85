package org.medstream.model.medtsllm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.waves.WaveModel;
import org.medstream.model.waves.WaveRules;
import org.medstream.model.waves.WindowedDelineator;
import org.medstream.schemas.PatientContext;

/**
 * A MedTsLLM wave model loaded for the streaming path: every lead of a stream is cut into windows
 * of the model's length, one training step apart, and {@link WindowedDelineator} stitches their
 * labels into waves. The windows of all leads of one step run as one batch, with the prompt prefix
 * computed once for the batch.
 *
 * <p>The model was trained on each LUDB lead on its own, so it takes any of the twelve leads. The
 * prompt's patient part, when on, describes the patient given to {@link #newDelineator(WaveRules,
 * boolean[], PatientContext)}, or reads as unknown without one.
 *
 * <p>Not thread-safe: DJL's arrays and the backbone's caches belong to one caller at a time. Keep
 * one instance per operator instance and {@link #close} it.
 */
public final class MedTsLlmWaveModel implements WaveModel {
    /** Leads a stream may carry: the twelve LUDB leads the model was trained on. */
    public static final List<String> LEADS = LudbReader.LEADS;

    private final MedTsLlmModel model;
    private final MedTsLlmMetadata metadata;

    private MedTsLlmWaveModel(MedTsLlmModel model, MedTsLlmMetadata metadata) {
        this.model = model;
        this.metadata = metadata;
    }

    /**
     * Loads the model in {@code directory} with its backbone, found as {@link
     * MedTsLlmModel#locateBackbone} describes.
     *
     * @throws IOException when the model or its backbone cannot be read, or it is not a wave model
     */
    public static MedTsLlmWaveModel load(Path directory) throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        if (!"waves".equals(metadata.task())) {
            throw new IOException(
                    "The MedTsLLM model in "
                            + directory
                            + " is trained for task '"
                            + metadata.task()
                            + "', not waves; give a model trained with --task waves");
        }
        MedTsLlmModel model =
                MedTsLlmModel.load(directory, MedTsLlmModel.locateBackbone(directory, metadata));
        return new MedTsLlmWaveModel(model, metadata);
    }

    @Override
    public String family() {
        return metadata.model();
    }

    @Override
    public String medstreamVersion() {
        return metadata.medstreamVersion();
    }

    @Override
    public String task() {
        return metadata.task();
    }

    @Override
    public List<String> leads() {
        return LEADS;
    }

    @Override
    public double samplingFrequencyHz() {
        return metadata.samplingFrequencyHz();
    }

    @Override
    public double delayMillis() {
        int window = metadata.network().windowLength();
        return WindowedDelineator.delaySamples(window, metadata.trainingStepSamples())
                * 1000.0
                / metadata.samplingFrequencyHz();
    }

    @Override
    public WindowedDelineator newDelineator(WaveRules rules, boolean[] present) {
        return newDelineator(rules, present, null);
    }

    @Override
    public WindowedDelineator newDelineator(
            WaveRules rules, boolean[] present, PatientContext patient) {
        return new WindowedDelineator(
                windows -> label(windows, patient),
                metadata.network().windowLength(),
                metadata.trainingStepSamples(),
                rules,
                metadata.samplingFrequencyHz(),
                present);
    }

    /** Returns the most likely class of every sample of every window of {@code patient}. */
    private int[][] label(List<float[]> windows, PatientContext patient) {
        List<float[][]> logits = model.logits(windows, patient, true);
        int[][] labels = new int[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            float[][] classes = logits.get(w);
            int length = classes[0].length;
            labels[w] = new int[length];
            for (int t = 0; t < length; t++) {
                int best = 0;
                for (int c = 1; c < classes.length; c++) {
                    if (classes[c][t] > classes[best][t]) {
                        best = c;
                    }
                }
                labels[w][t] = best;
            }
        }
        return labels;
    }

    @Override
    public void close() {
        model.close();
    }
}
