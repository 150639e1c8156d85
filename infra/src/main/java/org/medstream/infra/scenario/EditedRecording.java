package org.medstream.infra.scenario;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A real recording whose ADC values a test or benchmark scenario has edited, for example to insert
 * a pause of the QRS complexes or a detached electrode. It has the source's channels, gains and
 * sampling frequency, and no start time, annotations or gaps.
 */
public final class EditedRecording implements Recording {
    private final Recording source;
    private final String name;
    private final String edit;
    private final int[][] digital;

    /**
     * @param edit what was changed, appended to the source's description, such as {@code with a QRS
     *     pause}
     * @param digital the edited ADC values, one array per channel of the source, all of one length
     */
    public EditedRecording(Recording source, String name, String edit, int[][] digital) {
        if (digital.length != source.channels().size()) {
            throw new IllegalArgumentException(
                    digital.length
                            + " channels of values for "
                            + source.source()
                            + ", which has "
                            + source.channels().size());
        }
        for (int[] values : digital) {
            if (values.length != digital[0].length) {
                throw new IllegalArgumentException(
                        "Channels of different lengths for " + source.source());
            }
        }
        this.source = source;
        this.name = name;
        this.edit = edit;
        this.digital = digital;
    }

    /**
     * Returns a copy of the first {@code frames} ADC values of a channel of {@code source}, padded
     * with zeros when the source is shorter.
     *
     * @throws IllegalArgumentException when the source has no ADC values
     */
    public static int[] digitalCopy(Recording source, int channel, int frames) {
        int[] values =
                source.digital(channel)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                source.source() + " has no ADC values"));
        return Arrays.copyOf(values, frames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source.source() + " " + edit;
    }

    @Override
    public double samplingFrequencyHz() {
        return source.samplingFrequencyHz();
    }

    @Override
    public Optional<Instant> startTime() {
        return Optional.empty();
    }

    @Override
    public long frameCount() {
        return digital[0].length;
    }

    @Override
    public List<RecordingChannel> channels() {
        return source.channels();
    }

    @Override
    public double[] physical(int channel) {
        RecordingChannel spec = source.channels().get(channel);
        int[] values = digital[channel];
        double[] physical = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            physical[i] =
                    values[i] == INVALID_SAMPLE
                            ? Double.NaN
                            : (values[i] - spec.baseline()) / spec.adcGain();
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.of(digital[channel].clone());
    }
}
