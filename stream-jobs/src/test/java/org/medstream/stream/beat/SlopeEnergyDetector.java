package org.medstream.stream.beat;

import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.BeatListener;

/**
 * Small but real R-peak detector for tests of the plumbing: the squared first difference is summed
 * over 150 ms; where that energy exceeds 30 % of a running estimate of the QRS energy, the largest
 * sample value within at most 300 ms is the R peak. The first 2 s only learn the energy level. It
 * finds upright R peaks of a clean lead and does not classify (class Q).
 */
public final class SlopeEnergyDetector implements BeatDetector<SlopeEnergyState> {
    private static final long serialVersionUID = 1L;

    private static final double WINDOW_SECONDS = 0.15;
    private static final double LEARNING_SECONDS = 2.0;
    private static final double MAX_REGION_SECONDS = 0.3;
    private static final double REFRACTORY_SECONDS = 0.25;
    private static final double THRESHOLD_FRACTION = 0.3;
    private static final double MIN_THRESHOLD = 1e-6;

    @Override
    public String name() {
        return "slope-energy-test";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Class<SlopeEnergyState> stateClass() {
        return SlopeEnergyState.class;
    }

    @Override
    public SlopeEnergyState createState(double samplingFrequencyHz) {
        SlopeEnergyState state = new SlopeEnergyState();
        state.samplingFrequencyHz = samplingFrequencyHz;
        state.window =
                new double[(int) Math.max(1, Math.round(WINDOW_SECONDS * samplingFrequencyHz))];
        state.previous = Float.NaN;
        state.lastBeatIndex = Long.MIN_VALUE / 2;
        return state;
    }

    @Override
    public void process(
            SlopeEnergyState state,
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            BeatListener listener) {
        double fs = state.samplingFrequencyHz;
        for (int i = 0; i < count; i++) {
            long index = firstSampleIndex + i;
            float value = samples[offset + i];
            double energy = 0;
            if (Float.isNaN(value)) {
                value = Float.isNaN(state.previous) ? 0f : state.previous;
            } else if (!Float.isNaN(state.previous)) {
                double slope = value - state.previous;
                energy = slope * slope;
            }
            state.previous = value;
            state.windowSum += energy - state.window[state.windowPosition];
            state.window[state.windowPosition] = energy;
            state.windowPosition = (state.windowPosition + 1) % state.window.length;
            state.samplesSeen++;

            if (state.samplesSeen <= LEARNING_SECONDS * fs) {
                state.learningMax = Math.max(state.learningMax, state.windowSum);
                state.peakEnergyEstimate = state.learningMax;
                continue;
            }
            double threshold =
                    Math.max(MIN_THRESHOLD, THRESHOLD_FRACTION * state.peakEnergyEstimate);

            if (!state.inRegion) {
                if (state.windowSum > threshold
                        && index - state.lastBeatIndex > REFRACTORY_SECONDS * fs) {
                    state.inRegion = true;
                    state.regionStart = index;
                    state.peakIndex = index;
                    state.peakValue = value;
                    state.regionEnergyMax = state.windowSum;
                }
                continue;
            }

            if (value > state.peakValue) {
                state.peakValue = value;
                state.peakIndex = index;
            }
            state.regionEnergyMax = Math.max(state.regionEnergyMax, state.windowSum);
            if (state.windowSum < threshold
                    || index - state.regionStart >= MAX_REGION_SECONDS * fs) {
                endRegion(state, listener);
            }
        }
    }

    private static void endRegion(SlopeEnergyState state, BeatListener listener) {
        state.inRegion = false;
        state.lastBeatIndex = state.peakIndex;
        state.peakEnergyEstimate = 0.875 * state.peakEnergyEstimate + 0.125 * state.regionEnergyMax;
        listener.onBeat(state.peakIndex, 'Q');
    }

    @Override
    public void finish(SlopeEnergyState state, BeatListener listener) {
        if (state.inRegion) {
            endRegion(state, listener);
        }
    }

    @Override
    public double maxDelaySeconds() {
        return MAX_REGION_SECONDS + 0.05;
    }
}
