package org.medstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.Recording;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

class ChunkerTest {
    private static final Instant START = Instant.parse("2026-12-04T08:00:00.123456789Z");

    @Test
    void framesPerChunkRoundsToWholeFrames() {
        assertThat(Chunker.framesPerChunk(360, 250)).isEqualTo(90);
        assertThat(Chunker.framesPerChunk(128, 250)).isEqualTo(32);
        assertThat(Chunker.framesPerChunk(250, 100)).isEqualTo(25);
    }

    @Test
    void framesPerChunkAtLeastOne() {
        assertThat(Chunker.framesPerChunk(360, 0.1)).isEqualTo(1);
    }

    @Test
    void indicesContinueExactly() {
        SyntheticRecording recording = SyntheticRecording.mitLike("100", 1.0);

        List<SignalChunk> chunks = chunkAll(recording, 90, Long.MAX_VALUE);

        assertThat(chunks).hasSize(4);
        long expectedFirst = 0;
        for (SignalChunk chunk : chunks) {
            assertThat(chunk.getFirstSampleIndex()).isEqualTo(expectedFirst);
            expectedFirst += chunk.getFrameCount();
        }
        assertThat(expectedFirst).isEqualTo(360);
    }

    @Test
    void lastChunkHoldsRemainder() {
        SyntheticRecording recording = SyntheticRecording.mitLike("100", 1.0);

        List<SignalChunk> chunks = chunkAll(recording, 100, Long.MAX_VALUE);

        assertThat(chunks)
                .extracting(SignalChunk::getFrameCount)
                .containsExactly(100, 100, 100, 60);
    }

    @Test
    void singleFrameChunks() {
        SyntheticRecording recording = SyntheticRecording.mitLike("100", 0.1);

        List<SignalChunk> chunks = chunkAll(recording, 1, Long.MAX_VALUE);

        assertThat(chunks).hasSize(36);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.getFrameCount()).isEqualTo(1));
        assertThat(chunks.get(35).getFirstSampleIndex()).isEqualTo(35);
    }

    @Test
    void digitalSamplesAreInterleavedAdcValues() {
        SyntheticRecording recording =
                SyntheticRecording.mitLike("100", 1.0).withInvalidSample(1, 5);
        int[] lead0 = recording.digital(0).orElseThrow();
        int[] lead1 = recording.digital(1).orElseThrow();

        List<SignalChunk> chunks = chunkAll(recording, 90, Long.MAX_VALUE);

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 360; i++) {
            expected.add(lead0[i]);
            expected.add(lead1[i]);
        }
        List<Integer> actual = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            assertThat(chunk.getSamples()).isInstanceOf(DigitalSamples.class);
            actual.addAll(((DigitalSamples) chunk.getSamples()).getValues());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get(5 * 2 + 1)).isEqualTo(Recording.INVALID_SAMPLE);
    }

    @Test
    void digitalSamplesCarryGainAndBaseline() {
        SignalChunk chunk =
                chunkAll(SyntheticRecording.mitLike("100", 0.5), 90, Long.MAX_VALUE).get(0);

        DigitalSamples samples = (DigitalSamples) chunk.getSamples();
        assertThat(samples.getAdcGain()).containsExactly(200.0, 200.0);
        assertThat(samples.getBaseline()).containsExactly(1024, 1024);
        assertThat(samples.getInvalidValue()).isEqualTo(Recording.INVALID_SAMPLE);
    }

    @Test
    void physicalSamplesWithoutAdcValues() {
        SyntheticRecording recording =
                new SyntheticRecording("edf", 256, 512, 3, Optional.empty(), false)
                        .withInvalidSample(2, 7);
        double[] lead2 = recording.physical(2);

        List<SignalChunk> chunks = chunkAll(recording, 64, Long.MAX_VALUE);

        assertThat(chunks).hasSize(8);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.getSamples()).isInstanceOf(PhysicalSamples.class));
        List<Float> first = ((PhysicalSamples) chunks.get(0).getSamples()).getValues();
        assertThat(first).hasSize(64 * 3);
        assertThat(first.get(3 * 3 + 2)).isEqualTo((float) lead2[3]);
        assertThat(first.get(7 * 3 + 2)).isNaN();
    }

    @Test
    void metadataOnEveryChunk() {
        SignalChunk chunk =
                chunkAll(SyntheticRecording.mitLike("100", 0.5), 90, Long.MAX_VALUE).get(1);

        assertThat(chunk.getStreamId()).isEqualTo("bed-1");
        assertThat(chunk.getSource()).isEqualTo("synthetic:100");
        assertThat(chunk.getChannelNames()).containsExactly("lead-0", "lead-1");
        assertThat(chunk.getUnits()).containsExactly("mV", "mV");
        assertThat(chunk.getSamplingFrequencyHz()).isEqualTo(360.0);
        assertThat(chunk.getStreamStartMicros())
                .isEqualTo(Instant.parse("2026-12-04T08:00:00.123456Z"));
    }

    @Test
    void frameLimitCutsStream() {
        List<SignalChunk> chunks = chunkAll(SyntheticRecording.mitLike("100", 1.0), 90, 100);

        assertThat(chunks).extracting(SignalChunk::getFrameCount).containsExactly(90, 10);
    }

    @Test
    void invalidSamplingFrequencyRejected() {
        SyntheticRecording recording =
                new SyntheticRecording("bad", 0, 10, 1, Optional.empty(), true);

        assertThatThrownBy(() -> new Chunker(recording, "bed-1", START, 90, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid sampling frequency 0.0 Hz in synthetic:bad; it must be positive and"
                                + " finite");
    }

    @Test
    void shortChannelRejected() {
        SyntheticRecording recording =
                new SyntheticRecording("short", 360, 100, 1, Optional.empty(), true) {
                    @Override
                    public long frameCount() {
                        return 200;
                    }
                };

        assertThatThrownBy(() -> new Chunker(recording, "bed-1", START, 90, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Channel 0 (lead-0) of synthetic:short has 100 samples but the recording"
                                + " states 200 frames");
    }

    private static List<SignalChunk> chunkAll(Recording recording, int framesPerChunk, long limit) {
        Chunker chunker = new Chunker(recording, "bed-1", START, framesPerChunk, limit);
        List<SignalChunk> chunks = new ArrayList<>();
        chunker.forEachRemaining(chunks::add);
        return chunks;
    }
}
