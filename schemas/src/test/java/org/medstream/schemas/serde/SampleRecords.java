package org.medstream.schemas.serde;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;

/** One filled-in instance of each record type, for round-trip tests. */
final class SampleRecords {
    static final Instant START = Instant.parse("2026-12-04T08:00:00.000001Z");

    private SampleRecords() {}

    static SignalChunk digitalChunk() {
        return SignalChunk.newBuilder()
                .setStreamId("bed-1")
                .setSource("data/mitdb/100")
                .setChannelNames(List.of("MLII", "V5"))
                .setUnits(List.of("mV", "mV"))
                .setSamplingFrequencyHz(360)
                .setStreamStartMicros(START)
                .setFirstSampleIndex(90)
                .setFrameCount(3)
                .setSamples(
                        DigitalSamples.newBuilder()
                                .setAdcGain(List.of(200.0, 200.0))
                                .setBaseline(List.of(1024, 1024))
                                .setValues(List.of(995, 1011, 995, 1011, Integer.MIN_VALUE, 1010))
                                .build())
                .build();
    }

    /**
     * Returns a chunk as the ingest gate writes it, with gap, quality flags and patient context.
     */
    static SignalChunk gatedChunk() {
        ChannelQuality clean =
                ChannelQuality.newBuilder().setFlags(List.of()).setQualityIndex(0.93f).build();
        ChannelQuality leadOff =
                ChannelQuality.newBuilder()
                        .setFlags(List.of(QualityFlag.FLAT_LINE, QualityFlag.MISSING_SAMPLES))
                        .setMissingSamples(1)
                        .setLongestFlatRun(720)
                        .build();
        return SignalChunk.newBuilder(digitalChunk())
                .setGapFrames(180)
                .setQuality(List.of(clean, leadOff))
                .setPatient(patient())
                .build();
    }

    static PatientContext patient() {
        return PatientContext.newBuilder()
                .setStreamId("bed-1")
                .setPatientId("ludb-1")
                .setAgeYears(51)
                .setSex("F")
                .setDiagnoses(List.of("Sinus rhythm", "Left ventricular hypertrophy"))
                .setMedications(List.of())
                .setLeadPlacement("standard 12-lead")
                .setSource("data/ludb/ludb.csv")
                .setUpdatedAtMicros(START)
                .build();
    }

    static SignalChunk physicalChunk() {
        return SignalChunk.newBuilder(digitalChunk())
                .setSource("data/edf/sleep.edf")
                .setSamples(
                        PhysicalSamples.newBuilder()
                                .setValues(List.of(-0.145f, -0.065f, Float.NaN, 0.0f, 1.5f, -2.25f))
                                .build())
                .build();
    }

    static WaveSegment waveSegment() {
        return WaveSegment.newBuilder()
                .setStreamId("bed-1")
                .setLead("II")
                .setWave(WaveType.QRS)
                .setOnsetSampleIndex(352)
                .setPeakSampleIndex(370)
                .setOffsetSampleIndex(391)
                .setOnsetTimeMicros(START.plusMillis(978))
                .setOffsetTimeMicros(START.plusMillis(1086))
                .setDetectorName("lmu")
                .setDetectorVersion("0.1.0")
                .setEmittedAtMicros(START.plusMillis(1300))
                .build();
    }

    static Breath breath() {
        return Breath.newBuilder()
                .setStreamId("bed-1")
                .setChannel("RESP")
                .setOnsetSampleIndex(500)
                .setEventTimeMicros(START.plusSeconds(4))
                .setBreathIntervalMillis(3900.0)
                .setDetectorName("lmu")
                .setDetectorVersion("0.1.0")
                .setEmittedAtMicros(START.plusMillis(4200))
                .build();
    }

    static Anomaly anomaly() {
        return Anomaly.newBuilder()
                .setStreamId("bed-1")
                .setStartSampleIndex(3600)
                .setEndSampleIndex(7200)
                .setEventTimeMicros(START.plusSeconds(10))
                .setScore(0.93)
                .setThreshold(0.8)
                .setDetectorName("lmu")
                .setDetectorVersion("0.1.0")
                .setEmittedAtMicros(START.plusSeconds(21))
                .build();
    }

    static Beat beat() {
        return Beat.newBuilder()
                .setStreamId("bed-1")
                .setSampleIndex(370)
                .setEventTimeMicros(START.plusMillis(1028))
                .setBeatClass("N")
                .setRrIntervalMillis(813.9)
                .setHeartRateBpm(73.7)
                .setDetectorName("pan-tompkins")
                .setDetectorVersion("1.0.0")
                .setEmittedAtMicros(START.plusMillis(1300))
                .build();
    }

    static Alert alert() {
        return Alert.newBuilder()
                .setAlertId("bed-1/EXTREME_TACHYCARDIA/36000")
                .setStreamId("bed-1")
                .setType(AlertType.EXTREME_TACHYCARDIA)
                .setPriority(AlertPriority.HIGH)
                .setCategory(AlertCategory.PHYSIOLOGICAL)
                .setOnsetSampleIndex(36000)
                .setOnsetTimeMicros(START.plusSeconds(100))
                .setSampleIndex(37800)
                .setEventTimeMicros(START.plusSeconds(105))
                .setHeartRateBpm(182.0)
                .setMessage("Heart rate 182 bpm for 5 s")
                .setDetectorName("alarm-rules")
                .setDetectorVersion("1.0.0")
                .setEmittedAtMicros(START.plusSeconds(106))
                .build();
    }

    static AlertDelivery alertDelivery() {
        return AlertDelivery.newBuilder()
                .setAlertId("bed-1/EXTREME_TACHYCARDIA/36000")
                .setStreamId("bed-1")
                .setOutcome(DeliveryOutcome.DELIVERED)
                .setAttempts(2)
                .setHttpStatus(204)
                .setTarget("https://pager.example.org/alerts")
                .setAlertEmittedAtMicros(START.plusSeconds(106))
                .setFirstAttemptAtMicros(START.plusMillis(106_010))
                .setCompletedAtMicros(START.plusMillis(106_450))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSource("medstream.signals.raw")
                .setStreamId("bed-1")
                .setReasonCode(DeadLetterReason.UNDECODABLE)
                .setMessage("Not an Avro single-object message of SignalChunk")
                .setOriginalBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setFailedAtMicros(START)
                .build();
    }
}
