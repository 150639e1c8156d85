package org.medstream.stream.alarm;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Consumer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;

/**
 * A rate limit that a number of consecutive beats must cross: extreme bradycardia (below) or
 * extreme tachycardia (above). The alert starts on the beat that completes the run, sends an UPDATE
 * when the rate moves (see {@link #updateIfChanged}) and ends on the first beat that does not cross
 * the limit.
 */
final class RateRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final AlertType type;
    private final String label;
    private final double limitBpm;
    private final boolean above;
    private final int beats;
    private final double updateStepBpm;
    private final double updateIntervalSeconds;

    RateRule(
            AlertType type,
            String label,
            double limitBpm,
            boolean above,
            int beats,
            AlarmThresholds thresholds) {
        this.type = type;
        this.label = label;
        this.limitBpm = limitBpm;
        this.above = above;
        this.beats = beats;
        this.updateStepBpm = thresholds.updateStepBpm();
        this.updateIntervalSeconds = thresholds.updateIntervalSeconds();
    }

    /**
     * Decides whether a second detector's beats contradict a run that is about to raise its alarm
     * ({@link AgreementRule}).
     */
    interface Agreement {
        /**
         * Returns whether the alarm of a run from {@code windowStart} (the beat before its first
         * beat) to {@code windowEnd} (the beat that completes it), at mean rate {@code meanBpm}, is
         * held back.
         */
        boolean holdsBack(
                AlertType type,
                double limitBpm,
                boolean above,
                long windowStart,
                long windowEnd,
                double meanBpm);
    }

    /**
     * Evaluates one beat whose instantaneous rate is {@code rateBpm} (NaN when the RR interval is
     * unknown, which breaks the run).
     *
     * @param agreement decides whether the alarm is held back when the run completes; a held-back
     *     run starts over, so the next complete run is checked again
     */
    void onBeat(
            RateRun run,
            AlertFactory alerts,
            long beatIndex,
            long rrSamples,
            double rateBpm,
            Agreement agreement,
            Consumer<Alert> out) {
        boolean crosses = above ? rateBpm > limitBpm : rateBpm < limitBpm;
        if (!crosses) {
            if (run.episode.active) {
                out.accept(
                        run.episode.end(
                                alerts,
                                type,
                                beatIndex,
                                Double.isNaN(rateBpm) ? null : rateBpm,
                                String.format(
                                        Locale.ROOT,
                                        "%s ended: a beat at %.1f bpm is not %s %.0f bpm",
                                        label,
                                        rateBpm,
                                        above ? "above" : "below",
                                        limitBpm)));
            }
            run.beats = 0;
            return;
        }

        if (run.beats == 0) {
            run.onsetIndex = beatIndex;
            run.rrSamplesSum = 0;
        }
        run.beats++;
        run.rrSamplesSum += rrSamples;
        if (run.episode.active) {
            updateIfChanged(
                    run.episode,
                    alerts,
                    type,
                    label,
                    beats,
                    updateStepBpm,
                    updateIntervalSeconds,
                    beatIndex,
                    rrSamples,
                    out);
            return;
        }
        if (run.beats < beats) {
            return;
        }
        double meanBpm = 60.0 * alerts.clock().samplingFrequencyHz() * run.beats / run.rrSamplesSum;
        if (agreement.holdsBack(
                type, limitBpm, above, beatIndex - run.rrSamplesSum, beatIndex, meanBpm)) {
            run.beats = 0;
            return;
        }
        out.accept(
                run.episode.start(
                        alerts.physiological(
                                type,
                                run.onsetIndex,
                                beatIndex,
                                meanBpm,
                                String.format(
                                        Locale.ROOT,
                                        "%s: %d consecutive beats %s %.0f bpm, mean %.1f bpm",
                                        label,
                                        run.beats,
                                        above ? "above" : "below",
                                        limitBpm,
                                        meanBpm))));
    }

    /**
     * Sends an UPDATE of an active rate alert when its rate has moved: {@link #blockRate}, then
     * {@link #updateIfMoved} with the block's mean rate.
     *
     * @return the mean rate of the block this beat completed, whether or not it sent an UPDATE, or
     *     NaN when the beat completed no block
     */
    static double updateIfChanged(
            AlertEpisode episode,
            AlertFactory alerts,
            AlertType type,
            String label,
            int windowBeats,
            double stepBpm,
            double intervalSeconds,
            long beatIndex,
            long rrSamples,
            Consumer<Alert> out) {
        double meanBpm = blockRate(episode, alerts, windowBeats, rrSamples);
        if (!Double.isNaN(meanBpm)) {
            updateIfMoved(
                    episode,
                    alerts,
                    type,
                    label,
                    windowBeats,
                    stepBpm,
                    intervalSeconds,
                    beatIndex,
                    meanBpm,
                    out);
        }
        return meanBpm;
    }

    /**
     * Adds one beat to the current block of an active alert. Blocks of {@code windowBeats} beats
     * follow each other from the START on.
     *
     * @return the mean rate of the block this beat completed, or NaN when the beat completed no
     *     block
     */
    static double blockRate(
            AlertEpisode episode, AlertFactory alerts, int windowBeats, long rrSamples) {
        episode.windowBeats++;
        episode.windowRrSamples += rrSamples;
        if (episode.windowBeats < windowBeats || episode.windowRrSamples <= 0) {
            return Double.NaN;
        }
        double meanBpm =
                60.0
                        * alerts.clock().samplingFrequencyHz()
                        * episode.windowBeats
                        / episode.windowRrSamples;
        episode.windowBeats = 0;
        episode.windowRrSamples = 0;
        return meanBpm;
    }

    /**
     * Returns whether at least {@code intervalSeconds} of stream time have passed from the last
     * record of {@code episode} to {@code beatIndex}.
     */
    static boolean intervalPassed(
            AlertEpisode episode, AlertFactory alerts, double intervalSeconds, long beatIndex) {
        return beatIndex - episode.reportedIndex >= alerts.clock().samplesIn(intervalSeconds);
    }

    /**
     * Sends an UPDATE when a block's mean rate {@code meanBpm} differs from the last rate sent by
     * at least {@code stepBpm} and at least {@code intervalSeconds} of stream time have passed
     * since the last record, whatever its phase. Both depend only on beat indices, so a replay
     * sends the same UPDATEs.
     */
    static void updateIfMoved(
            AlertEpisode episode,
            AlertFactory alerts,
            AlertType type,
            String label,
            int windowBeats,
            double stepBpm,
            double intervalSeconds,
            long beatIndex,
            double meanBpm,
            Consumer<Alert> out) {
        if (Math.abs(meanBpm - episode.reportedBpm) < stepBpm
                || !intervalPassed(episode, alerts, intervalSeconds, beatIndex)) {
            return;
        }
        out.accept(
                episode.next(
                        alerts,
                        type,
                        AlertPhase.UPDATE,
                        episode.priority,
                        beatIndex,
                        meanBpm,
                        String.format(
                                Locale.ROOT,
                                "%s continues: mean %.1f bpm over the last %d beats, was %.1f"
                                        + " bpm",
                                label,
                                meanBpm,
                                windowBeats,
                                episode.reportedBpm)));
    }
}
