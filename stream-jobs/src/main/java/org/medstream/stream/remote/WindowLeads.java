package org.medstream.stream.remote;

import java.io.Serializable;
import java.util.List;
import org.medstream.model.leads.LeadMap;
import org.medstream.stream.waves.LeadTrack;
import org.medstream.stream.waves.WaveLeads;

/** Choice of the channels of a stream that the windows of one model carry. */
public interface WindowLeads extends Serializable {

    /**
     * Returns the leads to send for a stream with these channels, in the model's lead order; empty
     * when the stream has none that the model reads.
     */
    List<SentLead> select(List<String> channelNames);

    /**
     * One sent lead.
     *
     * @param channel index of the channel in the stream's chunks
     * @param channelName the channel's name, which the output events carry
     * @param modelLead the model's name of the lead, which the request carries
     */
    record SentLead(int channel, String channelName, String modelLead) {}

    /** Returns the wave model's choice: every channel that {@link WaveLeads} matches. */
    static WindowLeads waves(List<String> modelLeads) {
        List<String> leads = List.copyOf(modelLeads);
        return channelNames -> {
            List<LeadTrack> tracks = WaveLeads.tracks(channelNames, leads);
            return tracks.stream()
                    .map(
                            track ->
                                    new SentLead(
                                            track.channel, track.name, leads.get(track.modelLead)))
                    .toList();
        };
    }

    /**
     * Returns the choice of the single-lead ECG models (anomalies): the channel that {@link
     * LeadMap} matches to lead II, or channel 0 when none is named so, as the in-process operator
     * chooses.
     */
    static WindowLeads leadTwo() {
        return channelNames -> {
            int channel = LeadMap.of(channelNames, List.of("ii")).channelOf(0);
            if (channel < 0) {
                return List.of();
            }
            return List.of(new SentLead(channel, channelNames.get(channel), "ii"));
        };
    }
}
