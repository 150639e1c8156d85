package org.medstream.infra.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.medstream.infra.scenario.EditedRecording;
import org.medstream.infra.scenario.QrsPause;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.stream.alarm.AlarmThresholds;

/**
 * A real recording with an alarm episode at the end of every period, for the alert latency
 * benchmark. In each {@code periodSeconds}, the last {@code episodeSeconds} are:
 *
 * <ul>
 *   <li>{@link Episode#ASYSTOLE}: a pause of the QRS complexes, the samples replaced as {@link
 *       QrsPause} describes (fixed noise seed);
 *   <li>{@link Episode#TACHYCARDIA}: the source's own normal beats, one after another, laid out
 *       every {@value #TACHYCARDIA_RR_SECONDS} s (180 bpm). Each fast beat is the source from
 *       {@value #LEAD_SECONDS} s before a reference R peak to the start of the next fast beat, so
 *       the QRS keeps its shape and width, and the T wave runs into the next beat as it does at
 *       high rates. The first {@value #CROSSFADE_SECONDS} s of each fast beat, before its QRS, fade
 *       in from the continuation of the previous one, so the joins add no step. The episode starts
 *       at the first fast beat's lead, at most one source beat after the period's episode start.
 * </ul>
 *
 * <p>The reference beats of the source (its annotated QRS complexes) give each episode its {@link
 * Reference}: when the alarm condition began and when the default alarm criterion ({@link
 * AlarmThresholds#defaults()}) was met. The last {@value #TAIL_SECONDS} s hold no episode, so that
 * the stream ends with beats and a run can tell from its last beats that the job has seen all of
 * it. The source is read from its start again when it runs out. The recording has no start time, so
 * a replay at real time starts it at the replay start.
 */
final class EpisodeRecording extends ForwardingRecording {
    /** The alarm condition of the episodes. */
    enum Episode {
        ASYSTOLE,
        TACHYCARDIA
    }

    /**
     * Position of one episode's alarm condition, in output sample indices.
     *
     * @param onsetIndex the last reference beat before a pause, or the first beat of the fast run
     *     (the first beat whose rate, from the RR interval before it, is above the alarm's limit)
     * @param criterionIndex the sample at which the default criterion is met: 4 s after the last
     *     beat, or the 17th beat of the fast run
     */
    record Reference(long onsetIndex, long criterionIndex) {}

    private static final long NOISE_SEED = 20261205L;

    /** RR interval of a tachycardia episode: 180 bpm. */
    static final double TACHYCARDIA_RR_SECONDS = 1.0 / 3.0;

    /** Part of a fast beat before its R peak. */
    static final double LEAD_SECONDS = 0.1;

    /** Length of the fade from one fast beat into the next, all of it before the next QRS. */
    static final double CROSSFADE_SECONDS = 0.04;

    /** Seconds at the end without an episode. */
    static final double TAIL_SECONDS = 10;

    private final Episode episode;
    private final List<Reference> references;

    /**
     * @param annotations the source's reference annotations: QRS complexes mark its beats, and the
     *     normal ones ({@code N}) are laid out in tachycardia episodes
     * @throws IllegalArgumentException if the source lacks ADC values or normal beats, is shorter
     *     than two periods, or the episode does not leave a second of the source's own rhythm in
     *     each period
     */
    EpisodeRecording(
            Recording source,
            List<Annotation> annotations,
            String name,
            Episode episode,
            double seconds,
            double periodSeconds,
            double episodeSeconds) {
        this(
                name,
                episode,
                new Layout(source, annotations, episode, seconds, periodSeconds, episodeSeconds));
    }

    private EpisodeRecording(String name, Episode episode, Layout layout) {
        super(layout.apply(name, episode));
        this.episode = episode;
        this.references = List.copyOf(layout.references);
    }

    Episode episode() {
        return episode;
    }

    /** Returns the episodes' alarm conditions, in time order. */
    List<Reference> references() {
        return references;
    }

    /** Map from each output sample to the source samples it plays, shared by all channels. */
    private static final class Layout {
        private final Recording source;
        private final long length;

        /** Annotated QRS complexes, sorted. */
        private final long[] beats;

        /** Annotated normal beats, sorted: the ones a fast run lays out. */
        private final long[] normalBeats;

        private final double fs;
        private final int frames;

        /** Absolute source position (not wrapped) that each output sample plays. */
        private final long[] from;

        /** Absolute source position faded out at each output sample, or -1. */
        private final long[] fadeFrom;

        /** Weight of {@code from} at each output sample; {@code fadeFrom} gets the rest. */
        private final float[] weight;

        private final List<int[]> pauses = new ArrayList<>();
        private final List<Long> outputBeats = new ArrayList<>();
        private final List<Reference> references = new ArrayList<>();
        private final int fadeLength;
        private int next;
        private long cursor;

        /**
         * Source position that fades out at the next output sample, while {@code fadeStep} is
         * short.
         */
        private long fadeCursor;

        private int fadeStep;

        Layout(
                Recording source,
                List<Annotation> annotations,
                Episode episode,
                double seconds,
                double periodSeconds,
                double episodeSeconds) {
            this.source = source;
            this.length = source.frameCount();
            this.fs = source.samplingFrequencyHz();
            this.frames = (int) Math.round(seconds * fs);
            this.beats = sortedWithin(annotations, length, Annotation::isQrs);
            this.normalBeats =
                    sortedWithin(
                            annotations,
                            length,
                            annotation -> annotation.code().equals(AnnotationCode.NORMAL));
            this.fadeLength = (int) Math.round(CROSSFADE_SECONDS * fs);
            this.fadeStep = fadeLength;
            int period = (int) Math.round(periodSeconds * fs);
            int episodeLength = (int) Math.round(episodeSeconds * fs);
            // Episodes end at multiples of the period; the last one must end before the tail.
            int lastEpisodeEnd = frames - (int) Math.round(TAIL_SECONDS * fs);
            if (episodeLength < 1 || period - episodeLength < fs || length < 2L * period) {
                throw new IllegalArgumentException(
                        "Invalid episodes of "
                                + episodeSeconds
                                + " s every "
                                + periodSeconds
                                + " s in "
                                + source.source()
                                + " ("
                                + length / fs
                                + " s): each period needs at least 1 s of the source's rhythm and"
                                + " the source two periods");
            }
            if (normalBeats.length < 2) {
                throw new IllegalArgumentException(
                        "Missing reference beats for "
                                + source.source()
                                + ": the episodes need at least 2 annotated normal beats (N), got "
                                + normalBeats.length);
            }
            from = new long[frames];
            fadeFrom = new long[frames];
            weight = new float[frames];
            AlarmThresholds criteria = AlarmThresholds.defaults();
            for (int end = period; ; end += period) {
                boolean episodeFits = end <= lastEpisodeEnd;
                playNormal(episodeFits ? end - episodeLength : frames, true);
                if (!episodeFits) {
                    break;
                }
                if (episode == Episode.ASYSTOLE) {
                    if (outputBeats.isEmpty()) {
                        throw new IllegalArgumentException(
                                "Invalid asystole episodes in "
                                        + source.source()
                                        + ": no reference beat before the first pause");
                    }
                    long onset = outputBeats.get(outputBeats.size() - 1);
                    pauses.add(new int[] {next, end});
                    playNormal(end, false);
                    references.add(
                            new Reference(
                                    onset, onset + Math.round(criteria.asystoleSeconds() * fs)));
                } else {
                    playFastBeats(end, criteria);
                }
            }
        }

        /** Plays the source at its own speed up to output sample {@code until}. */
        private void playNormal(int until, boolean keepBeats) {
            while (next < until) {
                if (keepBeats && isBeat(cursor)) {
                    outputBeats.add((long) next);
                }
                place(next, cursor, fadeCursor, fadeStep);
                next++;
                cursor++;
                fadeCursor++;
                fadeStep = Math.min(fadeStep + 1, fadeLength);
            }
        }

        /**
         * Lays out the source's next beats at the tachycardia rate up to output sample {@code end};
         * the source's own rhythm resumes with the beat after the last one laid out.
         */
        private void playFastBeats(int end, AlarmThresholds criteria) {
            int lead = (int) Math.round(LEAD_SECONDS * fs);
            int beatLength = (int) Math.round(TACHYCARDIA_RR_SECONDS * fs);
            long peak = nextNormalBeatFrom(cursor + lead);
            // Finish the beat under way, so that the fast run starts at a beat's lead.
            playNormal((int) Math.min(end, next + (peak - lead - cursor)), true);
            int firstFastBeat = outputBeats.size();
            while (next + beatLength <= end) {
                long start = peak - lead;
                outputBeats.add((long) next + lead);
                for (int j = 0; j < beatLength; j++) {
                    place(next + j, start + j, fadeCursor + j, fadeStep + j);
                }
                next += beatLength;
                fadeCursor = start + beatLength;
                fadeStep = 0;
                peak = nextNormalBeatFrom(peak + 1);
            }
            cursor = peak - lead;
            references.add(fastRunReference(firstFastBeat, criteria));
        }

        /**
         * Returns the fast run's reference: its first beat above the rate limit, and the beat that
         * completes the criterion's number of beats.
         */
        private Reference fastRunReference(int firstFastBeat, AlarmThresholds criteria) {
            double limitSamples = 60.0 * fs / criteria.tachycardiaBpm();
            int onset = Math.max(firstFastBeat, 1);
            while (onset < outputBeats.size()
                    && outputBeats.get(onset) - outputBeats.get(onset - 1) >= limitSamples) {
                onset++;
            }
            int criterion = onset + criteria.tachycardiaBeats() - 1;
            if (criterion >= outputBeats.size()) {
                throw new IllegalArgumentException(
                        "Invalid tachycardia episodes in "
                                + source.source()
                                + ": an episode holds "
                                + (outputBeats.size() - onset)
                                + " fast beats, fewer than the "
                                + criteria.tachycardiaBeats()
                                + " of the alarm criterion; give longer episodes");
            }
            return new Reference(outputBeats.get(onset), outputBeats.get(criterion));
        }

        /**
         * Sets output sample {@code at} to source {@code position}, faded in over {@code fadeOut}
         * (the continuation of what played before) while {@code step} is within the crossfade.
         */
        private void place(int at, long position, long fadeOut, int step) {
            from[at] = position;
            if (step < fadeLength) {
                fadeFrom[at] = fadeOut;
                weight[at] = (step + 1f) / (fadeLength + 1);
            } else {
                fadeFrom[at] = -1;
                weight[at] = 1f;
            }
        }

        private boolean isBeat(long position) {
            return Arrays.binarySearch(beats, Math.floorMod(position, length)) >= 0;
        }

        /** Returns the absolute position of the first normal beat at or after {@code position}. */
        private long nextNormalBeatFrom(long position) {
            long cycle = Math.floorDiv(position, length);
            long within = position - cycle * length;
            int index = Arrays.binarySearch(normalBeats, within);
            if (index < 0) {
                index = -index - 1;
            }
            if (index == normalBeats.length) {
                return (cycle + 1) * length + normalBeats[0];
            }
            return cycle * length + normalBeats[index];
        }

        private Recording apply(String name, Episode episode) {
            List<RecordingChannel> channels = source.channels();
            int[][] digital = new int[channels.size()][];
            Random random = new Random(NOISE_SEED);
            for (int c = 0; c < channels.size(); c++) {
                int[] input = EditedRecording.digitalCopy(source, c, (int) length);
                int[] output = new int[frames];
                for (int i = 0; i < frames; i++) {
                    double value = input[(int) Math.floorMod(from[i], length)];
                    if (fadeFrom[i] >= 0) {
                        value =
                                weight[i] * value
                                        + (1 - weight[i])
                                                * input[(int) Math.floorMod(fadeFrom[i], length)];
                    }
                    output[i] = (int) Math.round(value);
                }
                for (int[] pause : pauses) {
                    QrsPause.fill(
                            output, pause[0], pause[1], fs, channels.get(c).adcGain(), random);
                }
                digital[c] = output;
            }
            return new EditedRecording(
                    source, name, "with " + episode.name().toLowerCase() + " episodes", digital);
        }

        private static long[] sortedWithin(
                List<Annotation> annotations, long length, Predicate<Annotation> kind) {
            return annotations.stream()
                    .filter(kind)
                    .mapToLong(Annotation::sample)
                    .filter(sample -> sample >= 0 && sample < length)
                    .sorted()
                    .distinct()
                    .toArray();
        }
    }
}
