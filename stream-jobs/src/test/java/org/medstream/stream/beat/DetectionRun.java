package org.medstream.stream.beat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.StreamIdSelector;
import org.medstream.stream.time.ChunkEventTime;

/**
 * Outputs of the beat detection operator for one input, run in a test harness to the end of input.
 */
record DetectionRun(List<Beat> beats, List<Alert> alerts, List<DeadLetter> deadLetters) {

    /** Feeds {@code chunks} with default settings and rules, then ends the input. */
    static DetectionRun of(List<SignalChunk> chunks) throws Exception {
        return of(chunks, new PanTompkinsDetector());
    }

    /** Feeds {@code chunks} to {@code detector} with default settings and rules. */
    static <S> DetectionRun of(List<SignalChunk> chunks, BeatDetector<S> detector)
            throws Exception {
        return of(chunks, detector, AlarmRules.defaults());
    }

    /** Feeds {@code chunks} to {@code detector} with default settings and {@code rules}. */
    static <S> DetectionRun of(List<SignalChunk> chunks, BeatDetector<S> detector, AlarmRules rules)
            throws Exception {
        return of(chunks, detector, rules, null);
    }

    /**
     * Feeds {@code chunks} to {@code detector} with default settings, {@code rules} and {@code
     * agreementDetector} as the second detector of model agreement (null for none).
     */
    static <S> DetectionRun of(
            List<SignalChunk> chunks,
            BeatDetector<S> detector,
            AlarmRules rules,
            BeatDetector<?> agreementDetector)
            throws Exception {
        BeatDetectionFunction<S> function =
                new BeatDetectionFunction<>(
                        detector,
                        AlarmProfiles.of(rules),
                        BeatDetectionSettings.defaults(),
                        agreementDetector);
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        function, new StreamIdSelector(), Types.STRING)) {
            feed(harness, chunks);
            harness.processWatermark(Long.MAX_VALUE);
            if (harness.numKeyedStateEntries() != 0 || harness.numEventTimeTimers() != 0) {
                throw new AssertionError("state or timers left after the end of input");
            }
            return new DetectionRun(
                    harness.extractOutputValues(),
                    values(harness.getSideOutput(BeatDetectionFunction.ALERTS)),
                    values(harness.getSideOutput(BeatDetectionFunction.DEAD_LETTERS)));
        }
    }

    /**
     * Feeds one operator from {@code functions} the chunks before the first one that starts at or
     * after {@code cutIndex}, snapshots it, restores the snapshot into a second operator from
     * {@code functions}, and feeds that one the rest, then ends the input. The run contains the
     * outputs of both operators in order.
     */
    static DetectionRun restoredAt(
            List<SignalChunk> chunks, long cutIndex, Supplier<BeatDetectionFunction<?>> functions)
            throws Exception {
        int cut = 0;
        while (cut < chunks.size() && chunks.get(cut).getFirstSampleIndex() < cutIndex) {
            cut++;
        }
        List<Beat> beats = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var harness = unopenedHarness(functions.get())) {
            harness.open();
            feed(harness, chunks.subList(0, cut));
            snapshot = harness.snapshot(1, 0);
            collect(harness, beats, alerts, deadLetters);
        }
        try (var harness = unopenedHarness(functions.get())) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, chunks.subList(cut, chunks.size()));
            harness.processWatermark(Long.MAX_VALUE);
            collect(harness, beats, alerts, deadLetters);
        }
        return new DetectionRun(beats, alerts, deadLetters);
    }

    private static <S>
            KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> unopenedHarness(
                    BeatDetectionFunction<S> function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), new StreamIdSelector(), Types.STRING);
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> harness,
            List<SignalChunk> chunks)
            throws Exception {
        for (SignalChunk chunk : chunks) {
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
    }

    private static void collect(
            KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> harness,
            List<Beat> beats,
            List<Alert> alerts,
            List<DeadLetter> deadLetters) {
        beats.addAll(harness.extractOutputValues());
        alerts.addAll(values(harness.getSideOutput(BeatDetectionFunction.ALERTS)));
        deadLetters.addAll(values(harness.getSideOutput(BeatDetectionFunction.DEAD_LETTERS)));
    }

    private static <T> List<T> values(ConcurrentLinkedQueue<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** Beats as comparable text: index, class, RR interval and heart rate. */
    List<String> beatSummaries() {
        return beats.stream()
                .map(
                        beat ->
                                beat.getSampleIndex()
                                        + " "
                                        + beat.getBeatClass()
                                        + " "
                                        + beat.getRrIntervalMillis()
                                        + " "
                                        + beat.getHeartRateBpm())
                .toList();
    }
}
