package org.medstream.model.medtsllm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;

/**
 * Finds anomalous spans in a whole lead with a MedTsLLM anomaly model: the lead is resampled to the
 * model's rate, reconstructed window by window, and each sample's squared error divided by the
 * training mean is its score. Spans are formed at the lead's own rate by the {@link
 * AnomalySpanAssembler} that the LMU anomaly model uses, so both families' spans follow the same
 * merge and minimum-length rules.
 *
 * <p>The assembler takes scores in (0, 1] with its threshold of 0.5, so a normalised error e is
 * passed as e / (e + τ), where τ is the model's threshold: a sample is anomalous exactly when e ≥
 * τ.
 *
 * <p>The model reads the whole lead before it reports, so this runs on recordings, not on streams.
 */
public final class MedTsLlmAnomalyDetector implements AutoCloseable {
    private final MedTsLlmModel model;
    private final MedTsLlmMetadata metadata;

    private MedTsLlmAnomalyDetector(MedTsLlmModel model, MedTsLlmMetadata metadata) {
        this.model = model;
        this.metadata = metadata;
    }

    /**
     * Loads the model in {@code directory}, with the backbone found as {@link
     * MedTsLlmModel#locateBackbone} finds it.
     *
     * @throws IOException when the model or backbone cannot be read
     * @throws IllegalArgumentException when the directory contains a model of another task
     */
    public static MedTsLlmAnomalyDetector load(Path directory) throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        if (!HeadKind.ANOMALY_TASK.equals(metadata.task()) || metadata.anomaly() == null) {
            throw new IllegalArgumentException(
                    "The model in "
                            + directory
                            + " is a MedTsLLM '"
                            + metadata.task()
                            + "' model; anomaly detection needs one trained with 'medstream train"
                            + " --model medtsllm --task anomalies'");
        }
        if (!(metadata.anomaly().threshold() > 0)) {
            throw new IllegalArgumentException(
                    "The model in "
                            + directory
                            + " has anomaly threshold "
                            + metadata.anomaly().threshold()
                            + "; expected a value above 0");
        }
        Path backbone = MedTsLlmModel.locateBackbone(directory, metadata);
        return new MedTsLlmAnomalyDetector(MedTsLlmModel.load(directory, backbone), metadata);
    }

    public MedTsLlmMetadata metadata() {
        return metadata;
    }

    /**
     * Returns per sample of the lead at the model's rate its squared error divided by the training
     * mean.
     */
    public float[] scores(float[] signal) {
        float[] errors = ReconstructionErrors.squared(model, signal);
        double mean = metadata.anomaly().meanSquaredError();
        float[] scores = new float[errors.length];
        for (int t = 0; t < errors.length; t++) {
            scores[t] = (float) (errors[t] / mean);
        }
        return scores;
    }

    /**
     * Returns the anomalous spans of one lead, as [start, end) sample indices of the lead at {@code
     * samplingFrequencyHz}.
     *
     * @param physical the lead in mV; NaN samples are replaced by the last valid one
     * @throws IllegalArgumentException when the resampler cannot convert the rate or the lead is
     *     shorter than one window at the model's rate
     */
    public List<AnomalySpan> detect(double[] physical, int samplingFrequencyHz) {
        int modelHz = (int) Math.round(metadata.samplingFrequencyHz());
        ResampledLead lead = ResampledLead.of(physical, samplingFrequencyHz, modelHz);
        float[] scores = scores(lead.signal());
        double threshold = metadata.anomaly().threshold();

        AnomalySpanAssembler assembler =
                new AnomalySpanAssembler(
                        samplingFrequencyHz, AnomalySpanAssembler.DEFAULT_THRESHOLD);
        List<AnomalySpan> spans = new ArrayList<>();
        for (long s = 0; s < lead.inputLength(); s++) {
            long index = Math.max(0, Math.min(scores.length - 1, lead.outputIndexOf(s)));
            double score = scores[(int) index];
            assembler.accept(score / (score + threshold), spans::add);
        }
        assembler.finish(spans::add);
        return spans;
    }

    @Override
    public void close() {
        model.close();
    }
}
