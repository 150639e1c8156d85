package org.medstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.SignalChunk;

/** Chunks the bundled MIT-BIH record 100 (2 leads, 360 Hz, 650,000 frames). */
class ChunkerRecordTest {
    @Test
    void record100ChunksSampleExact() throws Exception {
        WfdbRecord record =
                WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));
        int[] mlii = record.digital(0).orElseThrow();
        int[] v5 = record.digital(1).orElseThrow();
        int framesPerChunk = ReplayOptions.defaults().framesPerChunk(record.samplingFrequencyHz());
        Chunker chunker =
                new Chunker(record, "bed-1", Instant.EPOCH, framesPerChunk, Long.MAX_VALUE);

        long chunks = 0;
        long nextIndex = 0;
        while (chunker.hasNext()) {
            SignalChunk chunk = chunker.next();
            assertThat(chunk.getFirstSampleIndex()).isEqualTo(nextIndex);
            List<Integer> values = ((DigitalSamples) chunk.getSamples()).getValues();
            for (int i = 0; i < chunk.getFrameCount(); i++) {
                int frame = (int) nextIndex + i;
                if (values.get(2 * i) != mlii[frame] || values.get(2 * i + 1) != v5[frame]) {
                    throw new AssertionError("Sample mismatch at frame " + frame);
                }
            }
            nextIndex += chunk.getFrameCount();
            chunks++;
        }

        assertThat(framesPerChunk).isEqualTo(90);
        assertThat(nextIndex).isEqualTo(650_000);
        assertThat(chunks).isEqualTo(7223);
        assertThat(record.channels()).extracting(c -> c.name()).containsExactly("MLII", "V5");
    }

    @Test
    void record100HasNoStartTime() throws Exception {
        WfdbRecord record =
                WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));

        assertThat(record.startTime()).isEmpty();
    }
}
