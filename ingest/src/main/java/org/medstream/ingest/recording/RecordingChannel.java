package org.medstream.ingest.recording;

import java.util.Objects;
import java.util.Optional;

/**
 * One channel of a {@link Recording}.
 *
 * @param name signal description, for example {@code MLII}
 * @param units physical unit, for example {@code mV}
 * @param adcGain ADC units per physical unit; NaN when the gain changes within the recording
 * @param baseline ADC value of physical zero
 * @param adcRange rails of the converter, when the file states them
 */
public record RecordingChannel(
        String name, String units, double adcGain, int baseline, Optional<AdcRange> adcRange) {
    public RecordingChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(adcRange, "adcRange");
    }

    /** Creates a channel whose converter range is unknown. */
    public RecordingChannel(String name, String units, double adcGain, int baseline) {
        this(name, units, adcGain, baseline, Optional.empty());
    }
}
