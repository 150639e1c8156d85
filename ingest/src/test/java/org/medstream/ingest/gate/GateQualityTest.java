package org.medstream.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;

/** Quality flags (BAD-INPUTS rows 13-15) and the patient-context join. */
class GateQualityTest {
    private static final int MLII = 0;

    /** Chunks of record 100 with the values of channel MLII from frame {@code from} replaced. */
    private static List<SignalChunk> changed(
            List<SignalChunk> chunks, long from, long to, IntUnaryOperator value) {
        List<SignalChunk> result = new ArrayList<>();
        for (SignalChunk chunk : chunks) {
            DigitalSamples samples = (DigitalSamples) chunk.getSamples();
            List<Integer> values = new ArrayList<>(samples.getValues());
            for (int i = 0; i < chunk.getFrameCount(); i++) {
                long frame = chunk.getFirstSampleIndex() + i;
                if (frame >= from && frame < to) {
                    values.set(i * 2 + MLII, value.applyAsInt(values.get(i * 2 + MLII)));
                }
            }
            result.add(
                    SignalChunk.newBuilder(chunk)
                            .setSamples(
                                    DigitalSamples.newBuilder(samples).setValues(values).build())
                            .build());
        }
        return result;
    }

    private static List<ChannelQuality> mlii(List<SignalChunk> clean) {
        return clean.stream().map(c -> c.getQuality().get(MLII)).toList();
    }

    @Test
    void cleanEcgCarriesNoFlagsAndAQualityIndexOnceTheWindowFills() throws Exception {
        List<SignalChunk> chunks = GateDriver.chunks("mitdb/100", "bed-1", 30);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<ChannelQuality> quality = mlii(gate.clean.readValuesToList());
            assertThat(quality.subList(0, 11))
                    .allSatisfy(q -> assertThat(q.getQualityIndex()).isNaN());
            assertThat(quality.subList(12, quality.size()))
                    .allSatisfy(
                            q -> {
                                assertThat(q.getFlags()).isEmpty();
                                assertThat(q.getQualityIndex())
                                        .isGreaterThan((float) PowerSpectrumSqi.NOISY_BELOW);
                            });
        }
    }

    @Test
    void flatLineIsFlaggedFromOneSecondOnAndEndsWithIt() throws Exception {
        List<SignalChunk> chunks =
                changed(
                        GateDriver.chunks("mitdb/100", "bed-1", 90),
                        3600,
                        3600 + 60 * 360,
                        v -> 1024);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<ChannelQuality> quality = mlii(gate.clean.readValuesToList());
            // Chunks of 90 frames: the flat run starts with chunk 40 and reaches 360 frames in 43.
            assertThat(quality.subList(0, 43))
                    .noneMatch(q -> q.getFlags().contains(QualityFlag.FLAT_LINE));
            assertThat(quality.subList(43, 280))
                    .allMatch(q -> q.getFlags().contains(QualityFlag.FLAT_LINE));
            assertThat(quality.get(279).getLongestFlatRun()).isEqualTo(60 * 360);
            assertThat(quality.subList(281, quality.size()))
                    .noneMatch(q -> q.getFlags().contains(QualityFlag.FLAT_LINE));
        }
    }

    @Test
    void samplesOnTheAdcRailsAreCountedEvenASingleOne() throws Exception {
        List<SignalChunk> chunks = GateDriver.chunks("mitdb/100", "bed-1", 2);
        chunks = changed(chunks, 100, 101, v -> 2047);
        chunks = changed(chunks, 200, 230, v -> 0);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<ChannelQuality> quality = mlii(gate.clean.readValuesToList());
            assertThat(quality.get(1).getSaturatedSamples()).isEqualTo(1);
            assertThat(quality.get(1).getFlags()).contains(QualityFlag.SATURATED);
            assertThat(quality.get(2).getSaturatedSamples()).isEqualTo(30);
            assertThat(quality.get(0).getFlags()).doesNotContain(QualityFlag.SATURATED);
        }
    }

    @Test
    void aSingleMissingSampleIsFlaggedAndTheNextChunksAreNot() throws Exception {
        List<SignalChunk> chunks =
                changed(GateDriver.chunks("mitdb/100", "bed-1", 2), 95, 96, v -> Integer.MIN_VALUE);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<ChannelQuality> quality = mlii(gate.clean.readValuesToList());
            assertThat(quality.get(1).getMissingSamples()).isEqualTo(1);
            assertThat(quality.get(1).getFlags()).containsExactly(QualityFlag.MISSING_SAMPLES);
            assertThat(quality.get(2).getFlags()).isEmpty();
        }
    }

    @Test
    void heavyHighFrequencyNoiseIsFlaggedNoisy() throws Exception {
        Random random = new Random(3);
        List<SignalChunk> chunks =
                changed(
                        GateDriver.chunks("mitdb/100", "bed-1", 30),
                        0,
                        Long.MAX_VALUE,
                        v -> v + (int) Math.round(120 * random.nextGaussian()));
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(chunks);

            List<ChannelQuality> quality = mlii(gate.clean.readValuesToList());
            long noisy =
                    quality.stream().filter(q -> q.getFlags().contains(QualityFlag.NOISY)).count();
            assertThat(noisy).isGreaterThan(quality.size() / 2);
        }
    }

    @Test
    void patientContextIsJoinedOntoLaterChunksAndForgottenAfterATombstone() throws Exception {
        List<SignalChunk> chunks = GateDriver.chunks("mitdb/100", "bed-1", 1);
        PatientContext patient =
                PatientContext.newBuilder()
                        .setStreamId("bed-1")
                        .setAgeYears(69)
                        .setSex("M")
                        .setMedications(List.of("Aldomet", "Inderal"))
                        .setSource("data/mitdb/100.hea")
                        .setUpdatedAtMicros(GateDriver.START)
                        .build();
        try (GateDriver gate = new GateDriver()) {
            gate.send(chunks.get(0));
            gate.patients.pipeInput("bed-1", patient);
            gate.send(chunks.get(1));
            gate.patients.pipeInput("bed-1", null);
            gate.send(chunks.get(2));

            List<SignalChunk> clean = gate.clean.readValuesToList();
            assertThat(clean.get(0).getPatient()).isNull();
            assertThat(clean.get(1).getPatient()).isEqualTo(patient);
            assertThat(clean.get(2).getPatient()).isNull();
        }
    }

    @Test
    void chunkShorterThanTheSpectralWindowPassesWithoutAnIndex() throws Exception {
        SignalChunk oneFrame =
                GateProcessor.trimHead(GateDriver.chunks("mitdb/100", "bed-1", 1).get(0), 89);
        try (GateDriver gate = new GateDriver()) {
            gate.send(oneFrame);

            ChannelQuality quality = gate.clean.readValue().getQuality().get(MLII);
            assertThat(quality.getQualityIndex()).isNaN();
            assertThat(quality.getFlags()).isEmpty();
            assertThat(gate.counts().clean()).isEqualTo(1);
        }
    }
}
