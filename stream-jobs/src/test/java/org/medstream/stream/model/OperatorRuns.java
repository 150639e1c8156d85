package org.medstream.stream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.job.StreamIdSelector;
import org.medstream.stream.time.ChunkEventTime;

/**
 * Runs a keyed operator over chunks in Flink's keyed test harness, for the model operator tests:
 * straight through, or with a checkpoint taken and restored in between.
 *
 * @param <O> the operator's output
 */
public final class OperatorRuns<O> {
    private final Supplier<KeyedProcessFunction<String, SignalChunk, O>> function;
    private final UnaryOperator<O> withFixedProcessingTime;

    /**
     * @param function creates a new instance of the operator's function
     * @param withFixedProcessingTime returns a copy of an output with its processing-time fields
     *     fixed, so that outputs of two runs compare equal
     */
    public OperatorRuns(
            Supplier<KeyedProcessFunction<String, SignalChunk, O>> function,
            UnaryOperator<O> withFixedProcessingTime) {
        this.function = function;
        this.withFixedProcessingTime = withFixedProcessingTime;
    }

    /** Returns a new, opened harness; the caller closes it. */
    public KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> open() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> harness = create();
        harness.open();
        return harness;
    }

    /** Feeds the chunks, each at the event time of its first frame. */
    public static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, ?> harness,
            List<SignalChunk> chunks)
            throws Exception {
        for (SignalChunk chunk : chunks) {
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
    }

    /** Returns the outputs so far, with their processing-time fields fixed. */
    public List<O> outputs(KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> harness) {
        List<O> outputs = new ArrayList<>();
        for (O output : harness.extractOutputValues()) {
            outputs.add(withFixedProcessingTime.apply(output));
        }
        return outputs;
    }

    /** Feeds all chunks, then ends the input, and returns the outputs. */
    public List<O> uninterrupted(List<SignalChunk> chunks) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> harness = open()) {
            feed(harness, chunks);
            harness.processWatermark(Long.MAX_VALUE);
            return outputs(harness);
        }
    }

    /**
     * Feeds the chunks before {@code split}, takes a checkpoint, restores it in a new operator,
     * feeds the rest and ends the input. Returns the outputs of both operators and checks that the
     * end of input left no keyed state and no timers.
     */
    public List<O> restoredAfter(List<SignalChunk> chunks, int split) throws Exception {
        List<O> outputs;
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> first = open()) {
            feed(first, chunks.subList(0, split));
            outputs = new ArrayList<>(outputs(first));
            snapshot = first.snapshot(1, 0);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> second = create()) {
            second.initializeState(snapshot);
            second.open();
            feed(second, chunks.subList(split, chunks.size()));
            second.processWatermark(Long.MAX_VALUE);
            outputs.addAll(outputs(second));

            assertThat(second.numKeyedStateEntries()).isZero();
            assertThat(second.numEventTimeTimers()).isZero();
            assertThat(second.numProcessingTimeTimers()).isZero();
        }
        return outputs;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, O> create()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function.get()), new StreamIdSelector(), Types.STRING);
    }
}
