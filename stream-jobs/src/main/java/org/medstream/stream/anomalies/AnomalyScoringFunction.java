package org.medstream.stream.anomalies;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.medstream.model.anomalies.AnomalyScore;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.anomalies.AnomalyTrainingData;
import org.medstream.model.artifact.ModelFamily;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.medtsllm.MedTsLlmAnomalyDetector;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.windows.WindowedStream;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.model.StreamModelFunction;
import org.medstream.stream.time.StreamClock;

/**
 * Scores the lead II of every stream with a streaming anomalies model and emits one {@link Anomaly}
 * per anomalous span: the span's first and past-the-end stream sample indices, its maximum score,
 * the threshold ({@link AnomalySpanAssembler#DEFAULT_THRESHOLD}) and the model. {@link
 * StreamModelFunction} describes the keyed state, gaps, overlaps, dead letters and the end of a
 * stream.
 *
 * <p>{@link LeadMap} picks the channel (MIT-BIH's MLII feeds lead II, and a stream without a named
 * lead II feeds its channel 0); a stream without channels is skipped. A {@link LeadLabeller}
 * (resampler to the model's rate, network) turns the samples into the softmax probability of {@code
 * anomalous} ({@link AnomalyScore}), and an {@link AnomalySpanAssembler} turns those into spans,
 * all kept in {@link AnomalyTrack}. A span [a, b) of model samples maps to the stream's [index(a),
 * index(b − 1) + 1), with {@link LeadLabeller#streamIndexOf}. Spans come out about Δ plus 50 ms
 * after their last sample ({@link AnomalySpanAssembler#MERGE_GAP_SECONDS}), later by the
 * resampler's delay when one runs. Their event time is the stream start plus the first index
 * divided by the stream's own rate. Missing samples (NaN) are replaced by the last finite value.
 *
 * <p>A MedTsLLM anomaly model ({@code medstream train --model medtsllm --task anomalies}) reads
 * lead II in the same way, but window by window: a {@link WindowedStream} reconstructs windows of
 * the model's length half a window apart, each sample's normalised squared error e comes from the
 * window in which it lies farthest from an edge, and the span assembler takes e / (e + τ), so a
 * sample is anomalous exactly when e reaches the model's threshold τ. Spans then come out up to
 * three quarters of a window (1.5 s for 256 samples at 125 Hz) plus 50 ms after their last sample.
 */
public class AnomalyScoringFunction
        extends StreamModelFunction<AnomalyTrack, Anomaly, StreamingModel> {
    private static final long serialVersionUID = 1L;

    /** Name and uid of the operator in the job. */
    public static final String OPERATOR = "score-anomalies";

    /** Chunks of streams the model cannot score, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("anomalies-dead-letters", TypeInformation.of(DeadLetter.class));

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     */
    public AnomalyScoringFunction(String modelDirectory, Duration stateRetention) {
        super(modelDirectory, stateRetention);
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when the directory contains no anomalies model; the message
     *     names the directory and the cause
     */
    public static AnomalyScoringFunction forModel(String modelDirectory, Duration stateRetention) {
        try (StreamingModel loaded =
                checked(
                        loadAnomaliesModel(Path.of(modelDirectory)),
                        modelDirectory,
                        AnomalyTrainingData.TASK,
                        "anomaly scoring")) {
            if (loaded instanceof StreamingLmuModel lmu
                    && !lmu.metadata().classes().equals(AnomalyTrainingData.CLASSES)) {
                ModelMetadata metadata = lmu.metadata();
                throw new IOException(
                        "its classes are "
                                + metadata.classes()
                                + ", anomaly scoring needs "
                                + AnomalyTrainingData.CLASSES);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the anomalies model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point anomalies.model (annotate: --model-dir) at a directory with model.json and its"
                            + " weights",
                    e);
        }
        return new AnomalyScoringFunction(modelDirectory, stateRetention);
    }

    @Override
    protected String task() {
        return AnomalyTrainingData.TASK;
    }

    @Override
    protected StreamingModel loadModel(Path directory) throws IOException {
        return loadAnomaliesModel(directory);
    }

    /** Loads an LMU or a MedTsLLM model, as {@code model.json} names the family. */
    private static StreamingModel loadAnomaliesModel(Path directory) throws IOException {
        if (!ModelFamily.isMedTsLlm(directory)) {
            return StreamingLmuModel.load(directory);
        }
        try {
            return MedTsLlmAnomalyDetector.load(directory);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Returns the MedTsLLM model, or null when an LMU model runs. */
    private MedTsLlmAnomalyDetector medTsLlm() {
        return model() instanceof MedTsLlmAnomalyDetector detector ? detector : null;
    }

    @Override
    protected String operatorName() {
        return OPERATOR;
    }

    @Override
    protected String activity() {
        return "anomaly scoring";
    }

    @Override
    protected Class<AnomalyTrack> trackClass() {
        return AnomalyTrack.class;
    }

    @Override
    protected OutputTag<DeadLetter> deadLetterTag() {
        return DEAD_LETTERS;
    }

    @Override
    protected AnomalyTrack newTrack(SignalChunk chunk) {
        List<String> leads =
                model() instanceof StreamingLmuModel lmu
                        ? lmu.metadata().leads()
                        : List.of(MitBihSequences.LEAD);
        int channel = LeadMap.of(chunk.getChannelNames(), leads).channelOf(0);
        if (channel < 0) {
            return null;
        }
        AnomalyTrack track = new AnomalyTrack();
        track.channel = channel;
        track.channelName = chunk.getChannelNames().get(channel);
        return track;
    }

    /** Starts a new resampler, network (or windows) and span assembler. */
    @Override
    protected void restartSegment(AnomalyTrack track) {
        if (medTsLlm() != null) {
            track.windows = WindowedStream.newState(track.nextSampleIndex);
        } else {
            track.lead = LeadLabeller.newState(track.samplingFrequencyHz);
        }
        track.assembler = newAssembler().state();
    }

    @Override
    protected void process(
            AnomalyTrack track,
            SignalChunk chunk,
            int offset,
            int count,
            String streamId,
            Consumer<Anomaly> out) {
        float[] samples = LeadSamples.millivolts(chunk, track.channel);
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            if (Float.isFinite(value)) {
                track.lastValue = value;
            }
            input[i] = track.lastValue;
        }
        if (medTsLlm() != null) {
            Windows windows = new Windows(track, streamId, out);
            windows.stream.feed(new double[][] {input}, count, windows::accept);
            windows.save();
            return;
        }
        Segment segment = new Segment(track, streamId, out);
        segment.labeller.feed(input, chunk.getFirstSampleIndex() + offset, segment::accept);
        segment.save();
    }

    @Override
    protected void finishSegment(AnomalyTrack track, String streamId, Consumer<Anomaly> out) {
        if (medTsLlm() != null) {
            Windows windows = new Windows(track, streamId, out);
            windows.stream.finish(windows::accept);
            windows.assembler.finish(windows::emit);
            windows.save();
            return;
        }
        Segment segment = new Segment(track, streamId, out);
        segment.labeller.finish(segment::accept);
        segment.assembler.finish(segment::emit);
        segment.save();
    }

    /** The span assembler of one call, restored from the track and saved back. */
    private abstract class Spans {
        final AnomalyTrack track;
        final String streamId;
        final Consumer<Anomaly> out;
        final AnomalySpanAssembler assembler;

        Spans(AnomalyTrack track, String streamId, Consumer<Anomaly> out) {
            this.track = track;
            this.streamId = streamId;
            this.out = out;
            this.assembler = newAssembler();
            assembler.restore(track.assembler);
        }

        /** Returns the stream sample index of model sample {@code modelSample}. */
        abstract long streamIndexOf(long modelSample);

        void emit(AnomalySpan span) {
            long start = streamIndexOf(span.startSample());
            long last = Math.max(start, streamIndexOf(span.endSample() - 1));
            StreamClock clock = new StreamClock(track.streamStartMicros, track.samplingFrequencyHz);
            out.accept(
                    Anomaly.newBuilder()
                            .setStreamId(streamId)
                            .setStartSampleIndex(start)
                            .setEndSampleIndex(last + 1)
                            .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(start)))
                            .setScore(span.maxScore())
                            .setThreshold(assembler.threshold())
                            .setDetectorName(model().family() + "-" + model().task())
                            .setDetectorVersion(model().medstreamVersion())
                            .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                            .build());
        }

        void save() {
            track.assembler = assembler.state();
        }
    }

    /** The LMU labeller and span assembler of one call. */
    private final class Segment extends Spans {
        private final LeadLabeller labeller;

        Segment(AnomalyTrack track, String streamId, Consumer<Anomaly> out) {
            super(track, streamId, out);
            this.labeller =
                    new LeadLabeller(
                            (StreamingLmuModel) model(),
                            filterFor(track.samplingFrequencyHz),
                            track.lead);
        }

        void accept(float[] logits) {
            assembler.accept(AnomalyScore.of(logits, 0), this::emit);
        }

        @Override
        long streamIndexOf(long modelSample) {
            return labeller.streamIndexOf(modelSample);
        }

        @Override
        void save() {
            labeller.save();
            super.save();
        }
    }

    /** The MedTsLLM windows and span assembler of one call. */
    private final class Windows extends Spans {
        private final MedTsLlmAnomalyDetector detector;
        private final WindowedStream stream;

        Windows(AnomalyTrack track, String streamId, Consumer<Anomaly> out) {
            super(track, streamId, out);
            this.detector = medTsLlm();
            this.stream =
                    new WindowedStream(
                            filterFor(track.samplingFrequencyHz),
                            detector.windowLength(),
                            detector.step(),
                            1,
                            detector::windowScores,
                            track.windows);
        }

        /** Takes the normalised error of the next model sample. */
        void accept(long modelSample, float error) {
            assembler.accept(detector.assemblerScore(error), this::emit);
        }

        @Override
        long streamIndexOf(long modelSample) {
            return stream.streamIndexOf(modelSample);
        }

        @Override
        void save() {
            stream.save();
            super.save();
        }
    }

    private AnomalySpanAssembler newAssembler() {
        return new AnomalySpanAssembler(modelHz(), AnomalySpanAssembler.DEFAULT_THRESHOLD);
    }
}
