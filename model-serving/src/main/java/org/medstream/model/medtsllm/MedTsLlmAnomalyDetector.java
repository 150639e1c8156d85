package org.medstream.model.medtsllm;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.windows.WindowTiler;

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
 * <p>{@link #detect} reads the whole lead before it reports, for recordings. On streams, the job's
 * anomaly operator runs {@link #windowScores} over windows half a window apart ({@link
 * org.medstream.model.windows.WindowedStream}) and forms the spans at the model's rate.
 */
public final class MedTsLlmAnomalyDetector implements StreamingModel {
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
        check(directory, metadata);
        return load(directory, MedTsLlmModel.locateBackbone(directory, metadata), null);
    }

    /**
     * Loads the model in {@code directory} as {@link #load(Path)} does, with the backbone at {@code
     * backboneFile}, on {@code device} or on DJL's default devices when it is null.
     */
    public static MedTsLlmAnomalyDetector load(Path directory, Path backboneFile, Device device)
            throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        check(directory, metadata);
        return new MedTsLlmAnomalyDetector(
                MedTsLlmModel.load(directory, backboneFile, device), metadata);
    }

    /**
     * Checks that {@code metadata} describes an anomaly model with a positive threshold.
     *
     * @throws IllegalArgumentException naming the directory when it does not
     */
    private static void check(Path directory, MedTsLlmMetadata metadata) {
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
    }

    public MedTsLlmMetadata metadata() {
        return metadata;
    }

    /** Returns the underlying model, for its prefix caches. */
    public MedTsLlmModel model() {
        return model;
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
    public double samplingFrequencyHz() {
        return metadata.samplingFrequencyHz();
    }

    /** Samples per window, W. */
    public int windowLength() {
        return metadata.network().windowLength();
    }

    /** Samples between window starts on streams: half a window. */
    public int step() {
        return windowLength() / 2;
    }

    /** Returns the delay of the streaming windows ({@link WindowTiler}). */
    @Override
    public double delayMillis() {
        return WindowTiler.delaySamples(windowLength(), step()) * 1000.0 / samplingFrequencyHz();
    }

    /** Returns the model's threshold τ on the normalised error. */
    public double threshold() {
        return metadata.anomaly().threshold();
    }

    /**
     * Returns per sample of one window at the model's rate its squared error divided by the
     * training mean, as {@link #scores} does for a whole lead.
     */
    public float[] windowScores(float[] window) {
        float[] errors = ReconstructionErrors.windowErrors(model, List.of(window)).get(0);
        return normalised(errors);
    }

    /**
     * Returns a normalised error e as the score the span assembler takes, e / (e + τ), which
     * reaches its threshold of 0.5 exactly when e ≥ τ.
     */
    public double assemblerScore(double error) {
        return error / (error + threshold());
    }

    /**
     * Returns per sample of the lead at the model's rate its squared error divided by the training
     * mean.
     */
    public float[] scores(float[] signal) {
        return normalised(ReconstructionErrors.squared(model, signal));
    }

    private float[] normalised(float[] errors) {
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

        AnomalySpanAssembler assembler =
                new AnomalySpanAssembler(
                        samplingFrequencyHz, AnomalySpanAssembler.DEFAULT_THRESHOLD);
        List<AnomalySpan> spans = new ArrayList<>();
        for (long s = 0; s < lead.inputLength(); s++) {
            long index = Math.max(0, Math.min(scores.length - 1, lead.outputIndexOf(s)));
            double score = scores[(int) index];
            assembler.accept(assemblerScore(score), spans::add);
        }
        assembler.finish(spans::add);
        return spans;
    }

    @Override
    public void close() {
        model.close();
    }
}
