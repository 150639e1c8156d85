package org.medstream.model.serve.medtsllm;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.medtsllm.BoundaryStream;
import org.medstream.model.medtsllm.MedTsLlmAnomalyDetector;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.WaveResamplingFilters;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.inference.WindowResultBuilder;
import org.medstream.model.windows.WindowedStream;

/**
 * A MedTsLLM beats, breaths or anomalies model served over windows. A window runs as the Flink job
 * runs a stream that consists of the window alone: beats and breaths through a {@link
 * BoundaryStream}, anomalies through a {@link WindowedStream} and the span assembler, from a fresh
 * state, resampled to the model's rate when the window's rate differs, and finished at the window's
 * end. Events carry the window's sample indices, so the job's breath and anomaly stitchers take
 * them as they take an LMU model's.
 *
 * <p>Breaths read the window's respiration channel and, for a model of several channels, the
 * covariates by the names in {@code model.json}; anomalies read lead II, or channel 0 when no
 * channel is named so. DJL models are not thread-safe, so each worker's predictor loads its own
 * copy. The copy loaded at start to check the directory goes to the first predictor.
 */
final class MedTsLlmEventWindowModel implements ServedModel {
    /** AAMI class of every served MedTsLLM beat: the model finds beats, it does not classify. */
    private static final String UNCLASSIFIED = "Q";

    private final Path directory;
    private final Path backboneFile;
    private final Device device;
    private final MedTsLlmMetadata metadata;
    private final ModelInfo info;
    private final AtomicReference<StreamingModel> loaded;
    private final WaveResamplingFilters filters;
    private final long prefixCacheBytes;

    /** Whether the model finds breath onsets on a respiration channel. */
    private final boolean breaths;

    /** Whether the model finds beats on an ECG lead; neither this nor breaths: anomalies. */
    private final boolean beats;

    MedTsLlmEventWindowModel(
            Path directory,
            Path backboneFile,
            Device device,
            MedTsLlmMetadata metadata,
            ModelInfo info,
            StreamingModel first,
            long prefixCacheBytes) {
        this.directory = directory;
        this.backboneFile = backboneFile;
        this.device = device;
        this.metadata = metadata;
        this.info = info;
        this.loaded = new AtomicReference<>(first);
        this.filters = new WaveResamplingFilters(metadata.samplingFrequencyHz(), info.name());
        this.prefixCacheBytes = prefixCacheBytes;
        this.beats = MedTsLlmServedModels.BEATS.equals(metadata.task());
        this.breaths = first instanceof MedTsLlmBoundaryModel && !beats;
    }

    /** Loads the beats, breaths or anomalies model in {@code directory}, chosen by its task. */
    static StreamingModel loadModel(Path directory, Path backboneFile, Device device, String task)
            throws IOException {
        if (MedTsLlmServedModels.ANOMALIES.equals(task)) {
            try {
                return MedTsLlmAnomalyDetector.load(directory, backboneFile, device);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return MedTsLlmBoundaryModel.load(directory, backboneFile, device);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {
        filters.toModel(window.samplingFrequencyHz(), field + ".samplingFrequencyHz");
        if (window.leads().isEmpty()) {
            throw new InvalidRequestException(
                    field + ".leads", window.leads(), "at least one lead for model " + info.name());
        }
        if (!breaths) {
            return;
        }
        if (RespirationChannels.find(window.leads()) < 0) {
            throw new InvalidRequestException(
                    field + ".leads",
                    window.leads(),
                    "a respiration channel (RESP, Resp, Respiration…, Impedance) for model "
                            + info.name());
        }
        List<String> channels = info.leads();
        for (int c = 1; c < channels.size(); c++) {
            if (named(window.leads(), channels.get(c)) < 0) {
                throw new InvalidRequestException(
                        field + ".leads",
                        window.leads(),
                        "the channels " + channels + " that model " + info.name() + " reads");
            }
        }
    }

    @Override
    public WindowPredictor newPredictor() throws Exception {
        StreamingModel model = loaded.getAndSet(null);
        if (model == null) {
            model = loadModel(directory, backboneFile, device, metadata.task());
        }
        MedTsLlmModel network =
                model instanceof MedTsLlmBoundaryModel boundaries
                        ? boundaries.model()
                        : ((MedTsLlmAnomalyDetector) model).model();
        network.prefixCaches().maxBytes(prefixCacheBytes);
        Predictor predictor = new Predictor(model);
        try {
            predictor.predict(List.of(warmupWindow()));
        } catch (Exception | Error e) {
            predictor.close();
            throw e;
        }
        return predictor;
    }

    @Override
    public Window warmupWindow() {
        int length = metadata.network().windowLength();
        return new Window(
                "warm-up",
                info.leads(),
                metadata.samplingFrequencyHz(),
                new float[info.leads().size()][length],
                0,
                null);
    }

    /** Index of the lead named {@code name}, case ignored; −1 for none. */
    private static int named(List<String> leads, String name) {
        for (int c = 0; c < leads.size(); c++) {
            if (leads.get(c).equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    /** Runs windows one by one through one worker's model copy. */
    private final class Predictor implements WindowPredictor {
        private final StreamingModel model;

        Predictor(StreamingModel model) {
            this.model = model;
        }

        @Override
        public List<WindowResult> predict(List<Window> windows) throws Exception {
            List<WindowResult> results = new ArrayList<>();
            for (Window window : windows) {
                ResamplingFilter filter =
                        filters.toModel(window.samplingFrequencyHz(), "samplingFrequencyHz");
                if (model instanceof MedTsLlmBoundaryModel boundaries) {
                    results.add(
                            beats
                                    ? beats(boundaries, filter, window)
                                    : breaths(boundaries, filter, window));
                } else {
                    results.add(anomalies((MedTsLlmAnomalyDetector) model, filter, window));
                }
            }
            return results;
        }

        /**
         * Beats on the lead the model was trained on (MLII, or the window's first lead when no lead
         * matches), each of class Q because the model has no beat classes.
         */
        private WindowResult beats(
                MedTsLlmBoundaryModel boundaries, ResamplingFilter filter, Window window) {
            int channel =
                    Math.max(
                            0,
                            LeadMap.of(window.leads(), List.of(boundaries.channels().get(0)))
                                    .channelOf(0));
            String lead = window.leads().get(channel);
            WindowResultBuilder result = new WindowResultBuilder(window);
            BoundaryStream stream =
                    new BoundaryStream(boundaries, filter, BoundaryStream.newState(0));
            BoundaryStream.BoundarySink sink =
                    (modelSample, index) ->
                            result.event(Event.point(Event.BEAT, lead, UNCLASSIFIED, index));
            stream.feed(new double[][] {finite(window.samples()[channel])}, window.length(), sink);
            stream.finish(sink);
            return result.build();
        }

        private WindowResult breaths(
                MedTsLlmBoundaryModel boundaries, ResamplingFilter filter, Window window) {
            int respiration = RespirationChannels.find(window.leads());
            List<String> channels = boundaries.channels();
            double[][] input = new double[channels.size()][];
            for (int c = 0; c < channels.size(); c++) {
                int lead = c == 0 ? respiration : named(window.leads(), channels.get(c));
                input[c] = finite(window.samples()[lead]);
            }
            String lead = window.leads().get(respiration);
            WindowResultBuilder result = new WindowResultBuilder(window);
            BoundaryStream stream =
                    new BoundaryStream(boundaries, filter, BoundaryStream.newState(0));
            BoundaryStream.BoundarySink sink =
                    (modelSample, index) ->
                            result.event(Event.point(Event.BREATH, lead, "onset", index));
            stream.feed(input, window.length(), sink);
            stream.finish(sink);
            return result.build();
        }

        private WindowResult anomalies(
                MedTsLlmAnomalyDetector detector, ResamplingFilter filter, Window window) {
            int channel =
                    Math.max(
                            0,
                            LeadMap.of(window.leads(), List.of(MitBihSequences.LEAD)).channelOf(0));
            String lead = window.leads().get(channel);
            WindowResultBuilder result = new WindowResultBuilder(window);
            WindowedStream stream =
                    new WindowedStream(
                            filter,
                            detector.windowLength(),
                            detector.step(),
                            1,
                            detector::windowScores,
                            WindowedStream.newState(0));
            AnomalySpanAssembler spans =
                    new AnomalySpanAssembler(
                            detector.samplingFrequencyHz(), AnomalySpanAssembler.DEFAULT_THRESHOLD);
            AnomalySpanAssembler.Sink sink =
                    (AnomalySpan span) -> {
                        long start = stream.streamIndexOf(span.startSample());
                        long last = Math.max(start, stream.streamIndexOf(span.endSample() - 1));
                        result.event(Event.anomaly(lead, start, last, span.maxScore()));
                    };
            WindowedStream.OutputSink scores =
                    (modelSample, error) -> spans.accept(detector.assemblerScore(error), sink);
            stream.feed(
                    new double[][] {finite(window.samples()[channel])}, window.length(), scores);
            stream.finish(scores);
            spans.finish(sink);
            return result.build();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** Returns the samples with missing ones (NaN) replaced by the last finite one, or 0. */
    private static double[] finite(float[] samples) {
        double[] values = new double[samples.length];
        double last = 0;
        for (int i = 0; i < samples.length; i++) {
            if (Float.isFinite(samples[i])) {
                last = samples[i];
            }
            values[i] = last;
        }
        return values;
    }
}
