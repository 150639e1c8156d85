package org.medstream.ingest.validate;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

/**
 * Rejects chunks of electrical potentials (ECG, EEG, EMG) whose peak-to-peak amplitude in physical
 * units no body surface signal reaches: the mark of a wrong ADC gain or unit, such as the LUDB
 * release whose amplitudes were 1000 times too large. Other units (pressure, impedance, flow) are
 * not checked, because their plausible ranges depend on the sensor.
 */
final class AmplitudeCheck {
    /**
     * Largest plausible peak-to-peak amplitude within one chunk, in volts. Body surface ECG stays
     * below about 10 mV even with pacing spikes and large PVCs, and recorders' input ranges end
     * near 10 mV (the MIT-BIH ADC spans 10.24 mV). NOTE: 50 mV leaves a wide margin; a judgement.
     */
    static final double MAX_PEAK_TO_PEAK_VOLTS = 0.05;

    private AmplitudeCheck() {}

    static Optional<ChunkViolation> check(SignalChunk chunk) {
        int channels = chunk.getChannelNames().size();
        for (int channel = 0; channel < channels; channel++) {
            String unit = chunk.getUnits().get(channel);
            OptionalDouble voltsPerUnit = PhysicalUnits.voltsPerUnit(unit);
            if (voltsPerUnit.isEmpty()) {
                continue;
            }
            double peakToPeak = peakToPeak(chunk, channel, channels);
            double limit = MAX_PEAK_TO_PEAK_VOLTS / voltsPerUnit.getAsDouble();
            if (peakToPeak > limit) {
                return ChunkChecks.violation(
                        DeadLetterReason.IMPLAUSIBLE_AMPLITUDE,
                        "Stream %s: channel %s spans %.4g %s peak to peak in samples [%d, %d),"
                                + " more than the %.4g %s a body surface potential reaches; check"
                                + " the ADC gain and the unit",
                        chunk.getStreamId(),
                        chunk.getChannelNames().get(channel),
                        peakToPeak,
                        unit,
                        chunk.getFirstSampleIndex(),
                        chunk.getFirstSampleIndex() + chunk.getFrameCount(),
                        limit,
                        unit);
            }
        }
        return Optional.empty();
    }

    /** Peak-to-peak amplitude of one channel in physical units, ignoring missing samples. */
    private static double peakToPeak(SignalChunk chunk, int channel, int channels) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        if (chunk.getSamples() instanceof DigitalSamples digital) {
            List<Integer> values = digital.getValues();
            int invalid = digital.getInvalidValue();
            for (int i = channel; i < values.size(); i += channels) {
                int value = values.get(i);
                if (value != invalid) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
            return max < min ? 0 : (max - min) / digital.getAdcGain().get(channel);
        }
        List<Float> values = ((PhysicalSamples) chunk.getSamples()).getValues();
        for (int i = channel; i < values.size(); i += channels) {
            float value = values.get(i);
            if (!Float.isNaN(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return max < min ? 0 : max - min;
    }
}
