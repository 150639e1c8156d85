package org.medstream.model.breaths;

import java.util.List;
import java.util.Locale;

/**
 * Finds the respiration channel of a stream by its name: {@code RESP} as BIDMC, MIMIC and WFDB
 * records name it, also written {@code Resp} or {@code RESP.}, {@code Respiration} (with any
 * suffix, such as {@code Respiration (impedance)}), and {@code Impedance}.
 */
public final class RespirationChannels {
    private RespirationChannels() {}

    /** Returns the index of the first respiration channel in {@code names}, or −1 for none. */
    public static int find(List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            if (isRespiration(names.get(c))) {
                return c;
            }
        }
        return -1;
    }

    /** Returns whether a channel of this name carries a respiration signal. */
    public static boolean isRespiration(String name) {
        String letters = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return letters.equals("resp")
                || letters.startsWith("respiration")
                || letters.equals("impedance");
    }
}
