package org.medstream.model.leads;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Mapping from the leads of a multi-lead model to the channels of one stream, by matching the
 * stream's channel names to the model's lead names.
 *
 * <p>Names are compared without case, spaces and a {@code lead} prefix. The modified leads of
 * Holter and monitor recordings are taken as the standard lead they approximate: MLI, MLII and
 * MLIII are taken as I, II and III (MIT-BIH's MLII), MV1 to MV6 as V1 to V6. When no channel
 * matches a model lead, channel 0 is taken as lead II, the usual monitoring lead, because
 * single-lead monitors often label their only channel freely ("ECG"). Instances are immutable.
 */
public final class LeadMap {
    /** The lead that an unnamed single ECG channel is taken for. */
    static final String DEFAULT_LEAD = "ii";

    private final int[] channelOfLead;

    private LeadMap(int[] channelOfLead) {
        this.channelOfLead = channelOfLead;
    }

    /**
     * Matches {@code channelNames} (a stream's channels, in order) to {@code modelLeads}.
     *
     * @param modelLeads the model's lead names, such as LUDB's {@code i, ii, … v6}
     */
    public static LeadMap of(List<String> channelNames, List<String> modelLeads) {
        int[] channelOfLead = new int[modelLeads.size()];
        Arrays.fill(channelOfLead, -1);
        boolean any = false;
        for (int lead = 0; lead < modelLeads.size(); lead++) {
            String modelLead = canonical(modelLeads.get(lead));
            for (int channel = 0; channel < channelNames.size(); channel++) {
                if (canonical(channelNames.get(channel)).equals(modelLead)) {
                    channelOfLead[lead] = channel;
                    any = true;
                    break;
                }
            }
        }
        if (!any && !channelNames.isEmpty()) {
            int lead = modelLeads.indexOf(DEFAULT_LEAD);
            if (lead >= 0) {
                channelOfLead[lead] = 0;
            }
        }
        return new LeadMap(channelOfLead);
    }

    /** Number of model leads. */
    public int leads() {
        return channelOfLead.length;
    }

    /** Returns the stream channel of model lead {@code lead}, or −1 when the stream lacks it. */
    public int channelOf(int lead) {
        return channelOfLead[lead];
    }

    /** Returns, for each model lead, whether the stream has it. */
    public boolean[] present() {
        boolean[] present = new boolean[channelOfLead.length];
        for (int lead = 0; lead < present.length; lead++) {
            present[lead] = channelOfLead[lead] >= 0;
        }
        return present;
    }

    /** True when no model lead comes from the stream. */
    public boolean isEmpty() {
        for (int channel : channelOfLead) {
            if (channel >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the standard lead that a channel name denotes, in lower case, or the cleaned name.
     */
    static String canonical(String name) {
        String cleaned = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (cleaned.startsWith("lead")) {
            cleaned = cleaned.substring(4);
        }
        cleaned = cleaned.replace(" ", "").replace("-", "").replace("_", "");
        if (cleaned.matches("ml(i|ii|iii)")) {
            return cleaned.substring(2);
        }
        if (cleaned.matches("mv[1-6]")) {
            return cleaned.substring(1);
        }
        return cleaned;
    }
}
