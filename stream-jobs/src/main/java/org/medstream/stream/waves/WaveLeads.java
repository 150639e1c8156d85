package org.medstream.stream.waves;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.leads.LeadMap;

/** Chooses the channels of a stream that wave delineation runs on, and the model lead of each. */
public final class WaveLeads {
    private WaveLeads() {}

    /**
     * Returns a new track for each model lead the stream has, in model lead order: the channel that
     * {@link LeadMap} matches to it, named like the channel.
     *
     * @param modelLeads the model's lead names, as its metadata lists them
     */
    public static List<LeadTrack> tracks(List<String> channelNames, List<String> modelLeads) {
        LeadMap map = LeadMap.of(channelNames, modelLeads);
        List<LeadTrack> tracks = new ArrayList<>();
        for (int modelLead = 0; modelLead < map.leads(); modelLead++) {
            int channel = map.channelOf(modelLead);
            if (channel >= 0) {
                LeadTrack track = new LeadTrack();
                track.channel = channel;
                track.name = channelNames.get(channel);
                track.modelLead = modelLead;
                tracks.add(track);
            }
        }
        return tracks;
    }
}
