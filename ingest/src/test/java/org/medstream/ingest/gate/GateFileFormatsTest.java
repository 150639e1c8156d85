package org.medstream.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.edf.EdfWriter;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;

/** Files of each format, read, chunked and sent through the gate. */
class GateFileFormatsTest {
    @TempDir Path directory;

    private static List<SignalChunk> chunk(Recording recording) {
        List<SignalChunk> chunks = new ArrayList<>();
        int frames = Chunker.framesPerChunk(recording.samplingFrequencyHz(), 250);
        new Chunker(recording, "bed-1", GateDriver.START, frames, recording.frameCount())
                .forEachRemaining(chunks::add);
        return chunks;
    }

    /**
     * An EDF+D file with a 3 s gap: the gap reaches the clean topic as {@code gapFrames} on the
     * first chunk after it, the clock of every later sample is unchanged, and nothing is lost.
     */
    @Test
    void discontinuousEdfKeepsItsGapThroughTheGate() throws Exception {
        Recording record100 = RecordingFiles.open(GateDriver.data("mitdb/100"));
        Recording withGap =
                new ForwardingRecording(record100) {
                    @Override
                    public long frameCount() {
                        return 20 * 360;
                    }

                    @Override
                    public List<FrameRange> gaps() {
                        return List.of(new FrameRange(5 * 360, 8 * 360));
                    }
                };
        Path file = directory.resolve("gap.edf");
        EdfWriter.write(withGap, List.of(Annotation.of(9 * 360, AnnotationCode.NORMAL)), file);
        Recording edf = RecordingFiles.open(file);

        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunk(edf));
            gate.driver.advanceWallClockTime(java.time.Duration.ofSeconds(3));

            List<SignalChunk> clean = gate.clean.readValuesToList();
            SignalChunk afterGap =
                    clean.stream().filter(c -> c.getGapFrames() > 0).findFirst().orElseThrow();
            assertThat(edf.gaps()).containsExactly(new FrameRange(5 * 360, 8 * 360));
            assertThat(afterGap.getFirstSampleIndex()).isEqualTo(8 * 360);
            assertThat(afterGap.getGapFrames()).isEqualTo(3 * 360);
            assertThat(edf.annotations()).extracting(Annotation::sample).containsExactly(9L * 360);
            assertThat(gate.counts().balanced()).isTrue();
            assertThat(gate.counts().deadLetters()).isZero();
        }
    }

    /** An EDF file states its digital range, so samples on it are counted as saturated. */
    @Test
    void edfDigitalRangeMarksSaturation() throws Exception {
        Path file = directory.resolve("100.edf");
        Recording record100 = RecordingFiles.open(GateDriver.data("mitdb/100"));
        Recording first10s =
                new ForwardingRecording(record100) {
                    @Override
                    public long frameCount() {
                        return 10 * 360;
                    }
                };
        EdfWriter.write(first10s, List.of(), file);

        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunk(RecordingFiles.open(file)));

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(clean).hasSize(40);
            assertThat(clean)
                    .allSatisfy(
                            c ->
                                    assertThat(c.getQuality().get(0).getFlags())
                                            .doesNotContain(QualityFlag.SATURATED));
        }
    }

    /**
     * Respiration and pleth of a BIDMC export pass untouched: same samples (so the breath polarity
     * stays the sensor's) in contiguous chunks (so breaths across chunk edges stay whole).
     */
    @Test
    void bidmcCsvPassesUnchanged() throws Exception {
        Recording bidmc = RecordingFiles.open(GateDriver.data("bidmc/bidmc_01_Signals.csv"));
        List<SignalChunk> chunks = chunk(bidmc).subList(0, 40);

        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(clean).hasSize(40);
            assertThat(gate.counts().deadLetters()).isZero();
            for (int i = 0; i < 40; i++) {
                assertThat(clean.get(i).getSamples()).isEqualTo(chunks.get(i).getSamples());
                assertThat(clean.get(i).getGapFrames()).isZero();
            }
            assertThat(clean.get(0).getUnits()).containsOnly("NU");
        }
    }
}
