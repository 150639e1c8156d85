package org.medstream.stream.waves;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.stream.beat.EcgLeadSelector;

/** Chooses the channels of a stream that wave delineation runs on, and names them. */
public final class WaveLeads {
    private WaveLeads() {}

    /**
     * Returns the channels {@link WaveDelineationFunction} delineates, mapped to the lead names its
     * segments carry: every channel whose name {@link EcgLeadSelector#isEcgLead} recognises, or
     * channel 0 when none is. A name is the channel name, except that a name several delineated
     * channels share gets {@code #} and the channel index appended (SVDB names both its channels
     * {@code ECG}, which become {@code ECG#0} and {@code ECG#1}).
     */
    public static Map<Integer, String> names(List<String> channelNames) {
        List<Integer> channels = new ArrayList<>();
        for (int channel = 0; channel < channelNames.size(); channel++) {
            if (EcgLeadSelector.isEcgLead(channelNames.get(channel))) {
                channels.add(channel);
            }
        }
        if (channels.isEmpty()) {
            channels.add(0);
        }

        Map<String, Integer> uses = new HashMap<>();
        for (int channel : channels) {
            uses.merge(channelNames.get(channel), 1, Integer::sum);
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int channel : channels) {
            String name = channelNames.get(channel);
            names.put(channel, uses.get(name) > 1 ? name + "#" + channel : name);
        }
        return names;
    }
}
