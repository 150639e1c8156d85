package org.medstream.ingest.wfdb;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.medstream.ingest.recording.AdcRange;
import org.medstream.ingest.recording.Recording;

/**
 * One signal line of a WFDB header, with the defaults of the header specification filled in.
 *
 * @param fileName signal file name relative to the header, or {@code ~} for a null signal
 * @param format storage format number, for example 212; 0 marks a null signal
 * @param samplesPerFrame samples of this signal in each frame (the {@code xN} suffix), at least 1
 * @param skewFrames frames by which this signal lags the others in the file (the {@code :N} suffix,
 *     converted from samples to frames as the WFDB library does)
 * @param byteOffset bytes before sample 0 in the signal file (the {@code +N} suffix)
 * @param adcGain ADC units per physical unit as written; 0 when missing or zero (uncalibrated)
 * @param baseline ADC value of physical zero; the ADC zero when the header gives no baseline
 * @param units physical unit; {@code mV} when missing
 * @param adcResolution ADC resolution in bits; the format's width when missing
 * @param adcZero ADC value of the middle of the input range; 0 when missing
 * @param initialValue first sample of the signal; the ADC zero when missing
 * @param initialValueStated whether the header states the initial value; only a stated one is
 *     checked against the first sample
 * @param checksum 16-bit sum of all samples as written; empty when missing or when the header gives
 *     no length, because WFDB then does not check it
 * @param blockSize block size in bytes; 0 when missing
 * @param description signal description; {@code record NAME, signal N} when missing
 */
public record WfdbSignalSpec(
        String fileName,
        int format,
        int samplesPerFrame,
        int skewFrames,
        long byteOffset,
        double adcGain,
        int baseline,
        String units,
        int adcResolution,
        int adcZero,
        int initialValue,
        boolean initialValueStated,
        OptionalInt checksum,
        int blockSize,
        String description) {

    /** ADC units per physical unit when the header gives none, as in the WFDB library. */
    public static final double DEFAULT_ADC_GAIN = 200.0;

    public WfdbSignalSpec {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(description, "description");
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException(
                    "samplesPerFrame must be at least 1, got " + samplesPerFrame);
        }
    }

    /** True for signals without samples: file name {@code ~} or format 0. */
    public boolean isNull() {
        return format == 0 || "~".equals(fileName);
    }

    /** The gain used for physical values: {@link #adcGain}, or 200 when it is zero. */
    public double effectiveGain() {
        return adcGain == 0.0 ? DEFAULT_ADC_GAIN : adcGain;
    }

    /**
     * Rails of the converter from the ADC resolution and zero; empty when the resolution is not a
     * usable bit count.
     */
    public Optional<AdcRange> adcRange() {
        if (adcResolution < 2 || adcResolution > 32) {
            return Optional.empty();
        }
        return Optional.of(AdcRange.ofResolution(adcResolution, adcZero));
    }

    /** Converts one ADC value to physical units; NaN for {@link Recording#INVALID_SAMPLE}. */
    public double toPhysical(int adcValue) {
        if (adcValue == Recording.INVALID_SAMPLE) {
            return Double.NaN;
        }
        return (adcValue - baseline) / effectiveGain();
    }
}
