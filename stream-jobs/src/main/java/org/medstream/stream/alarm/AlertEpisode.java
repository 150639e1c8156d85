package org.medstream.stream.alarm;

import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;

/**
 * The life of one alarm condition of one stream, kept in Flink keyed state: whether it is active,
 * its onset (which fixes the alert id), the sequence number of its last record, its priority and
 * the value last reported. A Flink POJO: public no-argument constructor and public fields.
 *
 * <p>Every record of one episode carries the same alert id. {@link #start} sends sequence 0 and
 * each later phase the next number, so a replay of the same input after a restore produces the same
 * (id, phase, sequence) triples.
 */
public class AlertEpisode {
    /** Whether the condition is present and its START has been sent. */
    public boolean active;

    /** Sample index at which the condition began; part of the alert id. */
    public long onsetIndex;

    /** Sequence number of the last record sent for this episode. */
    public int sequence;

    /** Priority of the last record sent. */
    public AlertPriority priority;

    /**
     * Rate in bpm of the last record that carried one (START, UPDATE, ESCALATE or DEESCALATE), NaN
     * when none has.
     */
    public double reportedBpm;

    /** Sample index of the last record, the reference of the UPDATE interval. */
    public long reportedIndex;

    /** Beats and their summed RR intervals since the last rate evaluation. */
    public int windowBeats;

    public long windowRrSamples;

    public AlertEpisode() {}

    /** Records that {@code alert}, a START with sequence 0, opened this episode. */
    public Alert start(Alert alert) {
        active = true;
        onsetIndex = alert.getOnsetSampleIndex();
        sequence = 0;
        priority = alert.getPriority();
        reportedBpm = alert.getHeartRateBpm() == null ? Double.NaN : alert.getHeartRateBpm();
        reportedIndex = alert.getSampleIndex();
        windowBeats = 0;
        windowRrSamples = 0;
        return alert;
    }

    /**
     * Creates the next record of this active episode. END closes the episode, and ESCALATE and
     * DEESCALATE set its priority. Every record but END becomes the last record that the UPDATE
     * interval counts from, and its rate, when it carries one, the last rate sent.
     *
     * @param sampleIndex sample index at which the phase was observed
     * @param heartRateBpm rate to report, or null
     */
    public Alert next(
            AlertFactory alerts,
            AlertType type,
            AlertPhase phase,
            AlertPriority newPriority,
            long sampleIndex,
            Double heartRateBpm,
            String message) {
        if (!active) {
            throw new IllegalStateException(
                    "Cannot send " + phase + " for " + type + ": the episode is not active");
        }
        sequence++;
        priority = newPriority;
        if (phase == AlertPhase.END) {
            active = false;
        }
        if (phase != AlertPhase.END) {
            reportedIndex = sampleIndex;
            if (heartRateBpm != null) {
                reportedBpm = heartRateBpm;
            }
        }
        return alerts.create(
                type, newPriority, phase, sequence, onsetIndex, sampleIndex, heartRateBpm, message);
    }

    /** Creates the END record of this active episode at {@code sampleIndex}. */
    public Alert end(
            AlertFactory alerts,
            AlertType type,
            long sampleIndex,
            Double heartRateBpm,
            String message) {
        return next(alerts, type, AlertPhase.END, priority, sampleIndex, heartRateBpm, message);
    }
}
