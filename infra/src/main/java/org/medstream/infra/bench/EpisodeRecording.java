package org.medstream.infra.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A real recording with an alarm episode at the end of every period, for the alert latency
 * benchmark. In each {@code periodSeconds}, the last {@code episodeSeconds} are:
 *
 * <ul>
 *   <li>{@link Episode#ASYSTOLE}: a pause of the QRS complexes. The samples are replaced by a 0.25
 *       Hz baseline wander of 0.2 mV plus Gaussian noise of 0.025 mV (fixed seed), on a straight
 *       line between the median levels of the half seconds before and after, so the edges add no
 *       step that a detector could take for a beat;
 *   <li>{@link Episode#TACHYCARDIA}: the source played {@value #SPEED_UP} times as fast (samples
 *       skipped), which multiplies the heart rate by as much: about 185 bpm for a source at 75 bpm,
 *       so that even its slower beats stay above 140 bpm. The QRS complexes get narrower by the
 *       same factor; a test checks that the classic detector still finds them.
 * </ul>
 *
 * <p>The last {@value #TAIL_SECONDS} s hold no episode, so that the stream ends with beats and a
 * run can tell from its last beats that the job has seen all of it. The source is read from its
 * start again when it runs out. The recording has no start time, so a replay at real time starts it
 * at the replay start ({@link UndatedRecording}).
 */
final class EpisodeRecording implements Recording {
    /** The alarm condition of the episodes. */
    enum Episode {
        ASYSTOLE,
        TACHYCARDIA
    }

    private static final double WANDER_HZ = 0.25;
    private static final double WANDER_MV = 0.2;
    private static final double NOISE_MV = 0.025;
    private static final long NOISE_SEED = 20261205L;

    /** Factor by which a tachycardia episode speeds up the source. */
    static final double SPEED_UP = 2.5;

    /** Seconds at the end without an episode. */
    static final double TAIL_SECONDS = 10;

    private final Recording source;
    private final String name;
    private final Episode episode;
    private final int[][] digital;

    /**
     * @throws IllegalArgumentException if the source lacks ADC values, is shorter than one period,
     *     or the episode does not leave a second of the source's own rhythm in each period
     */
    EpisodeRecording(
            Recording source,
            String name,
            Episode episode,
            double seconds,
            double periodSeconds,
            double episodeSeconds) {
        double fs = source.samplingFrequencyHz();
        int frames = (int) Math.round(seconds * fs);
        int period = (int) Math.round(periodSeconds * fs);
        int length = (int) Math.round(episodeSeconds * fs);
        // Episodes end at multiples of the period; the last one must end before the tail.
        int lastEpisodeEnd = frames - (int) Math.round(TAIL_SECONDS * fs);
        if (length < 1 || period - length < fs || source.frameCount() < 2L * period) {
            throw new IllegalArgumentException(
                    "Invalid episodes of "
                            + episodeSeconds
                            + " s every "
                            + periodSeconds
                            + " s in "
                            + source.source()
                            + " ("
                            + source.frameCount() / fs
                            + " s): each period needs at least 1 s of the source's rhythm and"
                            + " the source two periods");
        }
        this.source = source;
        this.name = name;
        this.episode = episode;

        List<RecordingChannel> channels = source.channels();
        digital = new int[channels.size()][];
        Random random = new Random(NOISE_SEED);
        int halfSecond = (int) Math.round(0.5 * fs);
        for (int c = 0; c < channels.size(); c++) {
            int[] input =
                    source.digital(c)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    source.source() + " has no ADC values"));
            int[] output = new int[frames];
            double cursor = 0;
            for (int i = 0; i < frames; i++) {
                boolean inEpisode =
                        i % period >= period - length
                                && (i / period + 1) * period <= lastEpisodeEnd;
                output[i] = input[(int) ((long) cursor % input.length)];
                cursor += inEpisode && episode == Episode.TACHYCARDIA ? SPEED_UP : 1;
            }
            if (episode == Episode.ASYSTOLE) {
                double adcGain = channels.get(c).adcGain();
                for (int start = period - length;
                        start + length <= lastEpisodeEnd;
                        start += period) {
                    int end = start + length;
                    double before = median(output, Math.max(0, start - halfSecond), start);
                    double after = median(output, end, end + halfSecond);
                    for (int i = start; i < end; i++) {
                        double fraction = (double) (i - start) / length;
                        double t = (i - start) / fs;
                        double millivolts =
                                WANDER_MV * Math.sin(2 * Math.PI * WANDER_HZ * t)
                                        + NOISE_MV * random.nextGaussian();
                        output[i] =
                                (int)
                                        Math.round(
                                                before
                                                        + fraction * (after - before)
                                                        + millivolts * adcGain);
                    }
                }
            }
            digital[c] = output;
        }
    }

    private static double median(int[] values, int from, int to) {
        int[] window = Arrays.copyOfRange(values, from, to);
        Arrays.sort(window);
        return window[window.length / 2];
    }

    Episode episode() {
        return episode;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source.source() + " with " + episode.name().toLowerCase() + " episodes";
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
