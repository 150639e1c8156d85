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
 *       for {@code tachycardiaBeats} (default 17) consecutive beats;
 *   <li>ventricular tachycardia: {@code ventricularBeats} (default 5) or more consecutive beats
 *       that the detector classes as ventricular, at a mean rate above {@code ventricularBpm}
 *       (default 100 bpm) over the intervals between them. It depends on the detector's beat
 *       classes. The classic detector finds about 78 % of the ventricular beats of the bundled
 *       MIT-BIH records, so a run in which it misses a beat splits and may be missed;
 *   <li>lead off (technical, medium priority): the detector reports the lead flat or missing for
 *       more than {@link #LEAD_OFF_SECONDS}. Its onset is the first flat or missing sample.
 * </ul>
 *
 * <p>Each episode raises one alert; a rule re-arms when its condition clears (a beat ends the
 * asystole, a beat outside the rate limit ends a rate run, a signal ends a lead-off stretch). The
 * physiological alerts depend only on beat indices and detection progress, never on chunk
 * boundaries or arrival time.
 *
 * <p>NOTE: lead off is checked at chunk ends, as the asystole hold is. A flat stretch that ends
 * within the chunk in which it passes the limit raises nothing. For stretches just over the limit,
 * whether the alert comes therefore depends on the chunk size. Its id and indices never do.
 */
public final class AlarmRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Time a lead must be flat or missing before the lead-off alert. */
    public static final double LEAD_OFF_SECONDS = 5.0;

    private final double asystoleSeconds;
    private final double bradycardiaBpm;
    private final int bradycardiaBeats;
    private final double tachycardiaBpm;
    private final int tachycardiaBeats;
    private final int ventricularBeats;
    private final double ventricularBpm;

    public AlarmRules(
            double asystoleSeconds,
            double bradycardiaBpm,
            int bradycardiaBeats,
            double tachycardiaBpm,
            int tachycardiaBeats,
            int ventricularBeats,
            double ventricularBpm) {
        if (!(asystoleSeconds > 0)
                || bradycardiaBeats < 1
                || tachycardiaBeats < 1
                || ventricularBeats < 2) {
            throw new IllegalArgumentException(
                    "Alarm limits must be positive, got asystoleSeconds="
                            + asystoleSeconds
                            + " bradycardiaBeats="
                            + bradycardiaBeats
                            + " tachycardiaBeats="
                            + tachycardiaBeats
                            + " ventricularBeats="
                            + ventricularBeats
                            + " (at least 2, so that the run has a rate)");
        }
        this.asystoleSeconds = asystoleSeconds;
        this.bradycardiaBpm = bradycardiaBpm;
        this.bradycardiaBeats = bradycardiaBeats;
        this.tachycardiaBpm = tachycardiaBpm;
        this.tachycardiaBeats = tachycardiaBeats;
        this.ventricularBeats = ventricularBeats;
        this.ventricularBpm = ventricularBpm;
    }

    /**
     * Asystole 4 s, extreme bradycardia below 40 bpm for 5 beats, above 140 bpm for 17 beats,
     * ventricular tachycardia 5 ventricular beats above 100 bpm: the PhysioNet/CinC Challenge 2015
     * definitions.
     */
    public static AlarmRules defaults() {
        return new AlarmRules(4.0, 40.0, 5, 140.0, 17, 5, 100.0);
    }

    /** Starts a new observation (new stream, or after a gap) at {@code firstSampleIndex}. */
    public void reset(AlarmState state, long firstSampleIndex) {
        state.asystoleReferenceIndex = firstSampleIndex;
        state.asystoleRaised = false;
        state.bradycardiaRun = 0;
        state.bradycardiaRaised = false;
        state.tachycardiaRun = 0;
        state.tachycardiaRaised = false;
        state.ventricularRun = 0;
        state.ventricularTachycardiaRaised = false;
        state.leadOffRaised = false;
    }

    /**
     * Raises lead off when the lead has been flat or missing for more than {@link
     * #LEAD_OFF_SECONDS}, once per stretch.
     *
     * @param absentSamples samples up to {@code deliveredThrough} for which the lead was flat or
     *     missing
     * @param deliveredThrough the last sample received
     */
    public void onSignalAbsent(
            AlarmState state,
            AlertFactory alerts,
            long absentSamples,
            long deliveredThrough,
            Consumer<Alert> out) {
        long leadOffSamples = alerts.clock().samplesIn(LEAD_OFF_SECONDS);
        if (state.leadOffRaised || absentSamples <= leadOffSamples) {
            return;
        }
        state.leadOffRaised = true;
        long onset = deliveredThrough - absentSamples + 1;
        out.accept(
                alerts.technical(
                        AlertType.LEAD_OFF,
                        onset,
                        onset + leadOffSamples,
                        String.format(
                                Locale.ROOT,
                                "Lead off or no signal: the lead has been flat or missing for"
                                        + " %.0f s. Check the electrodes and the cable.",
                                LEAD_OFF_SECONDS)));
    }

    /** Re-arms the lead-off alert once the lead carries a signal again. */
    public void onSignalPresent(AlarmState state) {
        state.leadOffRaised = false;
    }

    /**
     * Evaluates one beat that is not ventricular; beats arrive in increasing sample order.
     *
     * @param rrSamples samples since the previous beat, or a value below 1 when unknown
     */
    public void onBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            Consumer<Alert> out) {
        onBeat(state, alerts, beatIndex, rrSamples, false, out);
    }

    /**
     * Evaluates one beat; beats arrive in increasing sample order.
     *
     * @param rrSamples samples since the previous beat, or a value below 1 when unknown
     * @param ventricular whether the detector classes the beat as ventricular (V)
     */
    public void onBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            boolean ventricular,
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

        onVentricularBeat(state, alerts, beatIndex, rrSamples, ventricular, out);
    }

    private void onVentricularBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            boolean ventricular,
            Consumer<Alert> out) {
        if (!ventricular) {
            state.ventricularRun = 0;
            state.ventricularTachycardiaRaised = false;
            return;
        }
        if (state.ventricularRun == 0 || rrSamples < 1) {
            // The interval before the first beat of a run belongs to the rhythm before it.
            state.ventricularRun = 1;
            state.ventricularOnsetIndex = beatIndex;
            state.ventricularRrSamplesSum = 0;
            state.ventricularTachycardiaRaised = false;
            return;
        }
        state.ventricularRun++;
        state.ventricularRrSamplesSum += rrSamples;
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        double meanBpm =
                60.0
                        * samplingFrequencyHz
                        * (state.ventricularRun - 1)
                        / state.ventricularRrSamplesSum;
        if (state.ventricularRun < ventricularBeats
                || meanBpm <= ventricularBpm
                || state.ventricularTachycardiaRaised) {
            return;
        }
        state.ventricularTachycardiaRaised = true;
        out.accept(
                alerts.physiological(
                        AlertType.VENTRICULAR_TACHYCARDIA,
                        state.ventricularOnsetIndex,
                        beatIndex,
                        meanBpm,
                        String.format(
                                Locale.ROOT,
                                "Ventricular tachycardia: %d consecutive ventricular beats at"
                                        + " %.1f bpm",
                                state.ventricularRun,
                                meanBpm)));
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
