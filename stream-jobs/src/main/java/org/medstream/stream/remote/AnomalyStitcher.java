package org.medstream.stream.remote;

import org.apache.flink.util.Collector;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.serve.inference.Event;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.time.StreamClock;

/**
 * Turns the model server's anomalous spans into the {@link Anomaly} records of the in-process
 * {@code score-anomalies} operator: [onset, offset + 1) in stream sample indices, the span's
 * maximum score and the server's threshold ({@link AnomalySpanAssembler#DEFAULT_THRESHOLD}). {@link
 * RemoteStitcher} describes spans, dead letters and alerts.
 */
public class AnomalyStitcher extends RemoteStitcher<Anomaly> {
    private static final long serialVersionUID = 1L;

    /** Operator name, also the source of its dead letters. */
    public static final String OPERATOR = "stitch-anomalies";

    /**
     * @param modelName the served model's name, which the spans carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     */
    public AnomalyStitcher(String modelName, String serverAddress) {
        super(OPERATOR, modelName, serverAddress);
    }

    @Override
    protected String eventKind() {
        return Event.ANOMALY;
    }

    @Override
    protected void emit(
            ModelWindow window,
            RemoteEvent event,
            long start,
            StreamClock clock,
            Context ctx,
            Collector<Anomaly> out) {
        out.collect(
                Anomaly.newBuilder()
                        .setStreamId(window.streamId)
                        .setStartSampleIndex(start)
                        .setEndSampleIndex(window.windowStartIndex + event.offset + 1)
                        .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(start)))
                        .setScore(event.score)
                        .setThreshold(AnomalySpanAssembler.DEFAULT_THRESHOLD)
                        .setDetectorName(modelName())
                        .setDetectorVersion(DETECTOR_VERSION)
                        .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build());
    }
}
