package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.StreamIdSelector;
import org.medstream.stream.time.ChunkEventTime;

class BeatDetectionFunctionTest {
    private static final int CHUNK = 90; // 250 ms at 360 Hz

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> harness;

    private void open(BeatDetectionSettings settings) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new BeatDetectionFunction<>(
                                new PanTompkinsDetector(), AlarmRules.defaults(), settings),
                        new StreamIdSelector(),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void feed(List<SignalChunk> chunks) throws Exception {
        for (SignalChunk chunk : chunks) {
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
    }

    private static Long[] boxed(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    private List<Alert> alerts() {
        var records = harness.getSideOutput(BeatDetectionFunction.ALERTS);
        if (records == null) {
            return List.of();
        }
        return records.stream().map(StreamRecord::getValue).toList();
    }

    private List<Alert> starts() {
        return alerts().stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    @Test
    void beatsCarryIndexTimeRateAndDetector() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 288, 3600); // 75 bpm
        feed(SyntheticEcg.chunks("bed-1", SyntheticEcg.lead(3600, peaks), CHUNK));
        harness.processWatermark(Long.MAX_VALUE);

        List<Beat> beats = harness.extractOutputValues();
        assertThat(beats).extracting(Beat::getSampleIndex).containsExactly(boxed(peaks));
        Beat fourth = beats.get(3);
        assertThat(fourth.getStreamId()).isEqualTo("bed-1");
        assertThat(fourth.getRrIntervalMillis()).isEqualTo(800.0);
        assertThat(fourth.getHeartRateBpm()).isEqualTo(75.0);
        assertThat(fourth.getEventTimeMicros()).isEqualTo(SyntheticEcg.START.plusMillis(2900));
        assertThat(fourth.getDetectorName()).isEqualTo("pan-tompkins");
        assertThat(beats.get(0).getRrIntervalMillis()).isNull();
    }

    @Test
    void chunksBehindWatermarkDetected() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 288, 3600);
        // Other streams pushed the watermark 1 h past this stream: its chunks are all late.
        harness.processWatermark(SyntheticEcg.START.toEpochMilli() + 3_600_000);
        feed(SyntheticEcg.chunks("bed-11", SyntheticEcg.lead(3600, peaks), CHUNK));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues())
                .extracting(Beat::getSampleIndex)
                .containsExactly(boxed(peaks));
        assertThat(harness.getSideOutput(BeatDetectionFunction.DEAD_LETTERS)).isNull();
    }

    @Test
    void asystoleFiresWhileSignalContinuesWithoutBeats() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 360, 3600);
        float[] lead = SyntheticEcg.lead(3600 + 3600, peaks); // 10 s of beats, 10 s without
        List<SignalChunk> chunks = SyntheticEcg.chunks("bed-2", lead, CHUNK);

        long lastBeat = 3420;
        long confirmIndex = lastBeat + 1440;
        long firedAt = -1;
        for (SignalChunk chunk : chunks) {
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
            long lastFed = chunk.getFirstSampleIndex() + chunk.getFrameCount() - 1;
            if (firedAt < 0 && !alerts().isEmpty()) {
                firedAt = lastFed;
            }
        }

        // The pause has no search-back candidate, so the detector's bound trails the input by
        // well under a second instead of its 2.5 s maximum report delay.
        assertThat(firedAt).isGreaterThanOrEqualTo(confirmIndex);
        assertThat(firedAt).isLessThan(confirmIndex + 360);
        assertThat(alerts()).extracting(Alert::getType).containsExactly(AlertType.ASYSTOLE);
        assertThat(alerts().get(0).getOnsetSampleIndex()).isEqualTo(lastBeat);
        assertThat(alerts().get(0).getSampleIndex()).isEqualTo(confirmIndex);
        assertThat(alerts().get(0).getAlertId()).isEqualTo("bed-2:ASYSTOLE:" + lastBeat);
    }

    @Test
    void patientCareUnitSelectsThresholds() throws Exception {
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(), Map.of("alarm.unit.NICU.asystole", "12 s"));
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new BeatDetectionFunction<>(
                                new PanTompkinsDetector(),
                                profiles,
                                BeatDetectionSettings.defaults()),
                        new StreamIdSelector(),
                        Types.STRING);
        long[] peaks = SyntheticEcg.regularPeaks(180, 360, 3600);
        float[] lead = SyntheticEcg.lead(3600 + 3600, peaks); // 10 s of beats, 10 s without
        PatientContext nicuPatient =
                PatientContext.newBuilder()
                        .setStreamId("bed-3")
                        .setCareUnit("NICU")
                        .setSource("test")
                        .setUpdatedAtMicros(SyntheticEcg.START)
                        .build();
        for (SignalChunk chunk : SyntheticEcg.chunks("bed-3", lead, CHUNK)) {
            chunk.setPatient(nicuPatient);
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
        feed(SyntheticEcg.chunks("bed-4", lead, CHUNK));

        // The 10 s pause passes the default 4 s asystole limit but not the NICU's 12 s.
        assertThat(starts())
                .extracting(alert -> alert.getStreamId().toString())
                .containsExactly("bed-4");
    }

    @Test
    void flatLeadRaisesNoAsystole() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 360, 3600);
        float[] lead = SyntheticEcg.lead(3600 + 7200, peaks);
        java.util.Arrays.fill(lead, 3600, lead.length, 0f); // electrodes off: constant input
        feed(SyntheticEcg.chunks("bed-8", lead, CHUNK));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(alerts()).extracting(Alert::getType).containsOnly(AlertType.LEAD_OFF);
        // The lead is still off when the input ends, which closes the alert.
        assertThat(alerts())
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        Alert leadOff = alerts().get(0);
        assertThat(leadOff.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
        assertThat(leadOff.getPriority()).isEqualTo(AlertPriority.MEDIUM);
        // The first constant sample equals the synthetic lead's baseline, so the run starts at the
        // jump to 0 at sample 3600, give or take the flat tolerance of the baseline before it.
        assertThat(leadOff.getOnsetSampleIndex()).isBetween(3500L, 3601L);
        assertThat(leadOff.getSampleIndex() - leadOff.getOnsetSampleIndex()).isEqualTo(1800);
    }

    @Test
    void signalReturnAfterFlatLeadRaisesNoAsystole() throws Exception {
        open(BeatDetectionSettings.defaults());
        // 60 bpm for 20 s, electrodes off for 5 s, then beats again from 1.7 s after the signal
        // returns: less than 4 s without a QRS while there is a signal.
        long[] before = SyntheticEcg.regularPeaks(180, 360, 7200);
        long[] after = SyntheticEcg.regularPeaks(9000 + 612, 360, 14_400);
        long[] peaks =
                java.util.stream.LongStream.concat(
                                java.util.Arrays.stream(before), java.util.Arrays.stream(after))
                        .toArray();
        float[] lead = SyntheticEcg.lead(14_400, peaks);
        java.util.Arrays.fill(lead, 7200, 9000, 0f);
        feed(SyntheticEcg.chunks("bed-9", lead, CHUNK));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(alerts()).extracting(Alert::getType).doesNotContain(AlertType.ASYSTOLE);
    }

    @Test
    void bradycardiaAndTachycardiaDetectedFromSignal() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] slow = SyntheticEcg.regularPeaks(180, 600, 180 + 600 * 10); // 36 bpm
        long[] fast = SyntheticEcg.regularPeaks(180 + 600 * 10, 144, 180 + 600 * 10 + 144 * 25);
        long[] peaks = new long[slow.length + fast.length];
        System.arraycopy(slow, 0, peaks, 0, slow.length);
        System.arraycopy(fast, 0, peaks, slow.length, fast.length);
        feed(
                SyntheticEcg.chunks(
                        "bed-3", SyntheticEcg.lead(180 + 6000 + 3600 + 200, peaks), CHUNK));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(starts())
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_BRADYCARDIA, AlertType.EXTREME_TACHYCARDIA);
        Alert bradycardiaEnd = alerts().get(1);
        assertThat(bradycardiaEnd.getType()).isEqualTo(AlertType.EXTREME_BRADYCARDIA);
        assertThat(bradycardiaEnd.getPhase()).isEqualTo(AlertPhase.END);
        assertThat(bradycardiaEnd.getAlertId()).isEqualTo(alerts().get(0).getAlertId());
    }

    @Test
    void endOfInputFlushesAndClears() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 288, 3600);
        feed(SyntheticEcg.chunks("bed-4", SyntheticEcg.lead(3528, peaks), CHUNK));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).as("cleanup and no-data").isEqualTo(2);
        int beforeFinish = harness.extractOutputValues().size();

        harness.processWatermark(Long.MAX_VALUE);

        // The last R peak is 0.5 s before the end, within the detector's reporting delay.
        assertThat(beforeFinish).isLessThan(peaks.length);
        assertThat(harness.extractOutputValues())
                .extracting(Beat::getSampleIndex)
                .containsExactly(boxed(peaks));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void inactiveStreamStateDroppedAfterRetention() throws Exception {
        open(
                new BeatDetectionSettings(
                        Duration.ofSeconds(1),
                        8,
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(50)));
        harness.setProcessingTime(1_000);
        feed(SyntheticEcg.chunks("bed-5", SyntheticEcg.lead(720), CHUNK));

        harness.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        harness.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shortGapPaddedWithoutShiftingIndices() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 288, 3600);
        float[] lead = SyntheticEcg.lead(3600, peaks);
        List<SignalChunk> chunks = SyntheticEcg.chunks("bed-6", lead, CHUNK);
        // Drop the chunk [1710, 1800): a 250 ms gap that contains no R peak.
        feed(chunks.subList(0, 19));
        feed(chunks.subList(20, chunks.size()));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues())
                .extracting(Beat::getSampleIndex)
                .containsExactly(boxed(peaks));
    }

    @Test
    void longGapRestartsDetectorWithoutAsystole() throws Exception {
        open(BeatDetectionSettings.defaults());
        long[] peaks = SyntheticEcg.regularPeaks(180, 288, 36_000);
        float[] lead = SyntheticEcg.lead(36_000, peaks);
        List<SignalChunk> chunks = SyntheticEcg.chunks("bed-7", lead, CHUNK);
        feed(chunks.subList(0, 40)); // up to 10 s
        feed(chunks.subList(120, chunks.size())); // from 30 s: a 20 s gap
        harness.processWatermark(Long.MAX_VALUE);

        List<Beat> beats = harness.extractOutputValues();
        assertThat(alerts()).isEmpty();
        Beat firstAfterGap =
                beats.stream().filter(beat -> beat.getSampleIndex() >= 10_800).findFirst().get();
        assertThat(firstAfterGap.getRrIntervalMillis()).isNull();
        assertThat(firstAfterGap.getSampleIndex() - 180)
                .isEqualTo((firstAfterGap.getSampleIndex() - 180) / 288 * 288);
    }

    @Test
    void unsupportedFrequencyBecomesDeadLetterWithoutState() throws Exception {
        open(BeatDetectionSettings.defaults());
        SignalChunk slow = SyntheticEcg.chunk("bed-9", new float[90], 0, 90);
        slow.setSamplingFrequencyHz(20.0);

        harness.processElement(slow, 0);

        var deadLetters = harness.getSideOutput(BeatDetectionFunction.DEAD_LETTERS);
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.peek().getValue().getReasonCode())
                .isEqualTo(org.medstream.schemas.DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(deadLetters.peek().getValue().getMessage())
                .startsWith(
                        "Stream bed-9: detector pan-tompkins cannot process samplingFrequencyHz"
                                + " 20.0: ");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void alertsIdenticalForAnyChunkSize() throws Exception {
        long[] slow = SyntheticEcg.regularPeaks(180, 600, 180 + 600 * 10);
        long[] fast = SyntheticEcg.regularPeaks(6180, 144, 6180 + 144 * 25);
        long[] peaks = new long[slow.length + fast.length];
        System.arraycopy(slow, 0, peaks, 0, slow.length);
        System.arraycopy(fast, 0, peaks, slow.length, fast.length);
        float[] lead = SyntheticEcg.lead(6180 + 3600 + 3600, peaks); // ends with 10 s no beats

        List<String> expected = null;
        for (int chunkFrames : new int[] {1, 90, 3600}) {
            open(BeatDetectionSettings.defaults());
            feed(SyntheticEcg.chunks("bed-10", lead, chunkFrames));
            harness.processWatermark(Long.MAX_VALUE);
            List<String> alerts =
                    alerts().stream()
                            .map(
                                    alert ->
                                            alert.getAlertId()
                                                    + ":"
                                                    + alert.getPhase()
                                                    + ":"
                                                    + alert.getSequence()
                                                    + "@"
                                                    + alert.getSampleIndex())
                            .toList();
            harness.close();
            harness = null;

            if (expected == null) {
                expected = alerts;
                assertThat(alerts).filteredOn(alert -> alert.contains(":START:")).hasSize(3);
            } else {
                assertThat(alerts)
                        .as("alerts with %d-frame chunks", chunkFrames)
                        .isEqualTo(expected);
            }
        }
    }
}
