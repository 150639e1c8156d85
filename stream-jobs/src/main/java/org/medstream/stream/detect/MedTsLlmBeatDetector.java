package org.medstream.stream.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.ingest.validate.FrequencyRange;
import org.medstream.model.medtsllm.BoundaryStream;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.ResamplingFilters;

/**
 * Beat detector that runs a MedTsLLM beats model (trained by {@code medstream train --model
 * medtsllm --task beats}) over one ECG lead: a {@link BoundaryStream} resamples the lead to the
 * model's 125 Hz, runs windows of the model's length half a window apart and picks the beats from
 * the stitched probability with the spacing and threshold of training. The model does not classify
 * beats, so every beat is reported as Q.
 *
 * <p>Missing samples (NaN) are replaced by the last finite value. The model is read from its
 * directory on first use in each task, so every task manager must be able to read it and its
 * backbone file, and released when the operator closes.
 */
public final class MedTsLlmBeatDetector implements BeatDetector<MedTsLlmBeatState> {
    private static final long serialVersionUID = 1L;

    /** Name of this detector, also the extension of the files {@code annotate} writes. */
    public static final String NAME = "medtsllm";

    /** Change below which two samples count as a flat line, in mV. */
    private static final double FLAT_TOLERANCE_MV = 1e-6;

    /** Flat or missing time after which the lead counts as absent. */
    private static final double NO_SIGNAL_SECONDS = 1.0;

    private final String modelDirectory;
    private final String version;
    private final double maxDelaySeconds;

    private transient MedTsLlmBoundaryModel model;

    private transient ResamplingFilters filters;

    /**
     * Creates the detector for the MedTsLLM beats model in {@code modelDirectory}, loading it once
     * here so that a missing or broken model fails when the job is built. Each task loads its own
     * copy on first use and releases it in {@link #close}.
     *
     * @throws IllegalArgumentException when the directory contains no one-channel beats model
     */
    public MedTsLlmBeatDetector(Path modelDirectory) {
        this.modelDirectory = modelDirectory.toString();
        try (MedTsLlmBoundaryModel loaded = load(this.modelDirectory)) {
            this.version = loaded.medstreamVersion();
            // The model's delay (windows and beat decision) plus the resampler's delay at the
            // slowest ECG rate the job accepts.
            int slowestHz = (int) FrequencyRange.ECG.minHz();
            int modelHz = (int) Math.round(loaded.samplingFrequencyHz());
            double resamplerSeconds =
                    ResamplingFilter.design(slowestHz, modelHz).delayInputSamples()
                            / (double) slowestHz;
            this.maxDelaySeconds = loaded.delayMillis() / 1000.0 + resamplerSeconds;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Class<MedTsLlmBeatState> stateClass() {
        return MedTsLlmBeatState.class;
    }

    @Override
    public MedTsLlmBeatState createState(double samplingFrequencyHz) {
        filter(samplingFrequencyHz);
        MedTsLlmBeatState state = new MedTsLlmBeatState();
        state.samplingFrequencyHz = samplingFrequencyHz;
        return state;
    }

    @Override
    public void process(
            MedTsLlmBeatState state,
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            BeatListener listener) {
        if (count == 0) {
            return;
        }
        if (state.boundaries == null) {
            state.boundaries = BoundaryStream.newState(firstSampleIndex);
        }
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            boolean flat =
                    !Float.isFinite(value)
                            || (state.inputSamples + i > 0
                                    && Math.abs(value - state.lastValue) < FLAT_TOLERANCE_MV);
            state.flatRunSamples = flat ? state.flatRunSamples + 1 : 0;
            if (Float.isFinite(value)) {
                state.lastValue = value;
            }
            input[i] = state.lastValue;
        }
        state.inputSamples += count;
        BoundaryStream stream = stream(state);
        stream.feed(new double[][] {input}, count, (modelSample, index) -> emit(index, listener));
        stream.save();
    }

    @Override
    public void finish(MedTsLlmBeatState state, BeatListener listener) {
        if (state.boundaries == null) {
            return;
        }
        BoundaryStream stream = stream(state);
        stream.finish((modelSample, index) -> emit(index, listener));
        stream.save();
    }

    private static void emit(long index, BeatListener listener) {
        listener.onBeat(index, 'Q');
    }

    /**
     * Returns whether the lead has been missing or flat for at least 1 s, as the classic detector
     * reports it: the model then finds no beats, which is no evidence of asystole.
     */
    @Override
    public boolean isSignalAbsent(MedTsLlmBeatState state) {
        return state.flatRunSamples >= NO_SIGNAL_SECONDS * state.samplingFrequencyHz;
    }

    @Override
    public long signalAbsentSamples(MedTsLlmBeatState state) {
        return state.flatRunSamples;
    }

    @Override
    public long reportedThroughIndex(MedTsLlmBeatState state) {
        if (state.boundaries == null) {
            return Long.MIN_VALUE;
        }
        BoundaryStream stream = stream(state);
        long reported = stream.reportedThrough();
        return reported > 0 ? stream.streamIndexOf(reported - 1) : Long.MIN_VALUE;
    }

    @Override
    public double maxDelaySeconds() {
        return maxDelaySeconds;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }

    private BoundaryStream stream(MedTsLlmBeatState state) {
        return new BoundaryStream(model(), filter(state.samplingFrequencyHz), state.boundaries);
    }

    private MedTsLlmBoundaryModel model() {
        if (model == null) {
            model = load(modelDirectory);
        }
        return model;
    }

    /** Returns the filter to the model's rate, or null at the model's rate. */
    private ResamplingFilter filter(double samplingFrequencyHz) {
        if (filters == null) {
            filters = new ResamplingFilters((int) Math.round(model().samplingFrequencyHz()));
        }
        return filters.toModel(samplingFrequencyHz);
    }

    private static MedTsLlmBoundaryModel load(String modelDirectory) {
        MedTsLlmBoundaryModel loaded;
        try {
            loaded = MedTsLlmBoundaryModel.load(Path.of(modelDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot load the MedTsLLM beats model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage(),
                    e);
        }
        if (!"beats".equals(loaded.task()) || loaded.channels().size() != 1) {
            String task = loaded.task();
            List<String> channels = loaded.channels();
            loaded.close();
            throw new IllegalArgumentException(
                    "The model in "
                            + modelDirectory
                            + " is a MedTsLLM '"
                            + task
                            + "' model of channels "
                            + channels
                            + "; the medtsllm beat detector needs a 'beats' model of one lead");
        }
        return loaded;
    }
}
