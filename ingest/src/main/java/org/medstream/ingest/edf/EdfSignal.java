package org.medstream.ingest.edf;

/**
 * The header of one EDF signal.
 *
 * @param label signal label, for example {@code EEG Fpz-Cz}; {@code EDF Annotations} marks an EDF+
 *     annotation signal
 * @param transducer transducer type, for example {@code AgAgCl electrode}
 * @param physicalDimension physical unit, for example {@code uV}
 * @param physicalMinimum physical value of {@code digitalMinimum}
 * @param physicalMaximum physical value of {@code digitalMaximum}
 * @param digitalMinimum smallest ADC value, -32768 or more
 * @param digitalMaximum largest ADC value, 32767 or less
 * @param prefiltering filters applied before sampling, for example {@code HP:0.1Hz LP:75Hz}
 * @param samplesPerRecord samples of this signal in each data record
 */
public record EdfSignal(
        String label,
        String transducer,
        String physicalDimension,
        double physicalMinimum,
        double physicalMaximum,
        int digitalMinimum,
        int digitalMaximum,
        String prefiltering,
        int samplesPerRecord) {
    /** Label of the EDF+ signals that hold time-stamped annotation lists instead of samples. */
    public static final String ANNOTATION_LABEL = "EDF Annotations";

    /** True for an {@code EDF Annotations} signal. */
    public boolean isAnnotation() {
        return ANNOTATION_LABEL.equals(label);
    }

    /** ADC units per physical unit: digital range over physical range. */
    public double adcGain() {
        return (digitalMaximum - (double) digitalMinimum) / (physicalMaximum - physicalMinimum);
    }

    /** Converts an ADC value to its physical value with EDF's linear mapping. */
    public double toPhysical(int digital) {
        return physicalMinimum + (digital - (double) digitalMinimum) / adcGain();
    }
}
