package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.bench.EpisodeRecording.Episode;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.WfdbRecord;

/** The recurring alarm episodes that the alert latency benchmark replays. */
class EpisodeRecordingTest {
    private static Recording record100;

    @BeforeAll
    static void readRecord() throws Exception {
        record100 = WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));
    }

    @Test
    void tachycardiaPlaysEpisodeAtDoubleSpeed() {
        EpisodeRecording fast =
                new EpisodeRecording(record100, "fast", Episode.TACHYCARDIA, 60, 30, 10);
        int[] source = record100.digital(0).orElseThrow();
        int[] output = fast.digital(0).orElseThrow();
        int episodeStart = 20 * 360;

        assertThat(fast.frameCount()).isEqualTo(60 * 360);
        assertThat(Arrays.copyOfRange(output, 0, episodeStart))
                .isEqualTo(Arrays.copyOfRange(source, 0, episodeStart));
        for (int i = 0; i < 100; i++) {
            assertThat(output[episodeStart + i]).isEqualTo(source[episodeStart + 2 * i]);
        }
        // After the first episode the source has moved 10 s further than the output.
        assertThat(output[30 * 360]).isEqualTo(source[40 * 360]);
        // The second episode would end at 60 s, inside the 10 s tail, so it is left out.
        assertThat(output[55 * 360]).isEqualTo(source[65 * 360]);
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
