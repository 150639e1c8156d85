package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;

/**
 * Life-threatening arrhythmia rules evaluated on one stream's beats, in the stream's own sample
 * clock:
 *
 * <ul>
 *   <li>asystole: no QRS complex for {@code asystoleSeconds} (default 4 s). The alert fires once
 *       the detector has reported every beat up to {@code lastBeat + asystoleSeconds} and none was
 *       found, so an RR interval of exactly 4 s raises nothing and 4 s plus one sample raises it;
 *   <li>extreme bradycardia: the instantaneous rate {@code 60 / RR} below {@code bradycardiaBpm}
 *       (default 40 bpm) for {@code bradycardiaBeats} (default 5) consecutive beats;
 *   <li>extreme tachycardia: the instantaneous rate above {@code tachycardiaBpm} (default 140 bpm)
 *       for {@code tachycardiaBeats} (default 17) consecutive beats.
 * </ul>
 *
 * <p>Each episode raises one alert; a rule re-arms when its condition clears (a beat ends the
 * asystole, a beat outside the rate limit ends a rate run). Alerts depend only on beat indices and
 * detection progress, never on chunk boundaries or arrival time.
 */
public final class AlarmRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double asystoleSeconds;
    private final double bradycardiaBpm;
    private final int bradycardiaBeats;
    private final double tachycardiaBpm;
    private final int tachycardiaBeats;

    public AlarmRules(
            double asystoleSeconds,
            double bradycardiaBpm,
            int bradycardiaBeats,
            double tachycardiaBpm,
            int tachycardiaBeats) {
        if (!(asystoleSeconds > 0) || bradycardiaBeats < 1 || tachycardiaBeats < 1) {
            throw new IllegalArgumentException(
                    "Alarm limits must be positive, got asystoleSeconds="
                            + asystoleSeconds
                            + " bradycardiaBeats="
                            + bradycardiaBeats
                            + " tachycardiaBeats="
                            + tachycardiaBeats);
        }
        this.asystoleSeconds = asystoleSeconds;
        this.bradycardiaBpm = bradycardiaBpm;
        this.bradycardiaBeats = bradycardiaBeats;
        this.tachycardiaBpm = tachycardiaBpm;
        this.tachycardiaBeats = tachycardiaBeats;
    }

    /** Asystole 4 s, extreme bradycardia below 40 bpm for 5 beats, above 140 bpm for 17 beats. */
    public static AlarmRules defaults() {
        return new AlarmRules(4.0, 40.0, 5, 140.0, 17);
    }

    /** Starts a new observation (new stream, or after a gap) at {@code firstSampleIndex}. */
    public void reset(AlarmState state, long firstSampleIndex) {
        state.asystoleReferenceIndex = firstSampleIndex;
        state.asystoleRaised = false;
        state.bradycardiaRun = 0;
        state.bradycardiaRaised = false;
        state.tachycardiaRun = 0;
        state.tachycardiaRaised = false;
    }

    /**
     * Evaluates one beat; beats arrive in increasing sample order.
     *
     * @param rrSamples samples since the previous beat, or a value below 1 when unknown
     */
    public void onBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            Consumer<Alert> out) {
        // A beat after a long pause confirms the asystole the progress check had not reached yet
        // (large chunks), with the same onset and confirmation index it would have had.
        raiseAsystoleIfConfirmed(state, alerts, beatIndex - 1, out);
        // A hold for an absent lead may already reach past a beat the detector reports late.
        state.asystoleReferenceIndex = Math.max(state.asystoleReferenceIndex, beatIndex);
        state.asystoleRaised = false;

        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        double rateBpm = rrSamples >= 1 ? 60.0 * samplingFrequencyHz / rrSamples : Double.NaN;

        if (rateBpm < bradycardiaBpm) {
            if (state.bradycardiaRun == 0) {
                state.bradycardiaOnsetIndex = beatIndex;
                state.bradycardiaRrSamplesSum = 0;
            }
            state.bradycardiaRun++;
            state.bradycardiaRrSamplesSum += rrSamples;
            if (state.bradycardiaRun >= bradycardiaBeats && !state.bradycardiaRaised) {
                state.bradycardiaRaised = true;
                double meanBpm =
                        60.0
                                * samplingFrequencyHz
                                * state.bradycardiaRun
                                / state.bradycardiaRrSamplesSum;
                out.accept(
                        alerts.physiological(
                                AlertType.EXTREME_BRADYCARDIA,
                                state.bradycardiaOnsetIndex,
                                beatIndex,
                                meanBpm,
                                String.format(
                                        Locale.ROOT,
                                        "Extreme bradycardia: %d consecutive beats below %.0f"
                                                + " bpm, mean %.1f bpm",
                                        state.bradycardiaRun,
                                        bradycardiaBpm,
                                        meanBpm)));
            }
        } else {
            state.bradycardiaRun = 0;
            state.bradycardiaRaised = false;
        }

        if (rateBpm > tachycardiaBpm) {
            if (state.tachycardiaRun == 0) {
                state.tachycardiaOnsetIndex = beatIndex;
                state.tachycardiaRrSamplesSum = 0;
            }
            state.tachycardiaRun++;
            state.tachycardiaRrSamplesSum += rrSamples;
            if (state.tachycardiaRun >= tachycardiaBeats && !state.tachycardiaRaised) {
                state.tachycardiaRaised = true;
                double meanBpm =
                        60.0
                                * samplingFrequencyHz
                                * state.tachycardiaRun
                                / state.tachycardiaRrSamplesSum;
                out.accept(
                        alerts.physiological(
                                AlertType.EXTREME_TACHYCARDIA,
                                state.tachycardiaOnsetIndex,
                                beatIndex,
                                meanBpm,
                                String.format(
                                        Locale.ROOT,
                                        "Extreme tachycardia: %d consecutive beats above %.0f"
                                                + " bpm, mean %.1f bpm",
                                        state.tachycardiaRun,
                                        tachycardiaBpm,
                                        meanBpm)));
            }
        } else {
            state.tachycardiaRun = 0;
            state.tachycardiaRaised = false;
        }
    }

    /**
     * Raises asystole when the detector has reported every beat up to {@code detectedThroughIndex}
     * and the last one is at least {@code asystoleSeconds} back.
     */
    public void onProgress(
            AlarmState state, AlertFactory alerts, long detectedThroughIndex, Consumer<Alert> out) {
        raiseAsystoleIfConfirmed(state, alerts, detectedThroughIndex, out);
    }

    /**
     * Restarts the asystole clock at {@code noSignalThroughIndex}, because the detector reports
     * that the lead carried no signal (flat or missing): that is a technical condition, not
     * asystole. Asystole can fire again once the signal has returned for {@code asystoleSeconds}
     * without a beat.
     */
    public void holdAsystole(AlarmState state, long noSignalThroughIndex) {
        if (noSignalThroughIndex > state.asystoleReferenceIndex) {
            state.asystoleReferenceIndex = noSignalThroughIndex;
            state.asystoleRaised = false;
        }
    }

    private void raiseAsystoleIfConfirmed(
            AlarmState state, AlertFactory alerts, long beatFreeThroughIndex, Consumer<Alert> out) {
        long confirmIndex =
                state.asystoleReferenceIndex + alerts.clock().samplesIn(asystoleSeconds);
        if (state.asystoleRaised || beatFreeThroughIndex < confirmIndex) {
            return;
        }
        state.asystoleRaised = true;
        out.accept(
                alerts.physiological(
                        AlertType.ASYSTOLE,
                        state.asystoleReferenceIndex,
                        confirmIndex,
                        null,
                        String.format(
                                Locale.ROOT,
                                "Asystole: no QRS complex for %.1f s",
                                asystoleSeconds)));
    }
}
