package org.medstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
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

    @Test
    void chunksCarryTheAdcRailsOfTheHeader() throws Exception {
        WfdbRecord record =
                WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));

        DigitalSamples samples =
                (DigitalSamples)
                        new Chunker(record, "bed-1", Instant.EPOCH, 90, 90).next().getSamples();

        assertThat(samples.getAdcMin()).containsExactly(0, 0);
        assertThat(samples.getAdcMax()).containsExactly(2047, 2047);
    }

    @Test
    void noChunkCoversAGapOfTheRecording() throws Exception {
        WfdbRecord record =
                WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));
        Recording withGaps =
                new ForwardingRecording(record) {
                    @Override
                    public List<FrameRange> gaps() {
                        return List.of(new FrameRange(0, 50), new FrameRange(100, 400));
                    }
                };

        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(withGaps, "bed-1", Instant.EPOCH, 90, 600).forEachRemaining(chunks::add);

        assertThat(chunks)
                .extracting(SignalChunk::getFirstSampleIndex, SignalChunk::getFrameCount)
                .containsExactly(tuple(50L, 50), tuple(400L, 90), tuple(490L, 90), tuple(580L, 20));
    }
}
