package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * R peaks at chunk boundaries and single missing samples, through the beat detection operator on
 * real records: keyed state carries the detector across chunks, so neither may change or stop the
 * beats.
 */
class ChunkEdgeTest {
    private static final double SECONDS = 180;

    /** Sample where a missing value is put: the first reference R peak of record 100 after 60 s. */
    private static int missingIndex;

    /** Largest shift of a beat next to the missing sample (14 ms at 360 Hz). */
    private static final long PEAK_SHIFT_SAMPLES = 5;

    /** Longest delay between an R peak and the report of its beat, of the Pan-Tompkins detector. */
    private static final double MAX_DELAY_SECONDS = new PanTompkinsDetector().maxDelaySeconds();

    /** Time after the missing sample within which the beats must equal the clean run's. */
    private static final double RECOVERY_SECONDS = 3.0;

    @BeforeAll
    static void choosePeak() throws Exception {
        for (long peak : referencePeaks("mitdb", "100")) {
            if (peak >= 60 * 360) {
                missingIndex = (int) peak;
                return;
            }
        }
    }

    private static List<Long> referencePeaks(String database, String name) throws Exception {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        List<Long> peaks = new ArrayList<>();
        for (BeatAnnotation annotation :
                WfdbBeatAnnotations.read(data.resolve(database).resolve(name + ".atr"))) {
            if (annotation.isBeat()) {
                peaks.add(annotation.sample());
            }
        }
        return peaks;
    }

    @ParameterizedTest(name = "{0}/{1}, boundary at R peak {2}")
    @CsvSource({
        "mitdb, 100, 0",
        "mitdb, 100, 1",
        "mitdb, 100, -3",
        "mitdb, 208, 0",
        "mitdb, 208, 1",
        "mitdb, 208, 4"
    })
    void peaksAtChunkEdgesGiveSameBeats(String database, String name, int shift) throws Exception {
        RecordChunks source = RecordChunks.read(database, name, SECONDS);
        List<Long> boundaries = new ArrayList<>();
        for (long peak : referencePeaks(database, name)) {
            boundaries.add(peak + shift);
        }

        DetectionRun atPeaks = DetectionRun.of(source.cutAt(boundaries));
        DetectionRun quarterSecond = DetectionRun.of(source.fixed((int) (0.25 * 360)));

        assertThat(atPeaks.beats()).hasSizeGreaterThan((int) SECONDS);
        assertThat(atPeaks.beatSummaries()).isEqualTo(quarterSecond.beatSummaries());
        assertThat(atPeaks.alerts())
                .extracting(Alert::getAlertId)
                .isEqualTo(quarterSecond.alerts().stream().map(Alert::getAlertId).toList());
    }

    @Test
    void singleNanKeepsDetecting() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", SECONDS);
        List<SignalChunk> clean = source.fixed(90);
        List<SignalChunk> withNan = new ArrayList<>(clean);
        int chunk = missingIndex / 90;
        SignalChunk broken = SignalChunk.newBuilder(clean.get(chunk)).build();
        List<Float> values = new ArrayList<>(((PhysicalSamples) broken.getSamples()).getValues());
        values.set((missingIndex - chunk * 90) * 2, Float.NaN); // channel 0 is MLII
        broken.setSamples(PhysicalSamples.newBuilder().setValues(values).build());
        withNan.set(chunk, broken);

        assertRecovers(DetectionRun.of(clean), DetectionRun.of(withNan), source);
    }

    @Test
    void singleInvalidAdcValueKeepsDetecting() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", SECONDS);
        List<SignalChunk> clean = new ArrayList<>();
        for (int first = 0; first < source.frames(); first += 90) {
            clean.add(source.digital(first, Math.min(90, source.frames() - first)));
        }
        List<SignalChunk> withInvalid = new ArrayList<>(clean);
        int chunk = missingIndex / 90;
        SignalChunk broken = SignalChunk.newBuilder(clean.get(chunk)).build();
        DigitalSamples samples =
                DigitalSamples.newBuilder((DigitalSamples) broken.getSamples()).build();
        List<Integer> values = new ArrayList<>(samples.getValues());
        values.set((missingIndex - chunk * 90) * 2, samples.getInvalidValue());
        samples.setValues(values);
        broken.setSamples(samples);
        withInvalid.set(chunk, broken);

        assertRecovers(DetectionRun.of(clean), DetectionRun.of(withInvalid), source);
    }

    /**
     * Checks that beats the detector had reported before the missing sample arrived are unchanged,
     * that beats from {@link #RECOVERY_SECONDS} after it equal the clean run's, and that beats in
     * between move by at most {@link #PEAK_SHIFT_SAMPLES}.
     */
    private static void assertRecovers(
            DetectionRun clean, DetectionRun broken, RecordChunks source) {
        double fs = source.samplingFrequencyHz();
        long reportedBefore = missingIndex - Math.round(MAX_DELAY_SECONDS * fs);
        long recovered = missingIndex + Math.round(RECOVERY_SECONDS * fs);
        assertThat(missingIndex).as("R peak with the missing sample").isPositive();
        assertThat(indices(clean.beats(), missingIndex - 20, missingIndex + 20))
                .as("clean beat at the missing sample")
                .hasSize(1);
        assertThat(broken.deadLetters()).isEmpty();
        assertThat(broken.alerts()).as("alerts").isEmpty();

        assertThat(indices(broken.beats(), 0, reportedBefore))
                .as("beats reported before the missing sample arrived")
                .isEqualTo(indices(clean.beats(), 0, reportedBefore));
        assertThat(indices(broken.beats(), recovered, Long.MAX_VALUE))
                .as("beats from %.0f s after the missing sample", RECOVERY_SECONDS)
                .hasSizeGreaterThan(100)
                .isEqualTo(indices(clean.beats(), recovered, Long.MAX_VALUE));
        // The missing sample is the R peak itself, and the detector holds the previous value over
        // it, so that beat may move by a few samples.
        List<Long> cleanAround = indices(clean.beats(), reportedBefore + 1, recovered - 1);
        List<Long> brokenAround = indices(broken.beats(), reportedBefore + 1, recovered - 1);
        assertThat(brokenAround).as("beats around the missing sample").hasSameSizeAs(cleanAround);
        for (int i = 0; i < cleanAround.size(); i++) {
            assertThat(brokenAround.get(i))
                    .as("beat %d around the missing sample", i)
                    .isCloseTo(cleanAround.get(i), within(PEAK_SHIFT_SAMPLES));
        }
    }

    private static List<Long> indices(List<Beat> beats, long from, long to) {
        return beats.stream()
                .map(Beat::getSampleIndex)
                .filter(index -> index >= from && index <= to)
                .toList();
    }
}
