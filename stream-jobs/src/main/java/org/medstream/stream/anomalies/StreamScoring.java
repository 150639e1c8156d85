package org.medstream.stream.anomalies;

import java.util.Arrays;
import org.medstream.model.anomalies.AnomalyScore;
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.lmu.streaming.StreamState;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;

/**
 * Scores one lead of one stream from the first sample of a scoring segment on: resamples it to the
 * model's rate when the stream's rate differs, steps the network one sample at a time, turns the
 * softmax probability of {@code anomalous} into spans with an {@link AnomalySpanAssembler}, and
 * maps the spans back to the stream's own sample indices.
 *
 * <p>The network's output at model sample m scores sample m − Δ. With a resampler, model sample w
 * is resampler output w + n0, where n0 is the filter's start-up outputs that refer to inputs before
 * the segment, and refers to the fractional input index {@link ResamplingFilter#inputIndexOf},
 * rounded to the nearest stream sample. A span [a, b) maps to [index(a), index(b − 1) + 1).
 *
 * <p>Missing samples (NaN) are replaced by the last finite value, because one NaN would stay in the
 * recurrent network's state for good. Instances are short-lived: create one from the keyed state,
 * feed the chunk, {@link #save} it back.
 */
final class StreamScoring {
    /** Receives spans in stream sample indices. */
    @FunctionalInterface
    interface SpanSink {
        void accept(AnomalySpan span);
    }

    private final StreamingLmuNetwork network;
    private final StreamState networkState;
    private final StreamingResampler resampler;
    private final AnomalySpanAssembler assembler;
    private final long skippedOutputs;
    private final int delay;
    private final long segmentStartIndex;
    private final float[] frame = new float[1];
    private final float[] logits;

    private float lastValue;
    private float lastModelInput;

    /** Stream samples fed before {@link #finish} started padding; -1 until then. */
    private long samplesBeforeFinish = -1;

    /**
     * Restores the scoring of the segment {@code track} is at, or starts it when the segment has
     * not been fed ({@link AnomalyTrack#network} is null).
     *
     * @param filter the filter from the stream's rate to the model's, or null when they are equal
     * @param delaySamples the model's delay Δ in model samples
     * @param threshold score at or above which a sample is anomalous
     * @param modelHz the model's sampling frequency
     * @throws IllegalStateException when the track was saved with a resampler and now needs none,
     *     or the other way round
     */
    StreamScoring(
            AnomalyTrack track,
            ResamplingFilter filter,
            StreamingLmuNetwork network,
            int delaySamples,
            double threshold,
            double modelHz) {
        this.network = network;
        this.networkState = network.newState();
        this.assembler = new AnomalySpanAssembler(modelHz, threshold);
        this.resampler = filter == null ? null : filter.newStream();
        this.skippedOutputs = filter == null ? 0 : filter.startUpOutputs();
        this.delay = delaySamples;
        this.segmentStartIndex = track.segmentStartIndex;
        this.logits = new float[network.outputs()];
        this.lastValue = track.lastValue;
        this.lastModelInput = track.lastModelInput;
        if (track.network == null) {
            return;
        }
        if ((filter == null) != (track.resamplerInputs == null)) {
            throw new IllegalStateException(
                    "Channel "
                            + track.channelName
                            + " was saved "
                            + (track.resamplerInputs == null ? "without" : "with")
                            + " a resampler; the stream's or the model's sampling frequency"
                            + " changed since the checkpoint");
        }
        networkState.fromArray(track.network, track.networkSamples);
        assembler.restore(track.assembler);
        if (resampler != null) {
            resampler.restore(
                    new StreamingResampler.Snapshot(
                            track.resamplerInputs,
                            track.resamplerInputCount,
                            track.resamplerOutputCount));
        }
    }

    /** Writes the state of this scoring into {@code track}. */
    void save(AnomalyTrack track) {
        track.network = networkState.toArray();
        track.networkSamples = networkState.samples();
        track.assembler = assembler.state();
        track.lastValue = lastValue;
        track.lastModelInput = lastModelInput;
        if (resampler == null) {
            track.resamplerInputs = null;
            track.resamplerInputCount = 0;
            track.resamplerOutputCount = 0;
        } else {
            StreamingResampler.Snapshot snapshot = resampler.snapshot();
            track.resamplerInputs = snapshot.recentInputs();
            track.resamplerInputCount = snapshot.inputCount();
            track.resamplerOutputCount = snapshot.outputCount();
        }
    }

    /** Feeds {@code count} samples in mV, the next ones of the segment. */
    void accept(float[] samples, int offset, int count, SpanSink spans) {
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            if (Float.isFinite(value)) {
                lastValue = value;
            }
            input[i] = lastValue;
        }
        feed(input, Long.MAX_VALUE, mapped(spans));
    }

    /**
     * Ends the segment: flushes the resampler's last K inputs with the last value, feeds Δ copies
     * of the last model input so that every sample gets a score, and ends the open span. Must not
     * be fed afterwards.
     */
    void finish(SpanSink spans) {
        samplesBeforeFinish = inputSamples();
        AnomalySpanAssembler.Sink mapped = mapped(spans);
        if (resampler != null && resampler.inputCount() > 0) {
            double[] padding = new double[resampler.filter().delayInputSamples()];
            Arrays.fill(padding, lastValue);
            feed(padding, resampler.inputCount() - 1, mapped);
        }
        long modelSamples = networkState.samples();
        for (int i = 0; i < delay; i++) {
            long scored = networkState.samples() - delay;
            frame[0] = lastModelInput;
            network.step(networkState, frame, logits);
            if (scored >= 0 && scored < modelSamples) {
                assembler.accept(AnomalyScore.of(logits, 0), mapped);
            }
        }
        assembler.finish(mapped);
    }

    /** Number of stream samples fed in this segment, not counting the padding of finish. */
    long inputSamples() {
        if (samplesBeforeFinish >= 0) {
            return samplesBeforeFinish;
        }
        return resampler == null ? networkState.samples() : resampler.inputCount();
    }

    /** Feeds stream values; with a resampler, outputs past input {@code lastInput} are dropped. */
    private void feed(double[] input, long lastInput, AnomalySpanAssembler.Sink spans) {
        if (resampler == null) {
            for (double value : input) {
                step((float) value, spans);
            }
            return;
        }
        long firstOutput = resampler.outputCount();
        double[] output = resampler.process(input);
        for (int i = 0; i < output.length; i++) {
            long n = firstOutput + i;
            if (n < skippedOutputs) {
                continue;
            }
            if (resampler.inputIndexOf(n) > lastInput) {
                break;
            }
            step((float) output[i], spans);
        }
    }

    private void step(float value, AnomalySpanAssembler.Sink spans) {
        frame[0] = value;
        lastModelInput = value;
        long scored = networkState.samples() - delay;
        network.step(networkState, frame, logits);
        if (scored >= 0) {
            assembler.accept(AnomalyScore.of(logits, 0), spans);
        }
    }

    private AnomalySpanAssembler.Sink mapped(SpanSink spans) {
        return span -> {
            long start = toStreamIndex(span.startSample());
            long last = Math.max(start, toStreamIndex(span.endSample() - 1));
            spans.accept(new AnomalySpan(start, last + 1, span.maxScore()));
        };
    }

    /** Maps model sample w to a stream sample index, as the class comment describes. */
    private long toStreamIndex(long modelSample) {
        long lastFed = Math.max(0, inputSamples() - 1);
        long segmentIndex;
        if (resampler == null) {
            segmentIndex = modelSample;
        } else {
            double inputIndex = resampler.inputIndexOf(modelSample + skippedOutputs);
            segmentIndex = (long) Math.floor(inputIndex + 0.5);
        }
        return segmentStartIndex + Math.max(0, Math.min(lastFed, segmentIndex));
    }
}
