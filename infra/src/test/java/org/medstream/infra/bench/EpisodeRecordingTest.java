package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.bench.EpisodeRecording.Episode;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.time.StreamClock;

/** The recurring alarm episodes that the alert latency benchmark replays. */
class EpisodeRecordingTest {
    private static Recording record100;

    @BeforeAll
    static void readRecord() throws Exception {
        record100 = WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));
    }

    @Test
    void tachycardiaPlaysEpisodeFaster() {
        EpisodeRecording fast =
                new EpisodeRecording(record100, "fast", Episode.TACHYCARDIA, 60, 30, 10);
        int[] source = record100.digital(0).orElseThrow();
        int[] output = fast.digital(0).orElseThrow();
        int episodeStart = 20 * 360;

        assertThat(fast.frameCount()).isEqualTo(60 * 360);
        assertThat(Arrays.copyOfRange(output, 0, episodeStart))
                .isEqualTo(Arrays.copyOfRange(source, 0, episodeStart));
        for (int i = 0; i < 100; i++) {
            assertThat(output[episodeStart + i])
                    .isEqualTo(source[episodeStart + (int) Math.floor(2.5 * i)]);
        }
        // After the first episode the source has moved 15 s further than the output.
        assertThat(output[30 * 360]).isEqualTo(source[45 * 360]);
        // The second episode would end at 60 s, inside the 10 s tail, so it is left out.
        assertThat(output[55 * 360]).isEqualTo(source[70 * 360]);
    }

    @Test
    void everyEpisodeRaisesItsAlarm() {
        for (Episode episode : Episode.values()) {
            EpisodeRecording recording =
                    new EpisodeRecording(
                            record100,
                            "episodes",
                            episode,
                            200,
                            40,
                            episode == Episode.ASYSTOLE ? 8 : 24);

            List<Alert> starts = startsOf(recording);

            AlertType expected =
                    episode == Episode.ASYSTOLE
                            ? AlertType.ASYSTOLE
                            : AlertType.EXTREME_TACHYCARDIA;
            // Episodes end at 40, 80, 120 and 160 s; one ending at 200 s would lie in the tail.
            // NOTE: the classic detector misses beats in the first seconds after the rate jumps to
            // about 185 bpm, which split the runs of one of the four tachycardia episodes.
            if (episode == Episode.ASYSTOLE) {
                assertThat(starts).as("%s alarms", episode).hasSize(4);
            } else {
                assertThat(starts).as("%s alarms", episode).hasSizeBetween(3, 4);
            }
            assertThat(starts).extracting(Alert::getType).containsOnly(expected);
        }
    }

    /** Runs the classic detector and the default alarm rules over lead 0; returns the STARTs. */
    private static List<Alert> startsOf(Recording recording) {
        PanTompkinsDetector detector = new PanTompkinsDetector();
        double fs = recording.samplingFrequencyHz();
        var state = detector.createState(fs);
        AlarmRules rules = AlarmRules.defaults();
        AlarmState alarms = new AlarmState();
        rules.reset(alarms, 0);
        AlertFactory factory = new AlertFactory("bench", new StreamClock(0, fs), "test", "1", 0);
        List<Alert> alerts = new ArrayList<>();
        long[] lastBeat = {-1};
        double[] physical = recording.physical(0);
        float[] lead = new float[physical.length];
        for (int i = 0; i < lead.length; i++) {
            lead[i] = (float) physical[i];
        }
        long maxDelay = Math.round(detector.maxDelaySeconds() * fs);
        int chunk = 90;
        for (int from = 0; from < lead.length; from += chunk) {
            int count = Math.min(chunk, lead.length - from);
            detector.process(
                    state,
                    lead,
                    from,
                    count,
                    from,
                    (index, beatClass) -> {
                        long rr = lastBeat[0] < 0 ? -1 : index - lastBeat[0];
                        lastBeat[0] = index;
                        rules.onBeat(alarms, factory, index, rr, alerts::add);
                    });
            rules.onProgress(alarms, factory, from + count - 1 - maxDelay, alerts::add);
        }
        return alerts.stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    @Test
    void asystoleReplacesEpisodeWithSmallWander() {
        EpisodeRecording pause =
                new EpisodeRecording(record100, "pause", Episode.ASYSTOLE, 60, 30, 8);
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
                        () -> new EpisodeRecording(record100, "x", Episode.ASYSTOLE, 60, 30, 29.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid episodes of 29.5 s every 30.0 s");
    }
}
