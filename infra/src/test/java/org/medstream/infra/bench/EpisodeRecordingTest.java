package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.bench.EpisodeRecording.Episode;
import org.medstream.infra.bench.EpisodeRecording.Reference;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.time.StreamClock;

/** The recurring alarm episodes that the alert latency benchmark replays. */
class EpisodeRecordingTest {
    private static Recording record100;
    private static List<Annotation> annotations100;
    private static long[] beats100;

    @BeforeAll
    static void readRecord() throws Exception {
        Path mitdb = Path.of(System.getProperty("medstream.data.dir"), "mitdb");
        record100 = WfdbRecord.read(mitdb.resolve("100"));
        annotations100 = WfdbAnnotations.read(mitdb.resolve("100.atr"));
        beats100 =
                annotations100.stream()
                        .filter(Annotation::isQrs)
                        .mapToLong(Annotation::sample)
                        .toArray();
    }

    @Test
    void tachycardiaLaysOutSourceBeatsAt180Bpm() {
        EpisodeRecording fast = tachycardia(60, 30, 10);
        int[] source = record100.digital(0).orElseThrow();
        int[] output = fast.digital(0).orElseThrow();
        int episodeStart = 20 * 360;

        assertThat(fast.frameCount()).isEqualTo(60 * 360);
        assertThat(Arrays.copyOfRange(output, 0, episodeStart))
                .isEqualTo(Arrays.copyOfRange(source, 0, episodeStart));
        // The second episode would end at 60 s, inside the 10 s tail, so there is one.
        assertThat(fast.references()).hasSize(1);
        Reference reference = fast.references().get(0);
        // The run starts at most one source beat after 20 s; 17 beats 120 samples apart follow.
        assertThat(reference.onsetIndex()).isBetween((long) episodeStart, episodeStart + 2L * 360);
        assertThat(reference.criterionIndex() - reference.onsetIndex()).isEqualTo(16 * 120);
        // Each fast beat plays its source QRS unchanged, 61 ms before to 200 ms after its R peak.
        List<Long> outputPeaks = new ArrayList<>();
        for (long peak = reference.onsetIndex(); peak <= reference.criterionIndex(); peak += 120) {
            outputPeaks.add(peak);
        }
        for (long peak : outputPeaks) {
            int at = (int) peak;
            int sourcePeak = nearestBeat(at, output, source);
            assertThat(Arrays.copyOfRange(output, at - 22, at + 72))
                    .as("fast beat at %d", at)
                    .isEqualTo(Arrays.copyOfRange(source, sourcePeak - 22, sourcePeak + 72));
        }
    }

    @Test
    void classicDetectorFindsEveryFastBeat() {
        EpisodeRecording fast = tachycardia(200, 40, 12);
        List<Long> detected = new ArrayList<>();
        detect(fast, (index, beatClass) -> detected.add(index));

        assertThat(fast.references()).hasSize(4);
        for (Reference reference : fast.references()) {
            for (long peak = reference.onsetIndex() - 120;
                    peak <= reference.criterionIndex();
                    peak += 120) {
                long expected = peak;
                assertThat(detected)
                        .as("beat at sample %d", expected)
                        .anyMatch(index -> Math.abs(index - expected) <= 0.15 * 360);
            }
        }
    }

    @Test
    void everyEpisodeRaisesItsAlarm() {
        for (Episode episode : Episode.values()) {
            EpisodeRecording recording =
                    new EpisodeRecording(
                            record100,
                            annotations100,
                            "episodes",
                            episode,
                            200,
                            40,
                            episode == Episode.ASYSTOLE ? 8 : 12);

            List<Alert> starts = startsOf(recording);

            AlertType expected =
                    episode == Episode.ASYSTOLE
                            ? AlertType.ASYSTOLE
                            : AlertType.EXTREME_TACHYCARDIA;
            // Episodes end at 40, 80, 120 and 160 s; one ending at 200 s would lie in the tail.
            assertThat(starts).as("%s alarms", episode).hasSize(4);
            assertThat(starts).extracting(Alert::getType).containsOnly(expected);
            for (int i = 0; i < starts.size(); i++) {
                Reference reference = recording.references().get(i);
                assertThat(starts.get(i).getOnsetSampleIndex())
                        .as("%s onset", episode)
                        .isCloseTo(reference.onsetIndex(), within(Math.round(0.15 * 360)));
                assertThat(starts.get(i).getSampleIndex())
                        .as("%s confirmation", episode)
                        .isCloseTo(reference.criterionIndex(), within(Math.round(0.15 * 360)));
            }
        }
    }

    @Test
    void asystoleReferenceIsLastBeatBeforePause() {
        EpisodeRecording pause =
                new EpisodeRecording(
                        record100, annotations100, "pause", Episode.ASYSTOLE, 60, 30, 8);
        Reference reference = pause.references().get(0);
        long lastBeat = 0;
        for (long beat : beats100) {
            if (beat < 22 * 360) {
                lastBeat = beat;
            }
        }
        assertThat(reference.onsetIndex()).isEqualTo(lastBeat);
        assertThat(reference.criterionIndex()).isEqualTo(lastBeat + 4 * 360);
    }

    @Test
    void episodeNeedsReferenceBeats() {
        assertThatThrownBy(
                        () ->
                                new EpisodeRecording(
                                        record100, List.of(), "x", Episode.TACHYCARDIA, 60, 30, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing reference beats for")
                .hasMessageContaining("need at least 2 annotated normal beats (N), got 0");
    }

    @Test
    void shortRunIsRefused() {
        assertThatThrownBy(() -> tachycardia(60, 30, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than the 17 of the alarm criterion");
    }

    private static EpisodeRecording tachycardia(double seconds, double period, double episode) {
        return new EpisodeRecording(
                record100, annotations100, "fast", Episode.TACHYCARDIA, seconds, period, episode);
    }

    /** Returns the source R peak whose surroundings the output plays at {@code at}. */
    private static int nearestBeat(int at, int[] output, int[] source) {
        for (long beat : beats100) {
            int b = (int) beat;
            if (b - 22 >= 0
                    && b + 72 <= source.length
                    && source[b] == output[at]
                    && source[b - 10] == output[at - 10]
                    && source[b + 10] == output[at + 10]) {
                return b;
            }
        }
        throw new AssertionError("No source beat plays at output sample " + at);
    }

    /** Runs the classic detector and the default alarm rules over lead 0; returns the STARTs. */
    private static List<Alert> startsOf(Recording recording) {
        double fs = recording.samplingFrequencyHz();
        AlarmRules rules = AlarmRules.defaults();
        AlarmState alarms = new AlarmState();
        rules.reset(alarms, 0);
        AlertFactory factory = new AlertFactory("bench", new StreamClock(0, fs), "test", "1", 0);
        List<Alert> alerts = new ArrayList<>();
        long[] lastBeat = {-1};
        detect(
                recording,
                (index, beatClass) -> {
                    long rr = lastBeat[0] < 0 ? -1 : index - lastBeat[0];
                    lastBeat[0] = index;
                    rules.onBeat(alarms, factory, index, rr, alerts::add);
                },
                throughIndex -> rules.onProgress(alarms, factory, throughIndex, alerts::add));
        return alerts.stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    private static void detect(Recording recording, BeatListener listener) {
        detect(recording, listener, throughIndex -> {});
    }

    /**
     * Runs the classic detector over lead 0 in chunks of 90 samples; {@code progress} gets the
     * index up to which every beat has been reported after each chunk.
     */
    private static void detect(Recording recording, BeatListener listener, LongConsumer progress) {
        PanTompkinsDetector detector = new PanTompkinsDetector();
        double fs = recording.samplingFrequencyHz();
        var state = detector.createState(fs);
        double[] physical = recording.physical(0);
        float[] lead = new float[physical.length];
        for (int i = 0; i < lead.length; i++) {
            lead[i] = (float) physical[i];
        }
        long maxDelay = Math.round(detector.maxDelaySeconds() * fs);
        int chunk = 90;
        for (int from = 0; from < lead.length; from += chunk) {
            int count = Math.min(chunk, lead.length - from);
            detector.process(state, lead, from, count, from, listener);
            progress.accept(from + count - 1 - maxDelay);
        }
    }

    @Test
    void asystoleReplacesEpisodeWithSmallWander() {
        EpisodeRecording pause =
                new EpisodeRecording(
                        record100, annotations100, "pause", Episode.ASYSTOLE, 60, 30, 8);
        int[] source = record100.digital(0).orElseThrow();
        int[] output = pause.digital(0).orElseThrow();
        double adcGain = record100.channels().get(0).adcGain();

        assertThat(output[22 * 360 - 1]).isEqualTo(source[22 * 360 - 1]);
        assertThat(output[30 * 360]).isEqualTo(source[30 * 360]);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 22 * 360; i < 30 * 360; i++) {
            min = Math.min(min, output[i]);
            max = Math.max(max, output[i]);
        }
        // A QRS complex of record 100 spans more than 1 mV; the pause stays well under it.
        assertThat((max - min) / adcGain).isLessThan(0.8);
    }

    @Test
    void episodeMustLeaveRhythm() {
        assertThatThrownBy(
                        () ->
                                new EpisodeRecording(
                                        record100,
                                        annotations100,
                                        "x",
                                        Episode.ASYSTOLE,
                                        60,
                                        30,
                                        29.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid episodes of 29.5 s every 30.0 s");
    }
}
