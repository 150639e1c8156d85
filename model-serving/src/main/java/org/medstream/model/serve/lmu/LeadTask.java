package org.medstream.model.serve.lmu;

import java.util.List;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.model.anomalies.AnomalyTrainingData;
import org.medstream.model.beats.MitBihTrainingData;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.runs.RunAssembler;

/**
 * The one-lead LMU tasks and what differs between them: which channel of a window feeds the model,
 * whether the signal is standardised first, and how labels become events.
 */
enum LeadTask {
    /** Beats on an ECG lead, as the Flink job's LMU beat detector runs them. */
    BEATS(MitBihTrainingData.TASK, "beat"),

    /** Breath onsets on the respiration channel, as the Flink job's breath operator runs them. */
    BREATHS(BidmcTrainingData.TASK, "breath"),

    /** Anomalous spans of lead II, as the Flink job's anomaly operator runs them. */
    ANOMALIES(AnomalyTrainingData.TASK, "anomaly");

    private final String task;
    private final String eventKind;

    LeadTask(String task, String eventKind) {
        this.task = task;
        this.eventKind = eventKind;
    }

    /** Returns the task of {@code model.json} this constant serves, or null for none. */
    static LeadTask of(String task) {
        for (LeadTask value : values()) {
            if (value.task.equals(task)) {
                return value;
            }
        }
        return null;
    }

    String task() {
        return task;
    }

    String eventKind() {
        return eventKind;
    }

    /**
     * Returns the window channel the model reads, or −1 when there is none. ECG models take the
     * channel {@link LeadMap} maps to their lead, which is channel 0 when no name matches, as in
     * the Flink job; the breaths model takes the first respiration channel.
     */
    int channel(List<String> leads, List<String> modelLeads) {
        if (this == BREATHS) {
            return RespirationChannels.find(leads);
        }
        return LeadMap.of(leads, modelLeads).channelOf(0);
    }

    /** Returns a new run assembler for a boundary task at {@code modelHz}. */
    RunAssembler newRunAssembler(double modelHz) {
        if (this == BEATS) {
            return new RunAssembler(
                    AamiClass.values().length, MitBihTrainingData.HALF_WIDTH_SECONDS, modelHz);
        }
        return new RunAssembler(1, BidmcTrainingData.HALF_WIDTH_SECONDS, modelHz);
    }
}
