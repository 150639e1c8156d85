package org.medstream.stream.waves;

import java.util.Arrays;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;
import org.medstream.model.waves.Delineator;
import org.medstream.model.waves.DelineatorSnapshot;
import org.medstream.model.waves.WaveSink;

/**
 * Delineates the leads of one stream from the first sample of a delineation segment on: resamples
 * each lead to the model's rate when the stream's rate differs, steps one multi-lead {@link
 * Delineator} with a frame of all leads at a time, and maps the waves it emits back to the stream's
 * own sample indices.
 *
 * <p>Index mapping: the delineator's sample w is resampler output n = w + n0, where n0 is the
 * number of start-up outputs that refer to input indices before the segment's first sample; the
 * delineator never receives them. Output n refers to the fractional input index {@link
 * ResamplingFilter#inputIndexOf(long)} = n · M / L − K, which already takes out the filter's group
 * delay K. That index is rounded to the nearest stream sample (halves up) and clamped to the
 * samples fed, so a wave is off by at most half a stream sample from the fractional position the
 * model marked. At the model's own rate no resampler runs and w maps to the segment start + w.
 * Every lead has its own resampler of the same rates and gets the same number of samples, so the
 * leads' outputs line up into frames.
 *
 * <p>NOTE: the filter history of the first outputs fed still contains the zeros before the
 * segment's first sample, so a resampled segment starts with a smoothed step from 0 over about K
 * input samples; waves there are less reliable.
 *
 * <p>Missing samples (NaN) are replaced by the last finite value of the lead, because one NaN would
 * stay in the recurrent network's state for good. Instances are short-lived: {@link #load} one from
 * keyed state, feed the chunk, {@link #save} it back.
 */
final class StreamDelineation {
    private final LeadTrack[] leads;
    private final StreamingResampler[] resamplers;
    private final Delineator delineator;
    private final long segmentStartIndex;
    private final float[] frame;

    /** Resampler outputs skipped at the segment start, n0 above; 0 without resamplers. */
    private final long skippedOutputs;

    /** Stream samples fed before {@link #finish} started padding; -1 until then. */
    private long samplesBeforeFinish = -1;

    /**
     * Creates the delineation of the segment that {@code track} is at, restoring the resamplers and
     * the delineator from the track unless the segment has not been fed yet.
     *
     * @param filter the filter from the stream's rate to the model's, or null when the two are
     *     equal
     * @param delineator a new delineator of the model, for the leads of the track
     * @param modelLeads number of leads the model takes
     */
    static StreamDelineation load(
            WaveTrack track, ResamplingFilter filter, Delineator delineator, int modelLeads) {
        StreamingResampler[] resamplers = new StreamingResampler[track.leads.length];
        for (int i = 0; i < resamplers.length; i++) {
            LeadTrack lead = track.leads[i];
            if (filter != null) {
                resamplers[i] = filter.newStream();
            }
            if (track.network == null) {
                continue;
            }
            if ((filter == null) != (lead.resamplerInputs == null)) {
                throw new IllegalStateException(
                        "Lead "
                                + lead.name
                                + " was saved "
                                + (lead.resamplerInputs == null ? "without" : "with")
                                + " a resampler; the stream's or the model's sampling frequency"
                                + " changed since the checkpoint");
            }
            if (filter != null) {
                resamplers[i].restore(
                        new StreamingResampler.Snapshot(
                                lead.resamplerInputs,
                                lead.resamplerInputCount,
                                lead.resamplerOutputCount));
            }
        }
        if (track.network != null) {
            delineator.restore(
                    new DelineatorSnapshot(
                            track.network,
                            track.delineatorSamples,
                            track.recentFrames,
                            Arrays.stream(track.assemblers).map(AssemblerTrack::toState).toList()));
        }
        return new StreamDelineation(
                track.leads, resamplers, delineator, track.segmentStartIndex, modelLeads);
    }

    private StreamDelineation(
            LeadTrack[] leads,
            StreamingResampler[] resamplers,
            Delineator delineator,
            long segmentStartIndex,
            int modelLeads) {
        this.leads = leads;
        this.resamplers = resamplers;
        this.delineator = delineator;
        this.segmentStartIndex = segmentStartIndex;
        this.frame = new float[modelLeads];
        this.skippedOutputs =
                resamplers.length == 0 || resamplers[0] == null
                        ? 0
                        : resamplers[0].filter().startUpOutputs();
    }

    /** Writes the state of this delineation into {@code track}; channels and names stay. */
    void save(WaveTrack track) {
        for (int i = 0; i < leads.length; i++) {
            LeadTrack lead = track.leads[i];
            if (resamplers[i] == null) {
                lead.resamplerInputs = null;
                lead.resamplerInputCount = 0;
                lead.resamplerOutputCount = 0;
            } else {
                StreamingResampler.Snapshot snapshot = resamplers[i].snapshot();
                lead.resamplerInputs = snapshot.recentInputs();
                lead.resamplerInputCount = snapshot.inputCount();
                lead.resamplerOutputCount = snapshot.outputCount();
            }
        }
        DelineatorSnapshot snapshot = delineator.snapshot();
        track.network = snapshot.network();
        track.delineatorSamples = snapshot.samples();
        track.recentFrames = snapshot.recentFrames();
        track.assemblers =
                snapshot.assemblers().stream()
                        .map(AssemblerTrack::of)
                        .toArray(AssemblerTrack[]::new);
    }

    /**
     * Feeds {@code count} samples of every lead in mV, the next ones of the segment; {@code waves}
     * receives the waves they complete, in stream sample indices.
     *
     * @param samples per lead of the track, in track order, the lead's samples of the chunk
     */
    void accept(float[][] samples, int offset, int count, WaveSink waves) {
        double[][] inputs = new double[leads.length][count];
        for (int i = 0; i < leads.length; i++) {
            for (int s = 0; s < count; s++) {
                float value = samples[i][offset + s];
                if (Float.isFinite(value)) {
                    leads[i].lastValue = value;
                }
                inputs[i][s] = leads[i].lastValue;
            }
        }
        WaveSink mapped = mapped(waves);
        if (resamplers.length == 0 || resamplers[0] == null) {
            feed(inputs, 0, Long.MAX_VALUE, mapped);
            return;
        }
        long firstOutput = resamplers[0].outputCount();
        feed(resample(inputs), firstOutput, Long.MAX_VALUE, mapped);
    }

    /**
     * Ends the segment: flushes the resamplers' last K inputs by repeating each lead's last value,
     * then lets the delineator emit the waves it still holds. Must not be fed afterwards.
     */
    void finish(WaveSink waves) {
        samplesBeforeFinish = inputSamples();
        WaveSink mapped = mapped(waves);
        if (resamplers.length > 0 && resamplers[0] != null && resamplers[0].inputCount() > 0) {
            long lastInput = resamplers[0].inputCount() - 1;
            int padding = resamplers[0].filter().delayInputSamples();
            double[][] inputs = new double[leads.length][padding];
            for (int i = 0; i < leads.length; i++) {
                Arrays.fill(inputs[i], leads[i].lastValue);
            }
            long firstOutput = resamplers[0].outputCount();
            feed(resample(inputs), firstOutput, lastInput, mapped);
        }
        delineator.finish(mapped);
    }

    /** Number of stream samples fed in this segment, not counting the padding of finish. */
    long inputSamples() {
        if (samplesBeforeFinish >= 0) {
            return samplesBeforeFinish;
        }
        if (resamplers.length == 0 || resamplers[0] == null) {
            return delineator.samples();
        }
        return resamplers[0].inputCount();
    }

    private double[][] resample(double[][] inputs) {
        double[][] outputs = new double[leads.length][];
        for (int i = 0; i < leads.length; i++) {
            outputs[i] = resamplers[i].process(inputs[i]);
        }
        return outputs;
    }

    /**
     * Feeds frames of the given per-lead values to the delineator. With resamplers, the values are
     * outputs firstOutput, firstOutput + 1, …, and the start-up outputs and those referring past
     * input {@code lastInput} are left out.
     */
    private void feed(double[][] values, long firstOutput, long lastInput, WaveSink mapped) {
        int length = values.length == 0 ? 0 : values[0].length;
        boolean resampled = resamplers.length > 0 && resamplers[0] != null;
        for (int s = 0; s < length; s++) {
            long n = firstOutput + s;
            if (resampled && n < skippedOutputs) {
                continue;
            }
            if (resampled && resamplers[0].inputIndexOf(n) > lastInput) {
                break;
            }
            for (int i = 0; i < leads.length; i++) {
                frame[leads[i].modelLead] = (float) values[i][s];
            }
            delineator.accept(frame, mapped);
        }
    }

    private WaveSink mapped(WaveSink waves) {
        return (lead, wave) -> waves.accept(lead, toStream(wave));
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
        if (resamplers.length == 0 || resamplers[0] == null) {
            segmentIndex = delineatorSample;
        } else {
            double inputIndex = resamplers[0].inputIndexOf(delineatorSample + skippedOutputs);
            segmentIndex = (long) Math.floor(inputIndex + 0.5);
        }
        return segmentStartIndex + Math.max(0, Math.min(lastFed, segmentIndex));
    }
}
