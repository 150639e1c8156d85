package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Life-threatening arrhythmia rules evaluated on one stream's beats, in the stream's own sample
 * clock, with the limits of {@link AlarmThresholds}:
 *
 * <ul>
 *   <li>asystole: no QRS complex for {@code asystoleSeconds} (default 4 s). The alert fires once
 *       the detector has reported every beat up to {@code lastBeat + asystoleSeconds} and none was
 *       found, so an RR interval of exactly 4 s raises nothing and 4 s plus one sample raises it.
 *       It ends at the next beat;
 *   <li>extreme bradycardia: the instantaneous rate {@code 60 / RR} below {@code bradycardiaBpm}
 *       (default 40 bpm) for {@code bradycardiaBeats} (default 5) consecutive beats;
 *   <li>extreme tachycardia: the instantaneous rate above {@code tachycardiaBpm} (default 140 bpm)
 *       for {@code tachycardiaBeats} (default 17) consecutive beats;
 *   <li>ventricular tachycardia: {@code ventricularBeats} (default 5) or more consecutive beats
 *       that the detector classes as ventricular, at a mean rate above {@code ventricularBpm}
 *       (default 100 bpm) over the intervals between them. It depends on the detector's beat
 *       classes. The classic detector finds about 78 % of the ventricular beats of the bundled
 *       MIT-BIH records, so a run in which it misses a beat splits and may be missed;
 *   <li>atrial fibrillation (physiological, medium priority): irregular RR intervals for {@code
 *       atrialFibrillationSeconds} (default 30 s), see {@link AtrialFibrillationRule};
 *   <li>ventricular flutter/fibrillation: a fibrillatory waveform on the primary lead's samples for
 *       {@code ventricularFibrillationSeconds} (default 4 s), see {@link
 *       VentricularFibrillationRule};
 *   <li>lead off (technical, medium priority): the detector reports the lead flat or missing for
 *       more than {@link #LEAD_OFF_SECONDS}. Its onset is the first flat or missing sample. It
 *       escalates to high priority when the lead stays off for {@code leadOffEscalationSeconds}
 *       (default 60 s), because the patient's heart is then not monitored at all.
 * </ul>
 *
 * <p>Each condition is one alert with one id from START to END. A rate alarm ends on the first beat
 * that does not meet its rule, asystole on the next beat, lead off when the lead carries a signal
 * again. While a rate alarm is active, its rate is re-evaluated and an UPDATE sent when it moves
 * ({@link RateRule#updateIfChanged}). The physiological alerts depend only on beat indices and
 * detection progress, never on chunk boundaries or arrival time.
 *
 * <p>With the {@link AlarmThresholds#suppressor()} on, an asystole window in which another ECG lead
 * of the stream shows beats ({@link AlarmState#otherLead}) is held back by the {@link
 * AsystoleSuppressor}, and the asystole clock restarts at that lead's last beat.
 *
 * <p>With {@link AlarmThresholds#agreement()} on, a second detector of another kind reads the alarm
 * lead ({@link AlarmState#agreementBeats}), and the {@link AgreementRule} holds back an asystole
 * window, a bradycardia, tachycardia or ventricular run, or an atrial fibrillation stretch that its
 * beats contradict. A held-back asystole restarts its clock at that detector's last beat, a
 * held-back run or stretch starts over. Each is logged and counted in {@link
 * AlarmState#heldBackByAgreement}.
 *
 * <p>An asystole whose window had a poor signal on the primary lead, in more than half of its
 * one-second blocks ({@link AlarmState#poorSignal}), is still raised as a high-priority
 * physiological alarm, and its message states that the pause may be artefact.
 *
 * <p>NOTE: lead off is checked at chunk ends, as the asystole hold is. A flat stretch that ends
 * within the chunk in which it passes the limit raises nothing. For stretches just over the limit,
 * whether the alert comes therefore depends on the chunk size. Its id and indices never do.
 */
public final class AlarmRules implements Serializable {
    private static final long serialVersionUID = 4L;
    private static final Logger LOG = LoggerFactory.getLogger(AlarmRules.class);

    /** Time a lead must be flat or missing before the lead-off alert. */
    public static final double LEAD_OFF_SECONDS = 5.0;

    /** Block length of {@link AlarmState#poorSignal}. */
    public static final double POOR_SIGNAL_BLOCK_SECONDS = 1.0;

    private static final String VENTRICULAR_LABEL = "Ventricular tachycardia";

    private final AlarmThresholds thresholds;
    private final RateRule bradycardia;
    private final RateRule tachycardia;
    private final AtrialFibrillationRule atrialFibrillation;
    private final VentricularFibrillationRule ventricularFibrillation;

    public AlarmRules(AlarmThresholds thresholds) {
        this.thresholds = thresholds;
        this.atrialFibrillation = new AtrialFibrillationRule(thresholds);
        this.ventricularFibrillation = new VentricularFibrillationRule(thresholds);
        this.bradycardia =
                new RateRule(
                        AlertType.EXTREME_BRADYCARDIA,
                        "Extreme bradycardia",
                        thresholds.bradycardiaBpm(),
                        false,
                        thresholds.bradycardiaBeats(),
                        thresholds);
        this.tachycardia =
                new RateRule(
                        AlertType.EXTREME_TACHYCARDIA,
                        "Extreme tachycardia",
                        thresholds.tachycardiaBpm(),
                        true,
                        thresholds.tachycardiaBeats(),
                        thresholds);
    }

    /**
     * Creates rules with the given rate and asystole limits and the default update, escalation and
     * apnea limits.
     */
    public AlarmRules(
            double asystoleSeconds,
            double bradycardiaBpm,
            int bradycardiaBeats,
            double tachycardiaBpm,
            int tachycardiaBeats,
            int ventricularBeats,
            double ventricularBpm) {
        this(
                new AlarmThresholds(
                        asystoleSeconds,
                        bradycardiaBpm,
                        bradycardiaBeats,
                        tachycardiaBpm,
                        tachycardiaBeats,
                        ventricularBeats,
                        ventricularBpm,
                        AlarmThresholds.defaults().updateStepBpm(),
                        AlarmThresholds.defaults().updateIntervalSeconds(),
                        AlarmThresholds.defaults().leadOffEscalationSeconds(),
                        AlarmThresholds.defaults().apneaSeconds(),
                        AlarmThresholds.defaults().suppressor(),
                        AlarmThresholds.defaults().atrialFibrillationSeconds(),
                        AlarmThresholds.defaults().atrialFibrillationEndSeconds(),
                        AlarmThresholds.defaults().atrialFibrillationCosen(),
                        AlarmThresholds.defaults().agreement(),
                        AlarmThresholds.defaults().ventricularFibrillationSeconds()));
    }

    /** Returns rules with {@link AlarmThresholds#defaults()}. */
    public static AlarmRules defaults() {
        return new AlarmRules(AlarmThresholds.defaults());
    }

    public AlarmThresholds thresholds() {
        return thresholds;
    }

    /**
     * Starts a new observation (new stream, or after a gap) at {@code firstSampleIndex}. Alerts
     * still open are forgotten, so call {@link #endAll} first to close them.
     */
    public void reset(AlarmState state, long firstSampleIndex) {
        state.asystoleReferenceIndex = firstSampleIndex;
        state.asystole = new AlertEpisode();
        state.bradycardia = new RateRun();
        state.tachycardia = new RateRun();
        state.ventricular = new RateRun();
        state.leadOff = new AlertEpisode();
        state.otherLead = new OtherLeadBeats();
        state.poorSignal = new PoorSignalBlocks();
        state.suppressedAsystoles = 0;
        state.atrialFibrillation = new AtrialFibrillationRun();
        state.agreementBeats = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);
        state.agreementThroughIndex = Long.MIN_VALUE;
        state.ventricularFibrillation = new VentricularFibrillationRun();
    }

    /**
     * Sends END for every open alert, at {@code sampleIndex}, because the observation stops there:
     * a gap restarts the rules, or the stream ended. {@code reason} completes the message.
     */
    public void endAll(
            AlarmState state,
            AlertFactory alerts,
            long sampleIndex,
            String reason,
            Consumer<Alert> out) {
        endIfActive(
                state.asystole, alerts, AlertType.ASYSTOLE, "Asystole", sampleIndex, reason, out);
        endIfActive(
                state.bradycardia.episode,
                alerts,
                AlertType.EXTREME_BRADYCARDIA,
                "Extreme bradycardia",
                sampleIndex,
                reason,
                out);
        endIfActive(
                state.tachycardia.episode,
                alerts,
                AlertType.EXTREME_TACHYCARDIA,
                "Extreme tachycardia",
                sampleIndex,
                reason,
                out);
        endIfActive(
                state.ventricular.episode,
                alerts,
                AlertType.VENTRICULAR_TACHYCARDIA,
                VENTRICULAR_LABEL,
                sampleIndex,
                reason,
                out);
        endIfActive(
                state.leadOff, alerts, AlertType.LEAD_OFF, "Lead off", sampleIndex, reason, out);
        endIfActive(
                state.atrialFibrillation.episode,
                alerts,
                AlertType.ATRIAL_FIBRILLATION,
                "Atrial fibrillation",
                sampleIndex,
                reason,
                out);
        endIfActive(
                state.ventricularFibrillation.episode,
                alerts,
                AlertType.VENTRICULAR_FLUTTER_FIBRILLATION,
                "Ventricular flutter/fibrillation",
                sampleIndex,
                reason,
                out);
    }

    private static void endIfActive(
            AlertEpisode episode,
            AlertFactory alerts,
            AlertType type,
            String label,
            long sampleIndex,
            String reason,
            Consumer<Alert> out) {
        if (episode.active) {
            out.accept(
                    episode.end(
                            alerts,
                            type,
                            Math.max(sampleIndex, episode.onsetIndex),
                            null,
                            label + " no longer tracked: " + reason));
        }
    }

    /**
     * Raises lead off when the lead has been flat or missing for more than {@link
     * #LEAD_OFF_SECONDS}, once per stretch, and escalates it to high priority after {@code
     * leadOffEscalationSeconds}.
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
        if (absentSamples <= leadOffSamples) {
            return;
        }
        if (!state.leadOff.active) {
            long onset = deliveredThrough - absentSamples + 1;
            out.accept(
                    state.leadOff.start(
                            alerts.technical(
                                    AlertType.LEAD_OFF,
                                    onset,
                                    onset + leadOffSamples,
                                    String.format(
                                            Locale.ROOT,
                                            "Lead off or no signal: the lead has been flat or"
                                                    + " missing for %.0f s. Check the electrodes"
                                                    + " and the cable.",
                                            LEAD_OFF_SECONDS))));
        }
        double escalationSeconds = thresholds.leadOffEscalationSeconds();
        long escalationSamples = alerts.clock().samplesIn(escalationSeconds);
        if (escalationSeconds > 0
                && state.leadOff.priority != AlertPriority.HIGH
                && absentSamples > escalationSamples) {
            out.accept(
                    state.leadOff.next(
                            alerts,
                            AlertType.LEAD_OFF,
                            AlertPhase.ESCALATE,
                            AlertPriority.HIGH,
                            state.leadOff.onsetIndex + escalationSamples,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "Lead off for more than %.0f s: the heart is not monitored."
                                            + " Check the electrodes and the cable now.",
                                    escalationSeconds)));
        }
    }

    /**
     * Ends the lead-off alert, if one is open, because the lead carries a signal again at {@code
     * sampleIndex}.
     */
    public void onSignalPresent(
            AlarmState state, AlertFactory alerts, long sampleIndex, Consumer<Alert> out) {
        if (!state.leadOff.active) {
            return;
        }
        double offSeconds =
                (sampleIndex - state.leadOff.onsetIndex) / alerts.clock().samplingFrequencyHz();
        out.accept(
                state.leadOff.end(
                        alerts,
                        AlertType.LEAD_OFF,
                        sampleIndex,
                        null,
                        String.format(
                                Locale.ROOT,
                                "Lead signal back after about %.0f s flat or missing",
                                offSeconds)));
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
        onBeat(state, alerts, beatIndex, rrSamples, ventricular ? 'V' : 'N', out);
    }

    /**
     * Evaluates one beat; beats arrive in increasing sample order.
     *
     * @param rrSamples samples since the previous beat, or a value below 1 when unknown
     * @param beatClass the detector's class of the beat: {@code V} counts towards ventricular
     *     tachycardia, and every class but the normally conducted ones is left out of the atrial
     *     fibrillation window
     */
    public void onBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            char beatClass,
            Consumer<Alert> out) {
        boolean ventricular = beatClass == 'V';
        // A beat after a long pause confirms the asystole the progress check had not reached yet
        // (large chunks), with the same onset and confirmation index it would have had.
        raiseAsystoleIfConfirmed(state, alerts, beatIndex - 1, out);
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        if (state.asystole.active) {
            double pauseSeconds = (beatIndex - state.asystole.onsetIndex) / samplingFrequencyHz;
            out.accept(
                    state.asystole.end(
                            alerts,
                            AlertType.ASYSTOLE,
                            beatIndex,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "Asystole ended: QRS complex after %.1f s without one",
                                    pauseSeconds)));
        }
        // A hold for an absent lead may already reach past a beat the detector reports late.
        state.asystoleReferenceIndex = Math.max(state.asystoleReferenceIndex, beatIndex);

        double rateBpm = rrSamples >= 1 ? 60.0 * samplingFrequencyHz / rrSamples : Double.NaN;
        RateRule.Agreement agreement =
                (type, limitBpm, above, windowStart, windowEnd, meanBpm) ->
                        holdsBackRate(
                                state,
                                alerts,
                                type,
                                limitBpm,
                                above,
                                windowStart,
                                windowEnd,
                                meanBpm);
        bradycardia.onBeat(
                state.bradycardia, alerts, beatIndex, rrSamples, rateBpm, agreement, out);
        tachycardia.onBeat(
                state.tachycardia, alerts, beatIndex, rrSamples, rateBpm, agreement, out);
        onVentricularBeat(state, alerts, beatIndex, rrSamples, ventricular, out);
        atrialFibrillation.onBeat(
                state.atrialFibrillation,
                alerts,
                beatIndex,
                rrSamples,
                beatClass,
                (stretchStart, confirmIndex, meanBpm) ->
                        holdsBackAtrialFibrillation(
                                state, alerts, stretchStart, confirmIndex, meanBpm),
                out);
    }

    /**
     * Returns whether the {@link AgreementRule} holds back an atrial fibrillation alarm, when model
     * agreement is on for the stream: the second detector's RR intervals over the irregular stretch
     * are regular. Logs and counts every held-back stretch.
     */
    private boolean holdsBackAtrialFibrillation(
            AlarmState state,
            AlertFactory alerts,
            long stretchStart,
            long confirmIndex,
            double meanBpm) {
        if (!thresholds.agreement()) {
            return false;
        }
        AgreementRule.RhythmDecisions decisions =
                AgreementRule.rhythmDecisions(
                        state.agreementBeats,
                        stretchStart,
                        confirmIndex,
                        state.agreementThroughIndex,
                        atrialFibrillation.detector(),
                        alerts.clock().samplingFrequencyHz());
        if (!decisions.contradictAtrialFibrillation()) {
            return false;
        }
        state.heldBackByAgreement++;
        LOG.info(
                "Held back alarm type={} stream={} onsetSampleIndex={} confirmSampleIndex={}"
                        + " meanBpm={} agreementDecisions={} agreementIrregular={} heldBack={}:"
                        + " the agreement detector's RR intervals are regular",
                AlertType.ATRIAL_FIBRILLATION,
                StreamKeyHash.of(alerts.streamId()),
                stretchStart,
                confirmIndex,
                String.format(Locale.ROOT, "%.1f", meanBpm),
                decisions.decisions(),
                decisions.irregular(),
                state.heldBackByAgreement);
        return true;
    }

    /**
     * Returns whether the {@link AgreementRule} holds back a rate alarm, when model agreement is on
     * for the stream; logs and counts every held-back run.
     */
    private boolean holdsBackRate(
            AlarmState state,
            AlertFactory alerts,
            AlertType type,
            double limitBpm,
            boolean above,
            long windowStart,
            long windowEnd,
            double meanBpm) {
        if (!thresholds.agreement()) {
            return false;
        }
        double coveringBpm =
                AgreementRule.coveringRateBpm(
                        state.agreementBeats,
                        windowStart,
                        windowEnd,
                        state.agreementThroughIndex,
                        alerts.clock().samplingFrequencyHz());
        if (!AgreementRule.contradictsRate(coveringBpm, limitBpm, above)) {
            return false;
        }
        state.heldBackByAgreement++;
        LOG.info(
                "Held back alarm type={} stream={} onsetSampleIndex={} confirmSampleIndex={}"
                        + " meanBpm={} agreementBpm={} heldBack={}: the agreement detector's"
                        + " beats do not support it",
                type,
                StreamKeyHash.of(alerts.streamId()),
                windowStart,
                windowEnd,
                String.format(Locale.ROOT, "%.1f", meanBpm),
                String.format(Locale.ROOT, "%.1f", coveringBpm),
                state.heldBackByAgreement);
        return true;
    }

    private void onVentricularBeat(
            AlarmState state,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            boolean ventricular,
            Consumer<Alert> out) {
        RateRun run = state.ventricular;
        if (!ventricular) {
            if (run.episode.active) {
                out.accept(
                        run.episode.end(
                                alerts,
                                AlertType.VENTRICULAR_TACHYCARDIA,
                                beatIndex,
                                null,
                                VENTRICULAR_LABEL + " ended: a beat that is not ventricular"));
            }
            run.beats = 0;
            return;
        }
        if (run.beats == 0 || rrSamples < 1) {
            // The interval before the first beat of a run belongs to the rhythm before it.
            if (run.episode.active) {
                out.accept(
                        run.episode.end(
                                alerts,
                                AlertType.VENTRICULAR_TACHYCARDIA,
                                beatIndex,
                                null,
                                VENTRICULAR_LABEL + " ended: the beat interval is unknown"));
            }
            run.beats = 1;
            run.onsetIndex = beatIndex;
            run.rrSamplesSum = 0;
            return;
        }
        run.beats++;
        run.rrSamplesSum += rrSamples;
        if (run.episode.active) {
            RateRule.updateIfChanged(
                    run.episode,
                    alerts,
                    AlertType.VENTRICULAR_TACHYCARDIA,
                    VENTRICULAR_LABEL,
                    thresholds.ventricularBeats(),
                    thresholds.updateStepBpm(),
                    thresholds.updateIntervalSeconds(),
                    beatIndex,
                    rrSamples,
                    out);
            return;
        }
        double meanBpm =
                60.0 * alerts.clock().samplingFrequencyHz() * (run.beats - 1) / run.rrSamplesSum;
        if (run.beats < thresholds.ventricularBeats() || meanBpm <= thresholds.ventricularBpm()) {
            return;
        }
        long windowStart =
                AgreementRule.ventricularWindowStart(
                        run.onsetIndex, alerts.clock().samplingFrequencyHz());
        if (holdsBackRate(
                state,
                alerts,
                AlertType.VENTRICULAR_TACHYCARDIA,
                thresholds.ventricularBpm(),
                true,
                windowStart,
                beatIndex,
                meanBpm)) {
            // Like a held-back rate run, the run starts over, so the next complete run is checked.
            run.beats = 0;
            return;
        }
        out.accept(
                run.episode.start(
                        alerts.physiological(
                                AlertType.VENTRICULAR_TACHYCARDIA,
                                run.onsetIndex,
                                beatIndex,
                                meanBpm,
                                String.format(
                                        Locale.ROOT,
                                        "Ventricular tachycardia: %d consecutive ventricular beats"
                                                + " at %.1f bpm",
                                        run.beats,
                                        meanBpm))));
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
     * without a beat. An asystole alert that is already open stays open until the next beat.
     */
    public void holdAsystole(AlarmState state, long noSignalThroughIndex) {
        if (noSignalThroughIndex > state.asystoleReferenceIndex) {
            state.asystoleReferenceIndex = noSignalThroughIndex;
        }
        ventricularFibrillation.hold(state.ventricularFibrillation, noSignalThroughIndex);
    }

    /**
     * Evaluates the ventricular flutter/fibrillation rule on {@code count} samples of the primary
     * lead from {@code lead[offset]}, the first at sample index {@code firstIndex}, in mV (NaN for
     * a missing sample), in increasing sample order.
     *
     * @param flaggedPoor whether the ingest gate flagged these samples noisy, saturated, flat or
     *     with missing samples, so that the rule does not judge them
     */
    public void onSamples(
            AlarmState state,
            AlertFactory alerts,
            float[] lead,
            int offset,
            int count,
            long firstIndex,
            boolean flaggedPoor,
            Consumer<Alert> out) {
        ventricularFibrillation.onSamples(
                state.ventricularFibrillation,
                alerts,
                lead,
                offset,
                count,
                firstIndex,
                flaggedPoor,
                out);
    }

    private void raiseAsystoleIfConfirmed(
            AlarmState state, AlertFactory alerts, long beatFreeThroughIndex, Consumer<Alert> out) {
        double asystoleSeconds = thresholds.asystoleSeconds();
        long windowSamples = alerts.clock().samplesIn(asystoleSeconds);
        long confirmIndex = state.asystoleReferenceIndex + windowSamples;
        if (state.asystole.active || beatFreeThroughIndex < confirmIndex) {
            return;
        }
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        while (beatFreeThroughIndex >= confirmIndex) {
            long otherLeadBeat =
                    thresholds.suppressor()
                            ? AsystoleSuppressor.lastConfirmingBeat(
                                    state.otherLead,
                                    state.asystoleReferenceIndex,
                                    confirmIndex,
                                    samplingFrequencyHz)
                            : -1;
            long agreementBeat =
                    thresholds.agreement()
                            ? AgreementRule.lastAsystoleEvidence(
                                    state.agreementBeats,
                                    state.asystoleReferenceIndex,
                                    confirmIndex,
                                    samplingFrequencyHz)
                            : -1;
            long confirmingBeat = Math.max(otherLeadBeat, agreementBeat);
            if (confirmingBeat < 0) {
                break;
            }
            if (otherLeadBeat >= 0) {
                state.suppressedAsystoles++;
            } else {
                state.heldBackByAgreement++;
            }
            LOG.info(
                    "Held back asystole stream={} onsetSampleIndex={} confirmSampleIndex={}"
                            + " evidence={}: beats through sample {}",
                    StreamKeyHash.of(alerts.streamId()),
                    state.asystoleReferenceIndex,
                    confirmIndex,
                    otherLeadBeat >= 0 ? "other-lead" : "agreement-detector",
                    confirmingBeat);
            state.asystoleReferenceIndex = confirmingBeat;
            confirmIndex = confirmingBeat + windowSamples;
        }
        if (beatFreeThroughIndex < confirmIndex) {
            return;
        }
        String message =
                String.format(Locale.ROOT, "Asystole: no QRS complex for %.1f s", asystoleSeconds)
                        + poorSignalNote(state, alerts, confirmIndex);
        out.accept(
                state.asystole.start(
                        alerts.physiological(
                                AlertType.ASYSTOLE,
                                state.asystoleReferenceIndex,
                                confirmIndex,
                                null,
                                message)));
    }

    /**
     * Returns a sentence for the asystole message when the primary lead's signal was poor in more
     * than half of the one-second blocks of the window ({@link AlarmState#poorSignal}), else an
     * empty string. The alert stays a high-priority physiological alarm, because a true asystole
     * during artefact must not be demoted.
     */
    private static String poorSignalNote(AlarmState state, AlertFactory alerts, long confirmIndex) {
        long blockSamples = alerts.clock().samplesIn(POOR_SIGNAL_BLOCK_SECONDS);
        long from = state.asystoleReferenceIndex;
        int blocks = (int) (confirmIndex / blockSamples - from / blockSamples + 1);
        int poor = state.poorSignal.countIn(from, confirmIndex, blockSamples);
        if (2 * poor <= blocks) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                ". The ECG signal was noisy or unusable in %d of the %d s of this window, so the"
                        + " pause may be artefact: check the patient and the electrodes.",
                poor,
                blocks);
    }
}
