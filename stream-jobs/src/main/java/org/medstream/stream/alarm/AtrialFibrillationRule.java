package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.model.rhythm.AfDecision;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;

/**
 * The {@code ATRIAL_FIBRILLATION} alarm: a medium-priority physiological alarm raised when the
 * {@link AfDetector} calls the RR intervals of a stream irregular at every beat for {@code
 * atrialFibrillationSeconds} (default 30 s), and ended when it calls them regular at every beat for
 * {@code atrialFibrillationEndSeconds} (default 30 s). While it is open and the rhythm irregular,
 * its rate is re-evaluated every {@link AfDetector#windowIntervals()} beats and an UPDATE sent when
 * it moves ({@link RateRule#updateIfMoved}).
 *
 * <p>Medium priority, as IEC 60601-1-8 defines it (prompt response): atrial fibrillation is not
 * immediately life-threatening the way asystole or ventricular tachycardia are, but a new episode
 * needs a clinician's attention within minutes, for rate control and anticoagulation. A fast
 * ventricular rate in atrial fibrillation can still raise the high-priority tachycardia alarm, when
 * 17 consecutive beats are above its limit.
 *
 * <p>A rapid ventricular rate makes atrial fibrillation urgent (the heart fills poorly, blood
 * pressure may fall), so the alert's priority follows the rate: high while the mean rate of the
 * window or of the last block of {@link AfDetector#windowIntervals()} beats is above {@code
 * tachycardiaBpm}, medium again (DEESCALATE) once a block's mean rate is at or below {@code
 * tachycardiaBpm - updateStepBpm} and the UPDATE interval has passed since the last record. A block
 * sends at most one record, and a priority change takes the place of its UPDATE. An irregular
 * rhythm often has single beats below the limit, so the tachycardia alarm, which needs 17
 * consecutive beats above it, may not fire.
 *
 * <p>With model agreement on, a stretch that has lasted long enough raises the alarm only when the
 * {@link AgreementRule} does not find the second detector's RR intervals over it regular. A
 * held-back stretch starts over at the beat that completed it.
 *
 * <p>The onset, which fixes the alert id, is the first beat of the irregular stretch. A beat at
 * which the detector makes no decision (too few intervals, or frequent ectopic beats) interrupts
 * both the irregular and the regular stretch. Everything depends only on beat indices and classes,
 * so a replay after a restore raises the same alerts.
 */
final class AtrialFibrillationRule implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String LABEL = "Atrial fibrillation";

    private final AlarmThresholds thresholds;
    private final AfDetector detector;

    AtrialFibrillationRule(AlarmThresholds thresholds) {
        this.thresholds = thresholds;
        this.detector =
                AfDetector.withThresholds(
                        thresholds.atrialFibrillationCosen(), AfDetector.DEFAULT_RMSSD_THRESHOLD);
    }

    /**
     * Decides whether a second detector's beats contradict an irregular stretch that is about to
     * raise the alarm ({@link AgreementRule}).
     */
    interface Agreement {
        /**
         * Returns whether the alarm of the irregular stretch from {@code stretchStart} (its first
         * irregular beat) to {@code confirmIndex}, at mean rate {@code meanBpm}, is held back.
         */
        boolean holdsBack(long stretchStart, long confirmIndex, double meanBpm);
    }

    /** Returns the detector, with this rule's thresholds. */
    AfDetector detector() {
        return detector;
    }

    /**
     * Evaluates one beat.
     *
     * @param rrSamples samples since the previous beat, or a value below 1 when unknown
     * @param beatClass the detector's class of the beat
     * @param agreement decides whether the alarm is held back when a stretch is long enough. A
     *     held-back stretch starts over at this beat, so the next one is checked again
     */
    void onBeat(
            AtrialFibrillationRun run,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            char beatClass,
            Agreement agreement,
            Consumer<Alert> out) {
        if (thresholds.atrialFibrillationSeconds() <= 0) {
            return;
        }
        if (run.rhythm == null) {
            run.rhythm = detector.createState();
        }
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        AfDecision decision =
                detector.onBeat(run.rhythm, beatIndex, beatClass, samplingFrequencyHz);
        if (!decision.evaluated()) {
            // Too few intervals, or ectopy too frequent to judge the rhythm: neither stretch goes
            // on.
            run.irregularSinceIndex = -1;
            run.regularSinceIndex = -1;
            return;
        }
        if (decision.atrialFibrillation()) {
            onIrregular(run, alerts, beatIndex, rrSamples, decision, agreement, out);
        } else {
            onRegular(run, alerts, beatIndex, decision, out);
        }
    }

    private void onIrregular(
            AtrialFibrillationRun run,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            AfDecision decision,
            Agreement agreement,
            Consumer<Alert> out) {
        run.regularSinceIndex = -1;
        if (run.irregularSinceIndex < 0) {
            run.irregularSinceIndex = beatIndex;
        }
        if (run.episode.active) {
            if (rrSamples < 1) {
                return;
            }
            double blockBpm =
                    RateRule.blockRate(run.episode, alerts, detector.windowIntervals(), rrSamples);
            if (Double.isNaN(blockBpm)) {
                return;
            }
            // A block sends at most one record. A priority change carries the block's rate, so an
            // UPDATE at the same beat would only repeat it.
            if (!changePriority(run, alerts, beatIndex, blockBpm, out)) {
                RateRule.updateIfMoved(
                        run.episode,
                        alerts,
                        AlertType.ATRIAL_FIBRILLATION,
                        LABEL,
                        detector.windowIntervals(),
                        thresholds.updateStepBpm(),
                        thresholds.updateIntervalSeconds(),
                        beatIndex,
                        blockBpm,
                        out);
            }
            return;
        }
        long sustainSamples = alerts.clock().samplesIn(thresholds.atrialFibrillationSeconds());
        if (beatIndex - run.irregularSinceIndex < sustainSamples) {
            return;
        }
        double rateBpm = 60_000.0 / decision.meanRrMillis();
        if (agreement.holdsBack(run.irregularSinceIndex, beatIndex, rateBpm)) {
            run.irregularSinceIndex = beatIndex;
            return;
        }
        boolean rapid = rateBpm > thresholds.tachycardiaBpm();
        out.accept(
                run.episode.start(
                        alerts.create(
                                AlertType.ATRIAL_FIBRILLATION,
                                rapid ? AlertPriority.HIGH : AlertPriority.MEDIUM,
                                AlertPhase.START,
                                0,
                                run.irregularSinceIndex,
                                beatIndex,
                                rateBpm,
                                String.format(
                                        Locale.ROOT,
                                        "%s: irregular RR intervals for %.0f s (COSEn %.2f above"
                                                + " %.2f), mean %.1f bpm%s",
                                        LABEL,
                                        (beatIndex - run.irregularSinceIndex)
                                                / alerts.clock().samplingFrequencyHz(),
                                        decision.cosen(),
                                        detector.cosenThreshold(),
                                        rateBpm,
                                        rapid ? rapidNote() : ""))));
    }

    /**
     * Escalates the open alert to high priority when the mean rate of the block of beats that
     * {@code beatIndex} completed is above the tachycardia limit, and de-escalates it to medium
     * when that rate is at or below the limit minus the update step. The gap between the two keeps
     * a rate that hovers at the limit from changing the priority at every block.
     *
     * <p>An ESCALATE goes out at once, because a rapid rate calls for an immediate response. A
     * DEESCALATE waits, like an UPDATE, until the UPDATE interval has passed since the last record.
     * Lowering the priority late costs no safety, and the wait keeps a rate that swings across the
     * limit from changing the priority at every block.
     *
     * @param blockBpm the block's mean rate
     * @return whether a record went out
     */
    private boolean changePriority(
            AtrialFibrillationRun run,
            AlertFactory alerts,
            long beatIndex,
            double blockBpm,
            Consumer<Alert> out) {
        double limitBpm = thresholds.tachycardiaBpm();
        double lowerBpm = limitBpm - thresholds.updateStepBpm();
        if (run.episode.priority != AlertPriority.HIGH && blockBpm > limitBpm) {
            out.accept(
                    run.episode.next(
                            alerts,
                            AlertType.ATRIAL_FIBRILLATION,
                            AlertPhase.ESCALATE,
                            AlertPriority.HIGH,
                            beatIndex,
                            blockBpm,
                            String.format(
                                    Locale.ROOT,
                                    "%s with a rapid ventricular rate: mean %.1f bpm over the"
                                            + " last %d beats%s",
                                    LABEL,
                                    blockBpm,
                                    detector.windowIntervals(),
                                    rapidNote())));
            return true;
        }
        if (run.episode.priority == AlertPriority.HIGH
                && blockBpm <= lowerBpm
                && RateRule.intervalPassed(
                        run.episode, alerts, thresholds.updateIntervalSeconds(), beatIndex)) {
            out.accept(
                    run.episode.next(
                            alerts,
                            AlertType.ATRIAL_FIBRILLATION,
                            AlertPhase.DEESCALATE,
                            AlertPriority.MEDIUM,
                            beatIndex,
                            blockBpm,
                            String.format(
                                    Locale.ROOT,
                                    "%s continues at a slower ventricular rate: mean %.1f bpm"
                                            + " over the last %d beats, at or below %.0f bpm",
                                    LABEL,
                                    blockBpm,
                                    detector.windowIntervals(),
                                    lowerBpm)));
            return true;
        }
        return false;
    }

    private String rapidNote() {
        return String.format(
                Locale.ROOT,
                ", above the %.0f bpm tachycardia limit: check the patient now",
                thresholds.tachycardiaBpm());
    }

    private void onRegular(
            AtrialFibrillationRun run,
            AlertFactory alerts,
            long beatIndex,
            AfDecision decision,
            Consumer<Alert> out) {
        run.irregularSinceIndex = -1;
        if (!run.episode.active) {
            return;
        }
        if (run.regularSinceIndex < 0) {
            run.regularSinceIndex = beatIndex;
        }
        long endSamples = alerts.clock().samplesIn(thresholds.atrialFibrillationEndSeconds());
        if (beatIndex - run.regularSinceIndex < endSamples) {
            return;
        }
        double rateBpm = 60_000.0 / decision.meanRrMillis();
        out.accept(
                run.episode.end(
                        alerts,
                        AlertType.ATRIAL_FIBRILLATION,
                        beatIndex,
                        rateBpm,
                        String.format(
                                Locale.ROOT,
                                "%s ended: regular RR intervals for %.0f s, mean %.1f bpm",
                                LABEL,
                                (beatIndex - run.regularSinceIndex)
                                        / alerts.clock().samplingFrequencyHz(),
                                rateBpm)));
        run.regularSinceIndex = -1;
    }
}
