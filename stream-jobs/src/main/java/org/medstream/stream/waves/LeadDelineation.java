package org.medstream.stream.waves;

import java.util.Arrays;
import java.util.function.Consumer;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;
import org.medstream.model.waves.StreamingDelineator;
import org.medstream.model.waves.WaveAssembler;

/**
 * Delineates one lead of a stream from the first sample of a delineation segment on: resamples the
 * lead to the model's rate when the stream's rate differs, steps a {@link StreamingDelineator}, and
 * maps the waves it emits back to the stream's own sample indices.
 *
 * <p>Index mapping: the delineator's sample w is resampler output n = w + n0, where n0 is the
 * number of start-up outputs that refer to input indices before the segment's first sample; the
 * delineator never receives them. Output n refers to the fractional input index {@link
 * ResamplingFilter#inputIndexOf(long)} = n · M / L − K, which already takes out the filter's group
 * delay K. That index is rounded to the nearest stream sample (halves up) and clamped to the
 * samples fed, so a wave is off by at most half a stream sample from the fractional position the
 * model marked. At the model's own rate no resampler runs and w maps to the segment start + w.
 *
 * <p>NOTE: the filter history of the first outputs fed still contains the zeros before the
 * segment's first sample, so a resampled segment starts with a smoothed step from 0 over about K
 * input samples; waves there are less reliable.
 *
 * <p>Missing samples (NaN) are replaced by the last finite value of the lead, because one NaN would
 * stay in the recurrent network's state for good. Instances are short-lived: {@link #load} one from
 * keyed state, feed the chunk, {@link #save} it back.
 */
final class LeadDelineation {
    private final StreamingResampler resampler;
    private final StreamingDelineator delineator;
    private final long segmentStartIndex;

    /** Resampler outputs skipped at the segment start, n0 above; 0 without a resampler. */
    private final long skippedOutputs;

    private float lastValue;

    /** Stream samples fed before {@link #finish} started padding; -1 until then. */
    private long samplesBeforeFinish = -1;

    /**
     * Creates the delineation of a new segment.
     *
     * @param resampler a new resampler from the stream's rate to the model's, or null when the two
     *     rates are equal
     * @param delineator a new delineator of the model
     * @param segmentStartIndex stream sample index of the first sample this lead will get
     */
    LeadDelineation(
            StreamingResampler resampler, StreamingDelineator delineator, long segmentStartIndex) {
        this.resampler = resampler;
        this.delineator = delineator;
        this.segmentStartIndex = segmentStartIndex;
        this.skippedOutputs = resampler == null ? 0 : startUpOutputs(resampler.filter());
    }

    /**
     * Restores the delineation stored in {@code track}, into a new resampler and delineator of the
     * same rates and model.
     */
    static LeadDelineation load(
            LeadTrack track,
            StreamingResampler resampler,
            StreamingDelineator delineator,
            long segmentStartIndex) {
        if ((resampler == null) != (track.resamplerInputs == null)) {
            throw new IllegalStateException(
                    "Lead "
                            + track.name
                            + " was saved "
                            + (track.resamplerInputs == null ? "without" : "with")
                            + " a resampler; the stream's or the model's sampling frequency"
                            + " changed since the checkpoint");
        }
        LeadDelineation lead = new LeadDelineation(resampler, delineator, segmentStartIndex);
        lead.lastValue = track.lastValue;
        if (resampler != null) {
            resampler.restore(
                    new StreamingResampler.Snapshot(
                            track.resamplerInputs,
                            track.resamplerInputCount,
                            track.resamplerOutputCount));
        }
        delineator.restore(
                new StreamingDelineator.Snapshot(
                        track.network,
                        track.delineatorSamples,
                        track.recentValues,
                        new WaveAssembler.State(
                                track.assemblerStarted,
                                track.assemblerNextSample,
                                track.runKind,
                                track.runStart,
                                track.runPeak,
                                track.runOnsetValue,
                                track.runPeakDistance,
                                track.heldKind,
                                track.heldStart,
                                track.heldEnd,
                                track.heldPeak,
                                track.heldPeakDistance)));
        return lead;
    }

    /** Sets the value that replaces missing samples until the first finite one arrives. */
    void restoreLastValue(float value) {
        lastValue = value;
    }

    /** Writes the state of this delineation into {@code track}; channel and name stay. */
    void save(LeadTrack track) {
        track.lastValue = lastValue;
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

        StreamingDelineator.Snapshot snapshot = delineator.snapshot();
        track.network = snapshot.network();
        track.delineatorSamples = snapshot.samples();
        track.recentValues = snapshot.recentValues();
        WaveAssembler.State assembler = snapshot.assembler();
        track.assemblerStarted = assembler.started();
        track.assemblerNextSample = assembler.nextSample();
        track.runKind = assembler.runKind();
        track.runStart = assembler.runStart();
        track.runPeak = assembler.runPeak();
        track.runOnsetValue = assembler.runOnsetValue();
        track.runPeakDistance = assembler.runPeakDistance();
        track.heldKind = assembler.heldKind();
        track.heldStart = assembler.heldStart();
        track.heldEnd = assembler.heldEnd();
        track.heldPeak = assembler.heldPeak();
        track.heldPeakDistance = assembler.heldPeakDistance();
    }

    /**
     * Feeds {@code count} samples of the lead in mV, the next ones of the segment; {@code waves}
     * receives the waves they complete, in stream sample indices.
     */
    void accept(float[] samples, int offset, int count, Consumer<Wave> waves) {
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            if (Float.isFinite(value)) {
                lastValue = value;
            }
            input[i] = lastValue;
        }

        Consumer<Wave> mapped = wave -> waves.accept(toStream(wave));
        if (resampler == null) {
            for (double value : input) {
                delineator.accept((float) value, mapped);
            }
            return;
        }
        long firstOutput = resampler.outputCount();
        double[] output = resampler.process(input);
        feed(output, firstOutput, Long.MAX_VALUE, mapped);
    }

    /**
     * Ends the segment: flushes the resampler's last K inputs by repeating the last value, then
     * lets the delineator emit the waves it still holds. Must not be fed afterwards.
     */
    void finish(Consumer<Wave> waves) {
        samplesBeforeFinish = inputSamples();
        Consumer<Wave> mapped = wave -> waves.accept(toStream(wave));
        if (resampler != null && resampler.inputCount() > 0) {
            long lastInput = resampler.inputCount() - 1;
            double[] padding = new double[resampler.filter().delayInputSamples()];
            Arrays.fill(padding, lastValue);
            long firstOutput = resampler.outputCount();
            double[] output = resampler.process(padding);
            feed(output, firstOutput, lastInput, mapped);
        }
        delineator.finish(mapped);
    }

    /** Number of stream samples fed in this segment, not counting the padding of finish. */
    long inputSamples() {
        if (samplesBeforeFinish >= 0) {
            return samplesBeforeFinish;
        }
        return resampler == null ? delineator.samples() : resampler.inputCount();
    }

    /**
     * Feeds the resampler outputs firstOutput, firstOutput + 1, … to the delineator, except the
     * start-up outputs and those referring past input {@code lastInput}.
     */
    private void feed(double[] output, long firstOutput, long lastInput, Consumer<Wave> mapped) {
        for (int i = 0; i < output.length; i++) {
            long n = firstOutput + i;
            if (n < skippedOutputs) {
                continue;
            }
            if (resampler.inputIndexOf(n) > lastInput) {
                break;
            }
            delineator.accept((float) output[i], mapped);
        }
    }

    private Wave toStream(Wave wave) {
        return new Wave(
                wave.kind(),
                toStreamIndex(wave.onset()),
                toStreamIndex(wave.peak()),
                toStreamIndex(wave.offset()));
    }

    /** Maps delineator sample w to a stream sample index, as the class comment describes. */
    private long toStreamIndex(long delineatorSample) {
        long lastFed = Math.max(0, inputSamples() - 1);
        long segmentIndex;
        if (resampler == null) {
            segmentIndex = delineatorSample;
        } else {
            double inputIndex = resampler.inputIndexOf(delineatorSample + skippedOutputs);
            segmentIndex = (long) Math.floor(inputIndex + 0.5);
        }
        return segmentStartIndex + Math.max(0, Math.min(lastFed, segmentIndex));
    }

    /** Returns n0 = ceil(K · L / M), the first output whose input index is not negative. */
    private static long startUpOutputs(ResamplingFilter filter) {
        long up = filter.ratio().up();
        long down = filter.ratio().down();
        return (filter.delayInputSamples() * up + down - 1) / down;
    }
}
