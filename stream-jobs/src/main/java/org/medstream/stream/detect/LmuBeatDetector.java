package org.medstream.stream.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.ingest.validate.FrequencyRange;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.beats.MitBihTrainingData;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.ResamplingFilters;
import org.medstream.model.runs.RunAssembler;

/**
 * Beat detector that runs the LMU beats model (trained by {@code medstream train --task beats})
 * sample by sample: a {@link LeadLabeller} on one lead (resampled to the model's rate when the
 * stream's rate differs) gives the network's most likely class per sample, and a {@link
 * RunAssembler} turns each run of beat labels into a beat with its AAMI class.
 *
 * <p>Beat positions map back to the stream's sample indices as {@link
 * LeadLabeller#streamIndexOf(long)} describes. Missing samples (NaN) are replaced by the last
 * finite value, because one NaN would stay in the network's state for good. The model is read from
 * its directory on first use in each task, so every task manager must be able to read it.
 */
public final class LmuBeatDetector implements BeatDetector<LmuBeatState> {
    private static final long serialVersionUID = 1L;

    /** Name of this detector in {@link org.medstream.stream.job.DetectorCatalog}. */
    public static final String NAME = "lmu";

    /** Change below which two samples count as a flat line, in mV. */
    private static final double FLAT_TOLERANCE_MV = 1e-6;

    /** Flat or missing time after which the lead counts as absent. */
    private static final double NO_SIGNAL_SECONDS = 1.0;

    private final String modelDirectory;
    private final String version;
    private final double maxDelaySeconds;

    private transient StreamingLmuModel model;

    /** Filters to the model's rate by input rate, built once per task. */
    private transient ResamplingFilters filters;

    /**
     * Creates the detector for the beats model in {@code modelDirectory}, loading it once here so
     * that a missing or broken model fails when the job is built.
     *
     * @throws IllegalArgumentException when the directory contains no beats model
     */
    public LmuBeatDetector(Path modelDirectory) {
        this.modelDirectory = modelDirectory.toString();
        StreamingLmuModel loaded = load(this.modelDirectory);
        this.version = loaded.metadata().medstreamVersion();
        // The bound adds Δ, the rest of the run after the fiducial point and the resampler's delay.
        // A predicted run can be longer than the trained one, so its rest is up to twice the half
        // width. The resampler's delay is longest at the slowest ECG rate the job accepts: 26 input
        // samples at 50 Hz, 0.52 s.
        int slowestHz = (int) FrequencyRange.ECG.minHz();
        int modelHz = (int) Math.round(loaded.metadata().samplingFrequencyHz());
        double resamplerSeconds =
                ResamplingFilter.design(slowestHz, modelHz).delayInputSamples()
                        / (double) slowestHz;
        this.maxDelaySeconds =
                loaded.metadata().delayMillis() / 1000.0
                        + 2 * MitBihTrainingData.HALF_WIDTH_SECONDS
                        + resamplerSeconds;
        this.model = loaded;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    /** Returns whether the record called {@code name} was one the model was trained on. */
    public boolean isTrainingRecord(String name) {
        for (int number : model().metadata().trainingRecords()) {
            if (Integer.toString(number).equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<LmuBeatState> stateClass() {
        return LmuBeatState.class;
    }

    @Override
    public LmuBeatState createState(double samplingFrequencyHz) {
        LmuBeatState state = new LmuBeatState();
        filter(samplingFrequencyHz);
        state.lead = LeadLabeller.newState(samplingFrequencyHz);
        state.assembler = newAssembler().state();
        return state;
    }

    @Override
    public void process(
            LmuBeatState state,
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            BeatListener listener) {
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            state.flatRunSamples =
                    flatRunAfter(
                            state.flatRunSamples,
                            state.lead.inputSamples + i == 0,
                            value,
                            state.lastValue);
            if (Float.isFinite(value)) {
                state.lastValue = value;
            }
            input[i] = state.lastValue;
        }
        Run run = new Run(state, listener);
        run.labeller.feed(input, firstSampleIndex, run::accept);
        run.save();
    }

    @Override
    public void finish(LmuBeatState state, BeatListener listener) {
        Run run = new Run(state, listener);
        run.labeller.finish(run::accept);
        run.assembler.finish(run::emit);
        run.save();
    }

    /**
     * Returns whether the lead has been missing or flat for at least 1 s, as the classic detector
     * reports it: the model then finds no beats, which is no evidence of asystole.
     */
    @Override
    public boolean isSignalAbsent(LmuBeatState state) {
        return isSignalAbsent(state.flatRunSamples, state.lead.samplingFrequencyHz);
    }

    /**
     * Returns the length of the flat or missing run after {@code value}, given the run before it
     * and the last finite sample before it. The remote beats path counts runs with it too, so that
     * lead off and the asystole hold see the same runs there.
     *
     * @param first whether {@code value} is the first sample of the detector's state, which has no
     *     sample to compare with
     */
    public static long flatRunAfter(long flatRun, boolean first, float value, float lastValue) {
        boolean flat =
                !Float.isFinite(value)
                        || (!first && Math.abs(value - lastValue) < FLAT_TOLERANCE_MV);
        return flat ? flatRun + 1 : 0;
    }

    /** Returns whether a flat or missing run of {@code flatRunSamples} means the lead is absent. */
    public static boolean isSignalAbsent(long flatRunSamples, double samplingFrequencyHz) {
        return flatRunSamples >= NO_SIGNAL_SECONDS * samplingFrequencyHz;
    }

    @Override
    public long signalAbsentSamples(LmuBeatState state) {
        return state.flatRunSamples;
    }

    @Override
    public double maxDelaySeconds() {
        return maxDelaySeconds;
    }

    /** The labeller and assembler of one call, restored from the state and saved back into it. */
    private final class Run {
        private final LmuBeatState state;
        private final BeatListener listener;
        private final LeadLabeller labeller;
        private final RunAssembler assembler;

        Run(LmuBeatState state, BeatListener listener) {
            this.state = state;
            this.listener = listener;
            this.labeller =
                    new LeadLabeller(model(), filter(state.lead.samplingFrequencyHz), state.lead);
            this.assembler = newAssembler();
            assembler.restore(state.assembler);
        }

        void accept(float[] logits) {
            assembler.accept(labeller.mostLikely(logits), this::emit);
        }

        void emit(long modelSample, int label) {
            AamiClass beatClass = AamiClass.values()[label - 1];
            listener.onBeat(labeller.streamIndexOf(modelSample), beatClass.name().charAt(0));
        }

        void save() {
            labeller.save();
            state.assembler = assembler.state();
        }
    }

    private RunAssembler newAssembler() {
        return new RunAssembler(
                AamiClass.values().length, MitBihTrainingData.HALF_WIDTH_SECONDS, modelHz());
    }

    private StreamingLmuModel model() {
        if (model == null) {
            model = load(modelDirectory);
        }
        return model;
    }

    private int modelHz() {
        return (int) Math.round(model().metadata().samplingFrequencyHz());
    }

    /** Returns the filter to the model's rate, or null at the model's rate. */
    private ResamplingFilter filter(double samplingFrequencyHz) {
        if (filters == null) {
            filters = new ResamplingFilters(modelHz());
        }
        return filters.toModel(samplingFrequencyHz);
    }

    private static StreamingLmuModel load(String modelDirectory) {
        StreamingLmuModel loaded;
        try {
            loaded = StreamingLmuModel.load(Path.of(modelDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot load the beats model in " + modelDirectory + ": " + e.getMessage(), e);
        }
        if (!MitBihTrainingData.TASK.equals(loaded.metadata().task())) {
            throw new IllegalArgumentException(
                    "The model in "
                            + modelDirectory
                            + " is a '"
                            + loaded.metadata().task()
                            + "' model; the lmu beat detector needs a 'beats' model");
        }
        return loaded;
    }
}
