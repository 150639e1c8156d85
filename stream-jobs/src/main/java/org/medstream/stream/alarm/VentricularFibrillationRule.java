package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;

/**
 * The {@code VENTRICULAR_FLUTTER_FIBRILLATION} alarm: a high-priority physiological alarm raised
 * when the primary ECG lead shows a fibrillatory waveform for {@code
 * ventricularFibrillationSeconds} (default 4 s, the PhysioNet/CinC Challenge 2015 definition), and
 * ended when it has not shown one for as long.
 *
 * <p>The waveform is judged on the samples, not on beats, because a QRS detector finds no reliable
 * beats in ventricular fibrillation. The lead is band-passed (one-pole high-pass at {@value
 * #HIGH_PASS_HZ} Hz against baseline wander, one-pole low-pass at {@value #LOW_PASS_HZ} Hz), and
 * every {@value #STEP_SECONDS} s of the stream's sample clock the last {@value #WINDOW_SECONDS} s
 * are measured with the {@link VfFilterLeakage VF filter leakage of Kuo and Dillman}. A window is
 * fibrillatory when its leakage is below {@value #LEAKAGE_BELOW} and its estimated mean frequency
 * lies from {@value #MIN_FREQUENCY_HZ} to {@value #MAX_FREQUENCY_HZ} Hz. The frequency band keeps
 * out slow sinusoid-like signals such as residual baseline wander and fast ones such as mains hum.
 *
 * <p>The alarm starts at the first decision at which the consecutive fibrillatory windows span the
 * limit, from the first sample of the first one; its onset fixes the alert id. When every window
 * that lies wholly in a fibrillation from sample {@code t} on is fibrillatory, the alarm is raised
 * at the latest the limit plus one step after {@code t}, because the first such window starts
 * within one step of {@code t}. A window that is only partly fibrillation can count too, so the
 * onset can lie up to one window before {@code t} and the alarm can come earlier.
 *
 * <p>Noise is the main source of false fibrillation alarms, so a window is not judged when it
 * reaches back to a chunk that the ingest gate flagged noisy, saturated, flat or with missing
 * samples, to a sample that is not a number, or to a stretch the detector reports flat or missing
 * ({@link #hold}). An unjudged window interrupts both the fibrillatory and the non-fibrillatory
 * stretch. The detector's own unreliable-signal state is not used, because a fibrillating heart
 * makes it report exactly that.
 *
 * <p>NOTE: the leakage threshold was chosen on synthetic fibrillation and the bundled recordings,
 * none of which contains real ventricular fibrillation, so the sensitivity on real fibrillation is
 * not measured. Real fibrillation is less sinusoidal than the synthetic one, and windows of it with
 * a leakage above the threshold are missed.
 */
final class VentricularFibrillationRule implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String LABEL = "Ventricular flutter/fibrillation";

    /** Length of each measured window. */
    static final double WINDOW_SECONDS = 2.0;

    /** Stream time between two decisions. */
    static final double STEP_SECONDS = 1.0;

    /**
     * Leakage below which a window is fibrillatory, measured with this rule's filter and 2 s
     * windows. Real ventricular beats of MIT-BIH record 208 repeated at 150 to 200 bpm give 0.36 to
     * 0.59. The bundled sinus and ectopic rhythms and the noise stress records give 0.57 and more.
     * The synthetic fibrillation of the tests (every wave 4 to 7 Hz and 0.3 to 1.2 mV) gives 0.15
     * to 0.30. Repeated ventricular beats at 220 bpm and more, in the ventricular flutter range,
     * give 0.24 to 0.39 and may raise the alarm.
     */
    static final double LEAKAGE_BELOW = 0.33;

    /** Lowest estimated mean frequency of a fibrillatory window. */
    static final double MIN_FREQUENCY_HZ = 2.5;

    /** Highest estimated mean frequency of a fibrillatory window. */
    static final double MAX_FREQUENCY_HZ = 10.0;

    static final double HIGH_PASS_HZ = 1.0;
    static final double LOW_PASS_HZ = 30.0;

    private final AlarmThresholds thresholds;

    VentricularFibrillationRule(AlarmThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * Marks samples up to {@code throughIndex} unusable, because the detector reports the lead flat
     * or missing there.
     */
    void hold(VentricularFibrillationRun run, long throughIndex) {
        run.unusableThroughIndex = Math.max(run.unusableThroughIndex, throughIndex);
    }

    /**
     * Filters {@code count} samples of the primary lead from {@code lead[offset]}, the first at
     * sample index {@code firstIndex}, and judges every window that ends among them.
     *
     * @param flaggedPoor whether the ingest gate flagged these samples noisy, saturated, flat or
     *     with missing samples
     */
    void onSamples(
            VentricularFibrillationRun run,
            AlertFactory alerts,
            float[] lead,
            int offset,
            int count,
            long firstIndex,
            boolean flaggedPoor,
            Consumer<Alert> out) {
        if (thresholds.ventricularFibrillationSeconds() <= 0 || count <= 0) {
            return;
        }
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        int windowSamples = (int) alerts.clock().samplesIn(WINDOW_SECONDS);
        long stepSamples = alerts.clock().samplesIn(STEP_SECONDS);
        if (run.window == null || run.window.length != windowSamples) {
            run.window = new float[windowSamples];
            run.next = 0;
            run.filled = 0;
        }
        if (flaggedPoor) {
            hold(run, firstIndex + count - 1);
        }
        double highPassGain = onePoleHighPassGain(HIGH_PASS_HZ, samplingFrequencyHz);
        double lowPassGain = onePoleLowPassGain(LOW_PASS_HZ, samplingFrequencyHz);
        for (int k = 0; k < count; k++) {
            long index = firstIndex + k;
            float sample = lead[offset + k];
            float filtered;
            if (Float.isNaN(sample)) {
                hold(run, index);
                run.filterPrimed = false;
                filtered = 0f;
            } else {
                if (!run.filterPrimed) {
                    run.previousSample = sample;
                    run.highPass = 0;
                    run.lowPass = 0;
                    run.filterPrimed = true;
                }
                run.highPass = highPassGain * (run.highPass + sample - run.previousSample);
                run.previousSample = sample;
                run.lowPass += lowPassGain * (run.highPass - run.lowPass);
                filtered = (float) run.lowPass;
            }
            run.window[run.next] = filtered;
            run.next = (run.next + 1) % windowSamples;
            run.filled = Math.min(run.filled + 1, windowSamples);
            if ((index + 1) % stepSamples == 0) {
                decide(run, alerts, index, stepSamples, out);
            }
        }
    }

    private void decide(
            VentricularFibrillationRun run,
            AlertFactory alerts,
            long endIndex,
            long stepSamples,
            Consumer<Alert> out) {
        int windowSamples = run.window.length;
        long windowStart = endIndex - windowSamples + 1;
        // The filters settle within a fraction of a second, so a full window after a reset or an
        // unusable stretch is judged on filtered signal only.
        if (run.filled < windowSamples || run.unusableThroughIndex >= windowStart) {
            run.fibrillatorySinceIndex = -1;
            run.organisedSinceIndex = -1;
            return;
        }
        float[] ordered = new float[windowSamples];
        for (int i = 0; i < windowSamples; i++) {
            ordered[i] = run.window[(run.next + i) % windowSamples];
        }
        VfFilterLeakage.Result result =
                VfFilterLeakage.measure(
                        ordered, windowSamples, alerts.clock().samplingFrequencyHz());
        boolean fibrillatory =
                result.measured()
                        && result.leakage() < LEAKAGE_BELOW
                        && result.frequencyHz() >= MIN_FREQUENCY_HZ
                        && result.frequencyHz() <= MAX_FREQUENCY_HZ;
        if (result.measured()) {
            run.lastLeakage = result.leakage();
            run.lastFrequencyHz = result.frequencyHz();
        }
        long limitSamples = alerts.clock().samplesIn(thresholds.ventricularFibrillationSeconds());
        if (fibrillatory) {
            run.organisedSinceIndex = -1;
            if (run.fibrillatorySinceIndex < 0) {
                run.fibrillatorySinceIndex = windowStart;
            }
            if (!run.episode.active && endIndex - run.fibrillatorySinceIndex + 1 >= limitSamples) {
                out.accept(
                        run.episode.start(
                                alerts.physiological(
                                        AlertType.VENTRICULAR_FLUTTER_FIBRILLATION,
                                        run.fibrillatorySinceIndex,
                                        endIndex,
                                        null,
                                        String.format(
                                                Locale.ROOT,
                                                "%s: fibrillatory ECG waveform for %.1f s (VF"
                                                        + " filter leakage %.2f, about %.1f Hz)",
                                                LABEL,
                                                seconds(
                                                        alerts,
                                                        endIndex - run.fibrillatorySinceIndex + 1),
                                                result.leakage(),
                                                result.frequencyHz()))));
            }
            return;
        }
        run.fibrillatorySinceIndex = -1;
        if (!run.episode.active) {
            return;
        }
        if (run.organisedSinceIndex < 0) {
            // The previous decision was fibrillatory or not made, so the change lies in the newest
            // step at the earliest.
            run.organisedSinceIndex = endIndex - stepSamples + 1;
        }
        if (endIndex - run.organisedSinceIndex + 1 >= limitSamples) {
            out.accept(
                    run.episode.end(
                            alerts,
                            AlertType.VENTRICULAR_FLUTTER_FIBRILLATION,
                            endIndex,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "%s ended: no fibrillatory waveform for %.1f s",
                                    LABEL,
                                    seconds(alerts, endIndex - run.organisedSinceIndex + 1))));
            run.organisedSinceIndex = -1;
        }
    }

    private static double seconds(AlertFactory alerts, long samples) {
        return samples / alerts.clock().samplingFrequencyHz();
    }

    /** Gain {@code RC / (RC + dt)} of {@code y_i = g (y_(i-1) + x_i - x_(i-1))}. */
    private static double onePoleHighPassGain(double cutoffHz, double samplingFrequencyHz) {
        double rc = 1.0 / (2 * Math.PI * cutoffHz);
        double dt = 1.0 / samplingFrequencyHz;
        return rc / (rc + dt);
    }

    /** Gain {@code dt / (RC + dt)} of {@code y_i = y_(i-1) + g (x_i - y_(i-1))}. */
    private static double onePoleLowPassGain(double cutoffHz, double samplingFrequencyHz) {
        double rc = 1.0 / (2 * Math.PI * cutoffHz);
        double dt = 1.0 / samplingFrequencyHz;
        return dt / (rc + dt);
    }
}
