package org.medstream.model.waves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResampledFrames;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;

/**
 * Delineates the leads of one stream segment that may be sampled at another rate than the model's:
 * resamples each lead to the model's rate, steps one multi-lead {@link Delineator} with a frame of
 * all leads at a time, and maps the waves and labels it emits back to the segment's own sample
 * indices, counted from 0 at the segment's first sample. The Flink wave operator and the model
 * server both delineate through this class.
 *
 * <p>Wave mapping: {@link ResampledFrames} resamples the leads and maps the delineator's sample w
 * to the nearest segment sample, so a wave is off by at most half a segment sample from the
 * fractional position the model marked. At the model's own rate no resampler runs and w maps to w.
 *
 * <p>Label mapping ({@link WaveSink#label}): segment sample i takes the label of the model sample
 * nearest to it in time, round((i + K) · L / M) − n0 (halves up), clamped to the model samples
 * labelled. So with L > M some model labels are not reported, and with L < M several segment
 * samples repeat one. At the model's own rate sample i takes label i.
 *
 * <p>NOTE: a resampled segment starts with a smoothed step from 0 ({@link ResampledFrames}); waves
 * there are less reliable.
 *
 * <p>The label mapping's progress is not part of the snapshot: after a {@link #restore} labels
 * continue from the first model sample labelled then. The server, the only user of labels, never
 * restores. Not thread-safe; keep one per stream segment.
 */
public final class ResampledDelineation {
    private final ResampledFrames frames;
    private final int[] modelLeads;
    private final Delineator delineator;
    private final float[] frame;

    /** Per model lead, the next segment sample whose label is still to report; -1 before any. */
    private final long[] nextLabelSample;

    /** Per model lead, the last label the delineator reported, for the samples after it. */
    private final int[] lastLabel;

    /**
     * Creates the delineation of a segment not fed yet.
     *
     * @param filter the filter from the segment's rate to the model's, or null when the two are
     *     equal
     * @param delineator a new delineator of the model
     * @param modelLeads for each input lead, in the order {@link #accept} takes them, the index of
     *     the model lead it feeds
     * @param modelLeadCount number of leads the model takes
     */
    public ResampledDelineation(
            ResamplingFilter filter, Delineator delineator, int[] modelLeads, int modelLeadCount) {
        this.frames = new ResampledFrames(filter, modelLeads.length);
        this.modelLeads = modelLeads.clone();
        this.delineator = delineator;
        this.frame = new float[modelLeadCount];
        this.nextLabelSample = new long[modelLeadCount];
        this.lastLabel = new int[modelLeadCount];
        Arrays.fill(nextLabelSample, -1);
    }

    /**
     * Returns the frames a delineator gets for a whole segment, finish included: each lead
     * resampled to the model's rate, without the start-up outputs and those past the last sample.
     * With a null filter that is the segment itself.
     *
     * @param segment per lead, all of its samples, finite; all leads of equal length
     * @return per lead, its samples at the model's rate
     */
    public static float[][] toModelRate(ResamplingFilter filter, float[][] segment) {
        int leads = segment.length;
        int length = leads == 0 ? 0 : segment[0].length;
        double[][] inputs = new double[leads][length];
        for (int i = 0; i < leads; i++) {
            for (int s = 0; s < length; s++) {
                inputs[i][s] = segment[i][s];
            }
        }
        List<float[]> recorded = new ArrayList<>();
        ResampledFrames frames = new ResampledFrames(filter, leads);
        frames.accept(inputs, length, frame -> recorded.add(frame.clone()));
        frames.finish(frame -> recorded.add(frame.clone()));
        float[][] byLead = new float[leads][recorded.size()];
        for (int s = 0; s < recorded.size(); s++) {
            for (int lead = 0; lead < leads; lead++) {
                byLead[lead][s] = recorded.get(s)[lead];
            }
        }
        return byLead;
    }

    /**
     * Returns the number of frames a delineator gets for a segment of {@code segmentSamples},
     * finish included: the model samples n0 … floor((last + K) · L / M) with a filter, the
     * segment's own samples without one.
     */
    public static long modelSamples(ResamplingFilter filter, long segmentSamples) {
        if (filter == null || segmentSamples <= 0) {
            return Math.max(0, segmentSamples);
        }
        long last = segmentSamples - 1 + filter.delayInputSamples();
        long lastOutput = Math.floorDiv(last * filter.ratio().up(), filter.ratio().down());
        return Math.max(0, lastOutput + 1 - filter.startUpOutputs());
    }

    /** Returns whether the leads are resampled, that is whether the rates differ. */
    public boolean resampled() {
        return frames.resampled();
    }

    /**
     * Continues from the state of a delineation with the same filter, delineator model and leads.
     *
     * @param resamplerStates per input lead, its resampler's state; ignored without a filter
     * @throws IllegalArgumentException when a state does not fit the filter or the model
     */
    public void restore(StreamingResampler.Snapshot[] resamplerStates, DelineatorSnapshot state) {
        frames.restore(resamplerStates, state.samples());
        delineator.restore(state);
    }

    /**
     * Returns, per input lead, its resampler's state for a checkpoint, with null entries when no
     * resampler runs.
     */
    public StreamingResampler.Snapshot[] resamplerSnapshots() {
        return frames.snapshots();
    }

    /** Returns the delineator's state for a checkpoint. */
    public DelineatorSnapshot delineatorSnapshot() {
        return delineator.snapshot();
    }

    /**
     * Feeds the next {@code count} samples of every lead, finite and in mV; {@code waves} receives
     * the waves and labels they complete, in segment sample indices.
     *
     * @param samples per input lead, samples[lead][0 .. count)
     */
    public void accept(double[][] samples, int count, WaveSink waves) {
        WaveSink mapped = mapped(waves);
        frames.accept(samples, count, values -> step(values, mapped));
    }

    /**
     * Ends the segment: flushes the resamplers' last K inputs by repeating each lead's last value,
     * then lets the delineator label the samples still unlabelled and emit the waves it still
     * holds. Segment samples past the last model sample labelled take its label. Must not be fed
     * afterwards.
     */
    public void finish(WaveSink waves) {
        WaveSink mapped = mapped(waves);
        frames.finish(values -> step(values, mapped));
        delineator.finish(mapped);
        long samplesBeforeFinish = frames.inputSamples();
        for (int lead = 0; lead < nextLabelSample.length; lead++) {
            for (long i = nextLabelSample[lead]; i >= 0 && i < samplesBeforeFinish; i++) {
                waves.label(lead, i, lastLabel[lead]);
            }
        }
    }

    /** Number of segment samples fed, not counting the padding of finish. */
    public long inputSamples() {
        return frames.inputSamples();
    }

    /** Gives the delineator one frame of the input leads, placed at their model leads. */
    private void step(float[] values, WaveSink mapped) {
        for (int i = 0; i < values.length; i++) {
            frame[modelLeads[i]] = values[i];
        }
        delineator.accept(frame, mapped);
    }

    private WaveSink mapped(WaveSink waves) {
        return new WaveSink() {
            @Override
            public void accept(int lead, Wave wave) {
                waves.accept(lead, toSegment(wave));
            }

            @Override
            public void label(int lead, long sample, int label) {
                reportLabel(lead, sample, label, waves);
            }
        };
    }

    /** Reports model sample w's label for the segment samples nearest to it that are fed. */
    private void reportLabel(int lead, long modelSample, int label, WaveSink waves) {
        long from = nextLabelSample[lead] >= 0 ? nextLabelSample[lead] : firstNearest(modelSample);
        long to = Math.min(firstNearest(modelSample + 1), inputSamples());
        for (long i = from; i < to; i++) {
            waves.label(lead, i, label);
        }
        nextLabelSample[lead] = Math.max(from, to);
        lastLabel[lead] = label;
    }

    /**
     * Returns the first segment sample whose nearest model sample is w or later, as the class
     * comment defines nearest, in integer arithmetic.
     */
    private long firstNearest(long modelSample) {
        ResamplingFilter filter = frames.filter();
        if (filter == null) {
            return Math.max(0, modelSample);
        }
        if (modelSample <= 0) {
            return 0;
        }
        // nearest(i) = floor((2 (i + K) L + M) / (2 M)) − n0 >= w
        //   ⇔ 2 (i + K) L >= 2 M (w + n0) − M ⇔ i >= ceil((2 M (w + n0) − M) / (2 L)) − K.
        long up = filter.ratio().up();
        long down = filter.ratio().down();
        long numerator = 2 * down * (modelSample + frames.skippedOutputs()) - down;
        long first = Math.floorDiv(numerator + 2 * up - 1, 2 * up) - filter.delayInputSamples();
        return Math.max(0, first);
    }

    private Wave toSegment(Wave wave) {
        return new Wave(
                wave.kind(),
                toSegmentIndex(wave.onset()),
                toSegmentIndex(wave.peak()),
                toSegmentIndex(wave.offset()));
    }

    /** Maps delineator sample w to a segment sample index, as the class comment describes. */
    private long toSegmentIndex(long delineatorSample) {
        return frames.segmentIndexOf(delineatorSample);
    }
}
