package org.medstream.infra.scenario;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * The first frames of a real recording with a pause of the QRS complexes: in every channel the
 * samples of {@code [pauseStartSeconds, pauseEndSeconds)} are replaced by a 0.25 Hz baseline wander
 * of 0.2 mV amplitude plus Gaussian noise of 0.025 mV standard deviation (fixed seed). The wander
 * rides on a straight line between the median levels of the half seconds before and after the
 * pause, so the edges of the pause add no step that a QRS detector could take for a beat. Samples
 * are stored as ADC values with the source's gain and baseline.
 */
final class AsystoleRecording implements Recording {
    private static final double WANDER_HZ = 0.25;
    private static final double WANDER_MV = 0.2;
    private static final double NOISE_MV = 0.025;
    private static final long NOISE_SEED = 20261204L;

    private final Recording source;
    private final String name;
    private final int frameCount;
    private final int[][] digital;

    /**
     * @param source recording with ADC values in mV on every channel
     * @param seconds length of this recording
     * @throws IllegalArgumentException if the source lacks ADC values or the pause does not fit
     */
    AsystoleRecording(
            Recording source,
            String name,
            double seconds,
            double pauseStartSeconds,
            double pauseEndSeconds) {
        double fs = source.samplingFrequencyHz();
        this.source = source;
        this.name = name;
        this.frameCount = (int) Math.min(source.frameCount(), Math.round(seconds * fs));
        int pauseStart = (int) Math.round(pauseStartSeconds * fs);
        int pauseEnd = (int) Math.round(pauseEndSeconds * fs);
        int halfSecond = (int) Math.round(0.5 * fs);
        if (pauseStart < halfSecond
                || pauseEnd + halfSecond > frameCount
                || pauseEnd <= pauseStart) {
            throw new IllegalArgumentException(
                    "Pause ["
                            + pauseStartSeconds
                            + " s, "
                            + pauseEndSeconds
                            + " s) does not fit in "
                            + seconds
                            + " s of "
                            + source.source()
                            + " with half a second on each side");
        }

        Random random = new Random(NOISE_SEED);
        List<RecordingChannel> channels = source.channels();
        digital = new int[channels.size()][];
        for (int c = 0; c < channels.size(); c++) {
            RecordingChannel channel = channels.get(c);
            int[] values =
                    Arrays.copyOf(
                            source.digital(c)
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            source.source()
                                                                    + " has no ADC values")),
                            frameCount);
            double before = median(values, pauseStart - halfSecond, pauseStart);
            double after = median(values, pauseEnd, pauseEnd + halfSecond);
            for (int i = pauseStart; i < pauseEnd; i++) {
                double fraction = (double) (i - pauseStart) / (pauseEnd - pauseStart);
                double level = before + fraction * (after - before);
                double t = (i - pauseStart) / fs;
                double millivolts =
                        WANDER_MV * Math.sin(2 * Math.PI * WANDER_HZ * t)
                                + NOISE_MV * random.nextGaussian();
                values[i] = (int) Math.round(level + millivolts * channel.adcGain());
            }
            digital[c] = values;
        }
    }

    private static double median(int[] values, int from, int to) {
        int[] window = Arrays.copyOfRange(values, from, to);
        Arrays.sort(window);
        return window[window.length / 2];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source.source() + " with a QRS pause";
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
        return frameCount;
    }

    @Override
    public List<RecordingChannel> channels() {
        return source.channels();
    }

    @Override
    public double[] physical(int channel) {
        RecordingChannel spec = source.channels().get(channel);
        double[] physical = new double[frameCount];
        for (int i = 0; i < frameCount; i++) {
            int value = digital[channel][i];
            physical[i] =
                    value == INVALID_SAMPLE
                            ? Double.NaN
                            : (value - spec.baseline()) / spec.adcGain();
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.of(digital[channel].clone());
    }
}
