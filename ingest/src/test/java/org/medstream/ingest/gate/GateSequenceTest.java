package org.medstream.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;

/** Ordering, duplicates, gaps and late chunks of one stream through the gate. */
class GateSequenceTest {
    private static List<SignalChunk> record100(double seconds) throws Exception {
        return GateDriver.chunks("mitdb/100", "bed-1", seconds);
    }

    private static List<Long> firstIndices(List<SignalChunk> chunks) {
        return chunks.stream().map(SignalChunk::getFirstSampleIndex).toList();
    }

    @Test
    void inOrderChunksPassUnchangedExceptForQuality() throws Exception {
        List<SignalChunk> chunks = record100(10);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(firstIndices(clean)).isEqualTo(firstIndices(chunks));
            assertThat(clean.get(5).getSamples()).isEqualTo(chunks.get(5).getSamples());
            assertThat(clean).allSatisfy(c -> assertThat(c.getGapFrames()).isZero());
            assertThat(clean).allSatisfy(c -> assertThat(c.getQuality()).hasSize(2));
            assertThat(gate.counts()).isEqualTo(new GateCounts(40, 40, 0, 0, Map.of()));
        }
    }

    @Test
    void duplicatesAreDroppedAndCounted() throws Exception {
        List<SignalChunk> chunks = record100(5);
        try (GateDriver gate = new GateDriver()) {
            for (SignalChunk chunk : chunks) {
                gate.send(chunk);
                gate.send(chunk);
            }

            assertThat(firstIndices(gate.clean.readValuesToList())).isEqualTo(firstIndices(chunks));
            assertThat(gate.counts().duplicates()).isEqualTo(chunks.size());
            assertThat(gate.counts().balanced()).isTrue();
        }
    }

    @Test
    void chunksReorderedWithinTheWindowAreResequenced() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>(record100(5));
        Collections.swap(chunks, 3, 5);
        Collections.swap(chunks, 10, 11);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(firstIndices(clean)).isSorted().hasSize(chunks.size());
            assertThat(clean).allSatisfy(c -> assertThat(c.getGapFrames()).isZero());
        }
    }

    @Test
    void missingChunkBecomesAGapOnceTheWindowIsExceededAndLateArrivalIsDeadLettered()
            throws Exception {
        List<SignalChunk> chunks = record100(5);
        SignalChunk missing = chunks.get(4);
        try (GateDriver gate = new GateDriver()) {
            for (SignalChunk chunk : chunks) {
                if (chunk != missing) {
                    gate.send(chunk);
                }
            }
            gate.send(missing);

            List<SignalChunk> clean = gate.clean.readValuesToList();
            SignalChunk afterGap = clean.get(4);
            assertThat(afterGap.getFirstSampleIndex())
                    .isEqualTo(chunks.get(5).getFirstSampleIndex());
            assertThat(afterGap.getGapFrames()).isEqualTo(missing.getFrameCount());
            assertThat(clean).hasSize(chunks.size() - 1);
            DeadLetter late = gate.deadLetters.readValue();
            assertThat(late.getReasonCode()).isEqualTo(DeadLetterReason.LATE_DATA);
            assertThat(late.getMessage())
                    .contains("bed-1", "[360, 450)", "gap [360, 450)", "stopped waiting");
            assertThat(gate.counts().balanced()).isTrue();
        }
    }

    @Test
    void heldChunksAreReleasedAfterTheHoldLimitWhenTheStreamStops() throws Exception {
        List<SignalChunk> chunks = record100(1);
        try (GateDriver gate = new GateDriver()) {
            gate.send(chunks.get(0));
            gate.send(chunks.get(2));
            assertThat(gate.clean.readValuesToList()).hasSize(1);

            gate.driver.advanceWallClockTime(Duration.ofSeconds(3));

            SignalChunk released = gate.clean.readValue();
            assertThat(released.getFirstSampleIndex()).isEqualTo(180);
            assertThat(released.getGapFrames()).isEqualTo(90);
        }
    }

    @Test
    void chunkWithAWildIndexIsRejectedAndTheStreamGoesOn() throws Exception {
        List<SignalChunk> chunks = record100(2);
        SignalChunk wild =
                SignalChunk.newBuilder(chunks.get(1))
                        .setFirstSampleIndex(90 + 25L * 3600 * 360)
                        .build();
        try (GateDriver gate = new GateDriver()) {
            gate.send(chunks.get(0));
            gate.send(wild);
            gate.sendAll(chunks.subList(1, chunks.size()));

            DeadLetter deadLetter = gate.deadLetters.readValue();
            assertThat(deadLetter.getReasonCode()).isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
            assertThat(deadLetter.getMessage()).contains("jumps 90000 s past the expected 90");
            assertThat(firstIndices(gate.clean.readValuesToList())).isEqualTo(firstIndices(chunks));
        }
    }

    @Test
    void overlappingChunkPassesWithItsDeliveredHeadCutOff() throws Exception {
        List<SignalChunk> chunks = record100(1);
        SignalChunk longer =
                SignalChunk.newBuilder(chunks.get(1))
                        .setFirstSampleIndex(60)
                        .setFrameCount(90)
                        .build();
        try (GateDriver gate = new GateDriver()) {
            gate.send(chunks.get(0));
            gate.send(longer);

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(clean).hasSize(2);
            assertThat(clean.get(1).getFirstSampleIndex()).isEqualTo(90);
            assertThat(clean.get(1).getFrameCount()).isEqualTo(60);
        }
    }

    /**
     * Over a shuffled, duplicated and thinned stream of chunks, every chunk read is delivered,
     * dead-lettered or counted as a duplicate, and the clean chunks tile the stream in order: each
     * starts where the previous one ended plus its marked gap.
     */
    @Test
    void nothingIsLostOverAMessyStream() throws Exception {
        List<SignalChunk> chunks = record100(60);
        Random random = new Random(42);
        List<SignalChunk> messy = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            if (random.nextInt(20) == 0) {
                continue;
            }
            messy.add(chunk);
            if (random.nextInt(10) == 0) {
                messy.add(chunk);
            }
        }
        for (int i = 0; i + 1 < messy.size(); i++) {
            if (random.nextInt(8) == 0) {
                Collections.swap(messy, i, i + 1);
            }
        }
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(messy);
            gate.driver.advanceWallClockTime(Duration.ofSeconds(3));

            GateCounts counts = gate.counts();
            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(counts.in()).isEqualTo(messy.size());
            assertThat(counts.balanced()).as("%s", counts).isTrue();
            assertThat(clean).hasSize((int) counts.clean());
            assertThat(gate.deadLetters.readValuesToList()).hasSize((int) counts.deadLetters());
            long next = clean.get(0).getFirstSampleIndex();
            for (SignalChunk chunk : clean) {
                assertThat(chunk.getFirstSampleIndex()).isEqualTo(next + chunk.getGapFrames());
                next = chunk.getFirstSampleIndex() + chunk.getFrameCount();
            }
        }
    }
}
