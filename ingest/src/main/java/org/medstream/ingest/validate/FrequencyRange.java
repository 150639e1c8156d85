package org.medstream.ingest.validate;

/**
 * Sampling frequencies a consumer accepts as a waveform, in Hz. A value outside is more likely a
 * trend series (heart rate in bpm about once a second) or a unit error (samples per minute) than a
 * waveform.
 *
 * @param minHz lowest accepted sampling frequency
 * @param maxHz highest accepted sampling frequency
 */
public record FrequencyRange(double minHz, double maxHz) {
    /**
     * Any physiological waveform: respiration and capnography are sampled from about 20 Hz, ECG
     * from 100 Hz; trend series arrive at about 1 Hz. NOTE: the bounds are judgements, not limits
     * taken from a standard.
     */
    public static final FrequencyRange WAVEFORM = new FrequencyRange(10.0, 20_000.0);

    /**
     * ECG for beat detection: below 50 Hz a QRS complex of about 100 ms spans fewer than 5 samples.
     */
    public static final FrequencyRange ECG = new FrequencyRange(50.0, 20_000.0);

    public FrequencyRange {
        if (!(minHz > 0) || !(maxHz >= minHz) || Double.isInfinite(maxHz)) {
            throw new IllegalArgumentException(
                    "frequency range needs 0 < min <= max, got " + minHz + " to " + maxHz + " Hz");
        }
    }

    public boolean contains(double hz) {
        return hz >= minHz && hz <= maxHz;
    }
}
