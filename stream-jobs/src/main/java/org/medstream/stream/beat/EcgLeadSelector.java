package org.medstream.stream.beat;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the channel a beat detector reads: the first channel whose name is a standard ECG lead.
 * Recognised names are the limb leads I, II, III, aVR, aVL, aVF, the modified limb leads MLI, MLII,
 * MLIII, the precordial leads V1 to V6 and their modified forms MV1 to MV6, and any name containing
 * "ECG" or "EKG". When no name matches, channel 0 is used, because single-lead monitors often label
 * their only channel freely.
 */
public final class EcgLeadSelector {
    private static final Set<String> LEAD_NAMES =
            Set.of(
                    "I", "II", "III", "AVR", "AVL", "AVF", "MLI", "MLII", "MLIII", "V1", "V2", "V3",
                    "V4", "V5", "V6", "MV1", "MV2", "MV3", "MV4", "MV5", "MV6", "V");

    private EcgLeadSelector() {}

    /** Returns the index of the ECG lead in {@code channelNames}, or 0 when none is recognised. */
    public static int select(List<String> channelNames) {
        for (int channel = 0; channel < channelNames.size(); channel++) {
            if (isEcgLead(channelNames.get(channel))) {
                return channel;
            }
        }
        return 0;
    }

    /**
     * Returns the index of the first standard ECG lead in {@code channelNames} other than {@code
     * leadChannel}, or -1 when there is none. Unlike {@link #select}, an unrecognised name is never
     * taken, because a respiration or pleth channel must not confirm heart activity.
     */
    public static int selectOther(List<String> channelNames, int leadChannel) {
        for (int channel = 0; channel < channelNames.size(); channel++) {
            if (channel != leadChannel && isEcgLead(channelNames.get(channel))) {
                return channel;
            }
        }
        return -1;
    }

    static boolean isEcgLead(String channelName) {
        if (channelName == null) {
            return false;
        }
        String name = channelName.trim().toUpperCase(Locale.ROOT);
        if (name.contains("ECG") || name.contains("EKG")) {
            return true;
        }
        String withoutPrefix = name.startsWith("LEAD ") ? name.substring(5).trim() : name;
        return LEAD_NAMES.contains(withoutPrefix);
    }
}
