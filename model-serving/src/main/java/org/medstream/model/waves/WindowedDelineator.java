package org.medstream.model.waves;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.windows.WindowTiler;

/**
 * Delineates with a model that labels whole windows of one lead, such as MedTsLLM. A {@link
 * WindowTiler} cuts the stream into windows; the windows of every lead the stream has at one step
 * are labelled in one call, and each lead's stitched labels go to that lead's wave assembler.
 * {@link WindowTiler} describes the stitching and the delay.
 *
 * <p>Not thread-safe; keep one per stream.
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
    private final int leads;
    private final boolean[] present;
    private final WaveAssembler[] assemblers;
    private final WindowTiler tiler;
    private final float[] frame;

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
        this.labeller = labeller;
        this.tiler = new WindowTiler(window, step, present.length);
        this.leads = present.length;
        this.present = present.clone();
        this.assemblers = new WaveAssembler[leads];
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead] = new WaveAssembler(rules, samplingFrequencyHz);
        }
        this.frame = new float[leads];
    }

    /** Samples from a sample to its label at most, once the first window has run: W − M. */
    public static int delaySamples(int window, int step) {
        return WindowTiler.delaySamples(window, step);
    }

    @Override
    public void accept(float[] values, WaveSink waves) {
        for (int lead = 0; lead < leads; lead++) {
            frame[lead] = present[lead] ? values[lead] : 0f;
        }
        tiler.accept(frame, (start, from, to) -> label(start, from, to, waves));
    }

    @Override
    public void finish(WaveSink waves) {
        tiler.finish((start, from, to) -> label(start, from, to, waves));
        for (int lead = 0; lead < leads; lead++) {
            int index = lead;
            assemblers[lead].finish(wave -> waves.accept(index, wave));
        }
    }

    @Override
    public long samples() {
        return tiler.samples();
    }

    @Override
    public DelineatorSnapshot snapshot() {
        List<WaveAssembler.State> assemblerStates = new ArrayList<>();
        for (WaveAssembler assembler : assemblers) {
            assemblerStates.add(assembler.state());
        }
        return new DelineatorSnapshot(
                new double[0], tiler.samples(), tiler.recentFrames(), assemblerStates);
    }

    @Override
    public void restore(DelineatorSnapshot snapshot) {
        int recentValues = tiler.windowLength() * leads;
        if (snapshot.recentFrames().length != recentValues
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
                            + recentValues
                            + " recent values, no network state); was it taken with another"
                            + " model?");
        }
        tiler.restore(snapshot.samples(), snapshot.recentFrames());
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead].restore(snapshot.assemblers().get(lead));
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
            windows.add(tiler.window(start, lead));
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
}
