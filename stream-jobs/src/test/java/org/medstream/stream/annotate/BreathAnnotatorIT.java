package org.medstream.stream.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.schemas.Breath;

/**
 * The breath operator on an embedded Flink over BIDMC record 01 (first 120 s, RESP at 125 Hz) and
 * the same record resampled to 250 Hz: the streaming resampler brings the second back to the
 * model's 125 Hz, so both find the same breaths at nearly the same times.
 */
class BreathAnnotatorIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-breaths");

    @Test
    void resampledRecordGivesSameBreaths() throws Exception {
        Recording original =
                new FirstFrames(
                        RecordingFiles.open(DATA.resolve("bidmc").resolve("bidmc_01_Signals.csv")),
                        120 * 125);
        Recording doubled = new LinearResampler(original, 250);

        List<List<Breath>> breaths =
                new BreathAnnotator(MODEL).annotate(List.of(original, doubled));

        List<Breath> atModelRate = breaths.get(0);
        List<Breath> resampled = breaths.get(1);
        System.out.printf(
                "BIDMC 01, 120 s: %d breaths at 125 Hz, %d at 250 Hz%n",
                atModelRate.size(), resampled.size());
        assertThat(atModelRate).hasSizeGreaterThan(35);
        assertThat(resampled.size()).isBetween(atModelRate.size() - 1, atModelRate.size() + 1);
        // Within 6 samples at 125 Hz (48 ms), 12 at 250 Hz.
        long matched =
                atModelRate.stream()
                        .filter(
                                breath ->
                                        hasOnsetNear(
                                                resampled, 2 * breath.getOnsetSampleIndex(), 12))
                        .count();
        assertThat(matched).isGreaterThanOrEqualTo(atModelRate.size() - 1L);
    }

    private static boolean hasOnsetNear(List<Breath> breaths, long sample, long tolerance) {
        return breaths.stream()
                .anyMatch(breath -> Math.abs(breath.getOnsetSampleIndex() - sample) <= tolerance);
    }
}
