package org.medstream.model.serve.lmu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.medstream.model.anomalies.AnomalyScore;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.breaths.RespirationScaler;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.runs.RunAssembler;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.LabelRunEncoder;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.inference.WindowResultBuilder;

/**
 * A one-lead LMU model (beats, breaths, anomalies) served over windows. A window runs as the Flink
 * job runs a stream that consists of the window alone: a {@link LeadLabeller} from a zero state
 * (resampling to the model's rate when the window's rate differs), finished with the labeller's
 * padding, then a {@link RunAssembler} (beats, breaths) or an {@link AnomalySpanAssembler}
 * (anomalies). Breaths are standardised by a {@link RespirationScaler} first. Positions map back to
 * the window's samples with {@link LeadLabeller#streamIndexOf(long)}.
 */
final class LeadWindowModel extends LmuWindowModel {
    private final LeadTask task;
    private final int modelHz;

    /** Filters by whole input rate, designed on first use; filters are immutable. */
    private final ConcurrentMap<Integer, ResamplingFilter> filters = new ConcurrentHashMap<>();

    LeadWindowModel(StreamingLmuModel model, ModelInfo info, LeadTask task) {
        super(model, info);
        this.task = task;
        this.modelHz = (int) Math.round(model.metadata().samplingFrequencyHz());
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {
        if (task.channel(window.leads(), model.metadata().leads()) < 0) {
            throw new InvalidRequestException(
                    field + ".leads",
                    window.leads(),
                    "a respiration channel (RESP, Resp, Respiration…, Impedance) for model "
                            + info.name());
        }
        try {
            filter(window.samplingFrequencyHz());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    field + ".samplingFrequencyHz",
                    window.samplingFrequencyHz(),
                    modelHz
                            + " Hz or a whole number of Hz the resampler supports ("
                            + e.getMessage()
                            + ")");
        }
    }

    /** Returns the filter from {@code samplingFrequencyHz} to the model's rate, null for none. */
    private ResamplingFilter filter(double samplingFrequencyHz) {
        if (samplingFrequencyHz == modelHz) {
            return null;
        }
        if (samplingFrequencyHz != Math.rint(samplingFrequencyHz)
                || samplingFrequencyHz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a whole number of Hz");
        }
        return filters.computeIfAbsent(
                (int) samplingFrequencyHz, hz -> ResamplingFilter.design(hz, modelHz));
    }

    /** Returns the samples of {@code channel}, standardised first for the breaths model. */
    private double[] input(Window window, int channel) {
        float[] samples = window.samples()[channel];
        double[] input = new double[samples.length];
        if (task == LeadTask.BREATHS) {
            RespirationScaler scaler = new RespirationScaler(window.samplingFrequencyHz());
            for (int i = 0; i < samples.length; i++) {
                input[i] = scaler.scale(samples[i]);
            }
        } else {
            for (int i = 0; i < samples.length; i++) {
                input[i] = samples[i];
            }
        }
        return input;
    }

    @Override
    protected WindowResult run(Window window) {
        ModelMetadata metadata = model.metadata();
        int channel = task.channel(window.leads(), metadata.leads());
        String lead = window.leads().get(channel);
        double[] input = input(window, channel);

        WindowResultBuilder result = new WindowResultBuilder(window);
        LeadLabeller labeller =
                new LeadLabeller(
                        model,
                        filter(window.samplingFrequencyHz()),
                        LeadLabeller.newState(window.samplingFrequencyHz()));
        List<long[]> modelRuns = new ArrayList<>();
        LabelRunEncoder encoder =
                new LabelRunEncoder(
                        (label, start, end) -> modelRuns.add(new long[] {label, start, end}));
        LeadLabeller.OutputSink outputs;
        Runnable finishEvents;
        if (task == LeadTask.ANOMALIES) {
            AnomalySpanAssembler spans =
                    new AnomalySpanAssembler(modelHz, AnomalySpanAssembler.DEFAULT_THRESHOLD);
            AnomalySpanAssembler.Sink sink =
                    span -> {
                        long start = labeller.streamIndexOf(span.startSample());
                        long last = Math.max(start, labeller.streamIndexOf(span.endSample() - 1));
                        result.event(Event.anomaly(lead, start, last, span.maxScore()));
                    };
            outputs =
                    logits -> {
                        encoder.accept(labeller.mostLikely(logits));
                        spans.accept(AnomalyScore.of(logits, 0), sink);
                    };
            finishEvents = () -> spans.finish(sink);
        } else {
            RunAssembler runs = task.newRunAssembler(modelHz);
            RunAssembler.Sink sink =
                    (modelSample, label) ->
                            result.event(
                                    Event.point(
                                            task.eventKind(),
                                            lead,
                                            metadata.classes().get(label),
                                            labeller.streamIndexOf(modelSample)));
            outputs =
                    logits -> {
                        int label = labeller.mostLikely(logits);
                        encoder.accept(label);
                        runs.accept(label, sink);
                    };
            finishEvents = () -> runs.finish(sink);
        }

        labeller.feed(input, 0, outputs);
        labeller.finish(outputs);
        finishEvents.run();
        encoder.finish();
        for (long[] run : modelRuns) {
            long start = labeller.streamIndexOf(run[1]);
            long end = Math.max(start, labeller.streamIndexOf(run[2] - 1)) + 1;
            result.run(lead, metadata.classes().get((int) run[0]), start, end);
        }
        return result.build();
    }
}
