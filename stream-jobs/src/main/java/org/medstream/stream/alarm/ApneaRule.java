package org.medstream.stream.alarm;

import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;

/**
 * The apnea alarm on one stream's breath onsets, in the stream's own sample clock: when no breath
 * onset lies within the apnea time after the reference (the last breath, or the first sample the
 * rule tracks), a high-priority physiological {@code APNEA} alert starts, once per pause, with the
 * reference as its onset and the reference plus the apnea time as its confirmation index. The next
 * breath sends its END. The in-process breath operator and the model server's breath stitcher both
 * run it, so they raise the same alerts for the same breaths.
 *
 * <p>Callers pass how far the breaths are known ({@link #check}) and each breath ({@link
 * #onBreath}). A breath can arrive before the news that the apnea time passed without one, so
 * {@link #onBreath} first checks the pause the breath ends, and then a pause just over the apnea
 * time still raises START and END together.
 */
public final class ApneaRule {
    private ApneaRule() {}

    /** Starts counting a new pause at {@code referenceIndex}, as at the start of a segment. */
    public static void restart(ApneaState state, long referenceIndex) {
        state.referenceIndex = referenceIndex;
        state.raised = false;
    }

    /**
     * Raises apnea when the breaths through stream sample {@code knownThroughIndex} are known and
     * none lies within {@code apneaSeconds} after the reference.
     *
     * @param apneaSeconds the stream's apnea time; 0 turns the rule off
     * @param channel name of the respiration channel, for the message
     */
    public static void check(
            ApneaState state,
            double apneaSeconds,
            long knownThroughIndex,
            AlertFactory alerts,
            String channel,
            Consumer<Alert> out) {
        if (apneaSeconds <= 0 || state.raised) {
            return;
        }
        long confirmIndex = state.referenceIndex + alerts.clock().samplesIn(apneaSeconds);
        if (knownThroughIndex < confirmIndex) {
            return;
        }
        state.raised = true;
        out.accept(
                state.apnea.start(
                        alerts.physiological(
                                AlertType.APNEA,
                                state.referenceIndex,
                                confirmIndex,
                                null,
                                String.format(
                                        Locale.ROOT,
                                        "Apnea: no breath on %s for %.0f s",
                                        channel,
                                        apneaSeconds))));
    }

    /**
     * Records a breath onset at stream sample {@code index}: raises an apnea for the pause it ends
     * if that pause was longer than the apnea time, ends an open apnea alert, and starts a new
     * pause.
     *
     * @return the interval since the previous breath in milliseconds, or null without one
     */
    public static Double onBreath(
            ApneaState state,
            double apneaSeconds,
            long index,
            AlertFactory alerts,
            String channel,
            Consumer<Alert> out) {
        check(state, apneaSeconds, index - 1, alerts, channel, out);
        double samplingFrequencyHz = alerts.clock().samplingFrequencyHz();
        Double intervalMillis =
                state.lastBreathIndex < 0
                        ? null
                        : (index - state.lastBreathIndex) * 1000.0 / samplingFrequencyHz;
        state.lastBreathIndex = index;
        state.referenceIndex = Math.max(state.referenceIndex, index);
        state.raised = false;
        if (state.apnea.active) {
            end(
                    state,
                    index,
                    alerts,
                    String.format(
                            Locale.ROOT,
                            "Apnea ended: breath on %s after %.1f s without one",
                            channel,
                            (index - state.apnea.onsetIndex) / samplingFrequencyHz),
                    out);
        }
        return intervalMillis;
    }

    /**
     * Sends the END of the open apnea alert at {@code sampleIndex}, or at its onset when that is
     * later; does nothing when none is open.
     */
    public static void end(
            ApneaState state,
            long sampleIndex,
            AlertFactory alerts,
            String message,
            Consumer<Alert> out) {
        if (!state.apnea.active) {
            return;
        }
        out.accept(
                state.apnea.end(
                        alerts,
                        AlertType.APNEA,
                        Math.max(sampleIndex, state.apnea.onsetIndex),
                        null,
                        message));
    }
}
