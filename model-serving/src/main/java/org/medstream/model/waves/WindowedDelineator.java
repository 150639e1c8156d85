package org.medstream.model.waves;

import java.util.ArrayList;
import java.util.List;

/**
 * Delineates with a model that labels whole windows of one lead, such as MedTsLLM. Once W frames
 * have arrived, and then every S frames, it labels the last W samples of every lead the stream has
 * in one call. Each lead's labels then go to that lead's wave assembler.
 *
 * <p>Stitching: consecutive windows overlap by W − S samples. A sample takes its label from the
 * window in which it lies farthest from an edge: each window contributes its middle S samples, from
 * M = (W − S) / 2 to W − M, the first window also its first M samples. At the end of the stream one
 * more window, ending at the last sample, labels the samples still unlabelled; a stream shorter
 * than W is padded with its last frame. So a sample's label comes W − M samples after it at most,
 * once the first window has run (W − 1 for the first window's samples).
 *
 * <p>The delineator keeps the last W frames, whatever the length of the stream. Not thread-safe;
 * keep one per stream.
 */
public final class WindowedDelineator implements Delineator {

    /** Labels windows of one lead each, all of the delineator's window length. */
    @FunctionalInterface
    public interface WindowLabeller {
        /**
         * Returns the class index of every sample of every window: 0 none, 1 P, 2 QRS, 3 T.
         *
         * @param windows windows of equal length, one per lead, in model lead order
         */
        int[][] label(List<float[]> windows);
    }

    private final WindowLabeller labeller;
    private final int window;
    private final int step;
    private final int margin;
    private final int leads;
    private final boolean[] present;
    private final WaveAssembler[] assemblers;

    /** The last W frames, frame of sample s at (s mod W) · L. */
    private final float[] recentFrames;

    private long samples;

    /**
     * Creates a delineator for a stream sampled at the rate the model was trained for.
     *
     * @param window samples per window, W
     * @param step samples between the starts of consecutive windows, S, at most W, with W − S even
     * @param present for each model lead, whether the stream has it; absent leads get no waves
     */
    public WindowedDelineator(
            WindowLabeller labeller,
            int window,
            int step,
            WaveRules rules,
            double samplingFrequencyHz,
            boolean[] present) {
        if (window < 1 || step < 1 || step > window || (window - step) % 2 != 0) {
            throw new IllegalArgumentException(
                    "Invalid window "
                            + window
                            + " and step "
                            + step
                            + "; expected 1 <= step <= window with window - step even");
        }
        this.labeller = labeller;
        this.window = window;
        this.step = step;
        this.margin = (window - step) / 2;
        this.leads = present.length;
        this.present = present.clone();
        this.assemblers = new WaveAssembler[leads];
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead] = new WaveAssembler(rules, samplingFrequencyHz);
        }
        this.recentFrames = new float[window * leads];
    }

    /** Samples from a sample to its label at most, once the first window has run: W − M. */
    public static int delaySamples(int window, int step) {
        return window - (window - step) / 2;
    }

    @Override
    public void accept(float[] frame, WaveSink waves) {
        int slot = slot(samples);
        for (int lead = 0; lead < leads; lead++) {
            recentFrames[slot + lead] = present[lead] ? frame[lead] : 0f;
        }
        samples++;
        if (samples >= window && (samples - window) % step == 0) {
            long start = samples - window;
            long from = start == 0 ? 0 : start + margin;
            label(start, from, start + window - margin, waves);
        }
    }

    @Override
    public void finish(WaveSink waves) {
        if (samples > 0) {
            long labelledEnd = labelledEnd();
            if (labelledEnd < samples) {
                if (samples < window) {
                    padToWindow();
                }
                label(Math.max(0, samples - window), labelledEnd, samples, waves);
            }
        }
        for (int lead = 0; lead < leads; lead++) {
            int index = lead;
            assemblers[lead].finish(wave -> waves.accept(index, wave));
        }
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public DelineatorSnapshot snapshot() {
        List<WaveAssembler.State> assemblerStates = new ArrayList<>();
        for (WaveAssembler assembler : assemblers) {
            assemblerStates.add(assembler.state());
        }
        return new DelineatorSnapshot(
                new double[0], samples, recentFrames.clone(), assemblerStates);
    }

    @Override
    public void restore(DelineatorSnapshot snapshot) {
        if (snapshot.recentFrames().length != recentFrames.length
                || snapshot.assemblers().size() != assemblers.length
                || snapshot.network().length != 0) {
            throw new IllegalArgumentException(
                    "Snapshot of "
                            + snapshot.assemblers().size()
                            + " leads, "
                            + snapshot.recentFrames().length
                            + " recent values and "
                            + snapshot.network().length
                            + " network values does not fit this windowed model ("
                            + leads
                            + " leads, "
                            + recentFrames.length
                            + " recent values, no network state); was it taken with another"
                            + " model?");
        }
        samples = snapshot.samples();
        System.arraycopy(snapshot.recentFrames(), 0, recentFrames, 0, recentFrames.length);
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead].restore(snapshot.assemblers().get(lead));
        }
    }

    /** First sample without a label: the end of the middle part of the last window run. */
    private long labelledEnd() {
        if (samples < window) {
            return 0;
        }
        long lastStart = (samples - window) / step * step;
        return lastStart + window - margin;
    }

    /**
     * Fills the frames after the last one up to W with copies of it, so that a stream shorter than
     * one window can be labelled. Only {@link #finish} calls this; the samples count stays.
     */
    private void padToWindow() {
        int last = slot(samples - 1);
        for (long s = samples; s < window; s++) {
            System.arraycopy(recentFrames, last, recentFrames, slot(s), leads);
        }
    }

    /**
     * Labels the window of W samples from {@code start} (padded frames included) and feeds the
     * labels of samples {@code from} to {@code to} (exclusive) to the assemblers.
     */
    private void label(long start, long from, long to, WaveSink waves) {
        List<float[]> windows = new ArrayList<>();
        List<Integer> labelledLeads = new ArrayList<>();
        for (int lead = 0; lead < leads; lead++) {
            if (!present[lead]) {
                continue;
            }
            float[] values = new float[window];
            for (int i = 0; i < window; i++) {
                values[i] = recentFrames[slot(start + i) + lead];
            }
            windows.add(values);
            labelledLeads.add(lead);
        }
        if (windows.isEmpty()) {
            return;
        }
        int[][] labels = labeller.label(windows);
        for (int w = 0; w < windows.size(); w++) {
            int lead = labelledLeads.get(w);
            for (long sample = from; sample < to; sample++) {
                int offset = (int) (sample - start);
                waves.label(lead, sample, labels[w][offset]);
                assemblers[lead].accept(
                        sample,
                        labels[w][offset],
                        windows.get(w)[offset],
                        wave -> waves.accept(lead, wave));
            }
        }
    }

    private int slot(long sample) {
        return (int) (sample % window) * leads;
    }
}
