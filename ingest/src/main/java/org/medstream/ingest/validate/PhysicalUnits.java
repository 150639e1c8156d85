package org.medstream.ingest.validate;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Units the ingest checks treat specially: electrical potentials, and rates that no waveform has.
 */
public final class PhysicalUnits {
    private static final Map<String, Double> VOLTS_PER_UNIT =
            Map.of("v", 1.0, "mv", 1e-3, "uv", 1e-6, "µv", 1e-6, "μv", 1e-6, "nv", 1e-9);

    /**
     * Units of rates and trend values: a heart-rate or breathing-rate series sent as a waveform is
     * rejected by its unit.
     */
    private static final Set<String> RATE_UNITS =
            Set.of(
                    "bpm",
                    "/min",
                    "1/min",
                    "min-1",
                    "beats/min",
                    "breaths/min",
                    "brpm",
                    "rpm",
                    "/s",
                    "1/s");

    private PhysicalUnits() {}

    /** Returns volts per unit of an electrical potential (V, mV, uV, nV), empty for other units. */
    public static OptionalDouble voltsPerUnit(String unit) {
        Double volts = VOLTS_PER_UNIT.get(key(unit));
        return volts == null ? OptionalDouble.empty() : OptionalDouble.of(volts);
    }

    /** Returns whether {@code unit} is an electrical potential such as mV. */
    public static boolean isPotential(String unit) {
        return VOLTS_PER_UNIT.containsKey(key(unit));
    }

    /** Returns whether {@code unit} is a rate, such as bpm, rather than a waveform unit. */
    public static boolean isRate(String unit) {
        return RATE_UNITS.contains(key(unit));
    }

    private static String key(String unit) {
        return unit.strip().toLowerCase(Locale.ROOT);
    }
}
