package org.medstream.stream.beat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;

/** Extracts one channel of a {@link SignalChunk} in physical units. */
public final class LeadSamples {
    /** Ingest gate flags that make a chunk's lead count as a poor signal for the alarms. */
    private static final Set<QualityFlag> POOR_SIGNAL_FLAGS =
            EnumSet.of(
                    QualityFlag.NOISY,
                    QualityFlag.SATURATED,
                    QualityFlag.FLAT_LINE,
                    QualityFlag.MISSING_SAMPLES);

    private LeadSamples() {}

    /**
     * Returns whether the ingest gate flagged the chunk's samples of {@code channel} noisy,
     * saturated, flat or with missing samples, which the alarms count as a poor signal.
     */
    public static boolean flaggedPoor(SignalChunk chunk, int channel) {
        List<ChannelQuality> quality = chunk.getQuality();
        if (quality == null || channel >= quality.size()) {
            return false;
        }
        for (QualityFlag flag : quality.get(channel).getFlags()) {
            if (POOR_SIGNAL_FLAGS.contains(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the {@code chunk.frameCount} samples of {@code channel} in mV. Digital samples become
     * {@code (value - baseline) / adcGain}, then scale from the channel's unit to mV; the chunk's
     * invalid value becomes NaN. The chunk must have passed validation, so lengths match the
     * channel count.
     */
    public static float[] millivolts(SignalChunk chunk, int channel) {
        return scaled(chunk, channel, millivoltsPerUnit(chunk.getUnits().get(channel)));
    }

    /**
     * Returns the {@code chunk.frameCount} samples of {@code channel} in the channel's own unit,
     * for signals other than ECG, such as respiration. Missing samples are NaN, as in {@link
     * #millivolts}.
     */
    public static float[] physical(SignalChunk chunk, int channel) {
        return scaled(chunk, channel, 1.0);
    }

    private static float[] scaled(SignalChunk chunk, int channel, double scale) {
        int channelCount = chunk.getChannelNames().size();
        int frameCount = chunk.getFrameCount();
        float[] lead = new float[frameCount];
        Object samples = chunk.getSamples();

        if (samples instanceof DigitalSamples digital) {
            List<Integer> values = digital.getValues();
            double gain = digital.getAdcGain().get(channel);
            int baseline = digital.getBaseline().get(channel);
            int invalid = digital.getInvalidValue();
            for (int frame = 0; frame < frameCount; frame++) {
                int value = values.get(frame * channelCount + channel);
                lead[frame] =
                        value == invalid ? Float.NaN : (float) ((value - baseline) / gain * scale);
            }
        } else if (samples instanceof PhysicalSamples physical) {
            List<Float> values = physical.getValues();
            for (int frame = 0; frame < frameCount; frame++) {
                Float value = values.get(frame * channelCount + channel);
                lead[frame] = value == null ? Float.NaN : (float) (value * scale);
            }
        } else {
            throw new IllegalArgumentException(
                    "Unsupported samples type "
                            + (samples == null ? "null" : samples.getClass().getName())
                            + " in a SignalChunk (expected DigitalSamples or PhysicalSamples)");
        }
        return lead;
    }

    /**
     * Returns the factor from {@code unit} to mV: 1 for mV, 0.001 for uV or µV, 1000 for V.
     *
     * <p>NOTE: any other unit, including an empty one, is read as mV, because WFDB headers omit the
     * unit when it is mV and some gateways send free text; such leads are not rejected.
     */
    public static double millivoltsPerUnit(String unit) {
        String trimmed = unit == null ? "" : unit.trim();
        return switch (trimmed) {
            case "uV", "µV", "μV" -> 0.001;
            case "V" -> 1000.0;
            default -> 1.0;
        };
    }
}
