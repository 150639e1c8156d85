package org.medstream.ingest.recording;

import java.util.Objects;

/**
 * One channel of a {@link Recording}.
 *
 * @param name signal description, for example {@code MLII}
 * @param units physical unit, for example {@code mV}
 * @param adcGain ADC units per physical unit; NaN when the gain changes within the recording
 * @param baseline ADC value of physical zero
 */
public record RecordingChannel(String name, String units, double adcGain, int baseline) {
    public RecordingChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(units, "units");
    }
}
