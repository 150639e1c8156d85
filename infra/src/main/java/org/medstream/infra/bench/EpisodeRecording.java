package org.medstream.infra.bench;

import java.util.List;
import java.util.Random;
import org.medstream.infra.scenario.EditedRecording;
import org.medstream.infra.scenario.QrsPause;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A real recording with an alarm episode at the end of every period, for the alert latency
 * benchmark. In each {@code periodSeconds}, the last {@code episodeSeconds} are:
 *
 * <ul>
 *   <li>{@link Episode#ASYSTOLE}: a pause of the QRS complexes, the samples replaced as {@link
 *       QrsPause} describes (fixed noise seed);
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
final class EpisodeRecording extends ForwardingRecording {
    /** The alarm condition of the episodes. */
    enum Episode {
        ASYSTOLE,
        TACHYCARDIA
    }

    private static final long NOISE_SEED = 20261205L;

    /** Factor by which a tachycardia episode speeds up the source. */
    static final double SPEED_UP = 2.5;

    /** Seconds at the end without an episode. */
    static final double TAIL_SECONDS = 10;

    private final Episode episode;

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
        super(withEpisodes(source, name, episode, seconds, periodSeconds, episodeSeconds));
        this.episode = episode;
    }

    private static Recording withEpisodes(
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

        List<RecordingChannel> channels = source.channels();
        int[][] digital = new int[channels.size()][];
        Random random = new Random(NOISE_SEED);
        for (int c = 0; c < channels.size(); c++) {
            int[] input = EditedRecording.digitalCopy(source, c, (int) source.frameCount());
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
                for (int start = period - length;
                        start + length <= lastEpisodeEnd;
                        start += period) {
                    QrsPause.fill(
                            output, start, start + length, fs, channels.get(c).adcGain(), random);
                }
            }
            digital[c] = output;
        }
        return new EditedRecording(
                source, name, "with " + episode.name().toLowerCase() + " episodes", digital);
    }

    Episode episode() {
        return episode;
    }
}
