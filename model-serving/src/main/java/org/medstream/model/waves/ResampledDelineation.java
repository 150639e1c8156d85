package org.medstream.model.waves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;

/**
 * Delineates the leads of one stream segment that may be sampled at another rate than the model's:
 * resamples each lead to the model's rate, steps one multi-lead {@link Delineator} with a frame of
 * all leads at a time, and maps the waves and labels it emits back to the segment's own sample
 * indices, counted from 0 at the segment's first sample. The Flink wave operator and the model
 * server both delineate through this class.
 *
 * <p>Wave mapping: the delineator's sample w is resampler output n = w + n0, where n0 is the number
 * of start-up outputs that refer to input indices before the segment's first sample; the delineator
 * never receives them. Output n refers to the fractional input index {@link
 * ResamplingFilter#inputIndexOf(long)} = n · M / L − K, which already takes out the filter's group
 * delay K. That index is rounded to the nearest segment sample (halves up) and clamped to the
 * samples fed, so a wave is off by at most half a segment sample from the fractional position the
 * model marked. At the model's own rate no resampler runs and w maps to w. Every lead has its own
 * resampler of the same rates and gets the same number of samples, so the leads' outputs line up
 * into frames.
 *
 * <p>Label mapping ({@link WaveSink#label}): segment sample i takes the label of the model sample
 * nearest to it in time, round((i + K) · L / M) − n0 (halves up), clamped to the model samples
 * labelled. So with L > M some model labels are not reported, and with L < M several segment
 * samples repeat one. At the model's own rate sample i takes label i.
 *
 * <p>NOTE: the filter history of the first outputs fed still contains the zeros before the
 * segment's first sample, so a resampled segment starts with a smoothed step from 0 over about K
 * input samples; waves there are less reliable.
 *
 * <p>The label mapping's progress is not part of the snapshot: after a {@link #restore} labels
 * continue from the first model sample labelled then. The server, the only user of labels, never
 * restores. Not thread-safe; keep one per stream segment.
 */
public final class ResampledDelineation {
    private final StreamingResampler[] resamplers;
    private final int[] modelLeads;
    private final Delineator delineator;
    private final float[] frame;

    /** Resampler outputs skipped at the segment start, n0 above; 0 without resamplers. */
    private final long skippedOutputs;

    /** Per model lead, the next segment sample whose label is still to report; -1 before any. */
    private final long[] nextLabelSample;

    /** Per model lead, the last label the delineator reported, for the samples after it. */
    private final int[] lastLabel;

    /** Segment samples fed before {@link #finish} started padding; -1 until then. */
    private long samplesBeforeFinish = -1;

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
        this.resamplers = new StreamingResampler[modelLeads.length];
        if (filter != null) {
            for (int i = 0; i < resamplers.length; i++) {
                resamplers[i] = filter.newStream();
            }
        }
        this.modelLeads = modelLeads.clone();
        this.delineator = delineator;
        this.frame = new float[modelLeadCount];
        this.skippedOutputs = filter == null ? 0 : filter.startUpOutputs();
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
        int[] modelLeads = new int[leads];
        double[][] inputs = new double[leads][length];
        for (int i = 0; i < leads; i++) {
            modelLeads[i] = i;
            for (int s = 0; s < length; s++) {
                inputs[i][s] = segment[i][s];
            }
        }
        FrameRecorder recorder = new FrameRecorder(leads);
        ResampledDelineation delineation =
                new ResampledDelineation(filter, recorder, modelLeads, leads);
        WaveSink none = (lead, wave) -> {};
        delineation.accept(inputs, length, none);
        delineation.finish(none);
        return recorder.frames();
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
        return filter() != null;
    }

    private ResamplingFilter filter() {
        return resamplers.length == 0 || resamplers[0] == null ? null : resamplers[0].filter();
    }

    /**
     * Continues from the state of a delineation with the same filter, delineator model and leads.
     *
     * @param resamplerStates per input lead, its resampler's state; ignored without a filter
     * @throws IllegalArgumentException when a state does not fit the filter or the model
     */
    public void restore(StreamingResampler.Snapshot[] resamplerStates, DelineatorSnapshot state) {
        if (resampled()) {
            for (int i = 0; i < resamplers.length; i++) {
                resamplers[i].restore(resamplerStates[i]);
            }
        }
        delineator.restore(state);
    }

    /**
     * Returns, per input lead, its resampler's state for a checkpoint, with null entries when no
     * resampler runs.
     */
    public StreamingResampler.Snapshot[] resamplerSnapshots() {
        StreamingResampler.Snapshot[] states = new StreamingResampler.Snapshot[resamplers.length];
        for (int i = 0; i < resamplers.length; i++) {
            states[i] = resamplers[i] == null ? null : resamplers[i].snapshot();
        }
        return states;
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
        if (!resampled()) {
            double[][] values = new double[samples.length][];
            for (int i = 0; i < samples.length; i++) {
                values[i] = count == samples[i].length ? samples[i] : slice(samples[i], count);
            }
            feed(values, 0, Long.MAX_VALUE, mapped);
            return;
        }
        long firstOutput = resamplers[0].outputCount();
        double[][] inputs = new double[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            inputs[i] = slice(samples[i], count);
        }
        feed(resample(inputs), firstOutput, Long.MAX_VALUE, mapped);
    }

    private static double[] slice(double[] values, int count) {
        return Arrays.copyOf(values, count);
    }

    /**
     * Ends the segment: flushes the resamplers' last K inputs by repeating each lead's last value,
     * then lets the delineator label the samples still unlabelled and emit the waves it still
     * holds. Segment samples past the last model sample labelled take its label. Must not be fed
     * afterwards.
     */
    public void finish(WaveSink waves) {
        samplesBeforeFinish = inputSamples();
        WaveSink mapped = mapped(waves);
        if (resampled() && resamplers[0].inputCount() > 0) {
            long lastInput = resamplers[0].inputCount() - 1;
            int padding = resamplers[0].filter().delayInputSamples();
            double[][] inputs = new double[resamplers.length][padding];
            for (int i = 0; i < resamplers.length; i++) {
                Arrays.fill(inputs[i], resamplers[i].snapshot().recentInputs()[0]);
            }
            long firstOutput = resamplers[0].outputCount();
            feed(resample(inputs), firstOutput, lastInput, mapped);
        }
        delineator.finish(mapped);
        for (int lead = 0; lead < nextLabelSample.length; lead++) {
            for (long i = nextLabelSample[lead]; i >= 0 && i < samplesBeforeFinish; i++) {
                waves.label(lead, i, lastLabel[lead]);
            }
        }
    }

    /** Number of segment samples fed, not counting the padding of finish. */
    public long inputSamples() {
        if (samplesBeforeFinish >= 0) {
            return samplesBeforeFinish;
        }
        if (!resampled()) {
            return delineator.samples();
        }
        return resamplers[0].inputCount();
    }

    private double[][] resample(double[][] inputs) {
        double[][] outputs = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
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
        boolean resampled = resampled();
        for (int s = 0; s < length; s++) {
            long n = firstOutput + s;
            if (resampled && n < skippedOutputs) {
                continue;
            }
            if (resampled && resamplers[0].inputIndexOf(n) > lastInput) {
                break;
            }
            for (int i = 0; i < values.length; i++) {
                frame[modelLeads[i]] = (float) values[i][s];
            }
            delineator.accept(frame, mapped);
        }
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
        ResamplingFilter filter = filter();
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
        long numerator = 2 * down * (modelSample + skippedOutputs) - down;
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
        long lastFed = Math.max(0, inputSamples() - 1);
        long segmentIndex;
        if (!resampled()) {
            segmentIndex = delineatorSample;
        } else {
            double inputIndex = resamplers[0].inputIndexOf(delineatorSample + skippedOutputs);
            segmentIndex = (long) Math.floor(inputIndex + 0.5);
        }
        return Math.max(0, Math.min(lastFed, segmentIndex));
    }

    /** A delineator that only keeps the frames it gets, for {@link #toModelRate}. */
    private static final class FrameRecorder implements Delineator {
        private final int leads;
        private final List<float[]> frames = new ArrayList<>();

        FrameRecorder(int leads) {
            this.leads = leads;
        }

        @Override
        public void accept(float[] frame, WaveSink waves) {
            frames.add(frame.clone());
        }

        @Override
        public void finish(WaveSink waves) {}

        @Override
        public long samples() {
            return frames.size();
        }

        float[][] frames() {
            float[][] byLead = new float[leads][frames.size()];
            for (int s = 0; s < frames.size(); s++) {
                for (int lead = 0; lead < leads; lead++) {
                    byLead[lead][s] = frames.get(s)[lead];
                }
            }
            return byLead;
        }

        @Override
        public DelineatorSnapshot snapshot() {
            throw new UnsupportedOperationException("A frame recorder has no checkpoint");
        }

        @Override
        public void restore(DelineatorSnapshot snapshot) {
            throw new UnsupportedOperationException("A frame recorder has no checkpoint");
        }
    }
}
