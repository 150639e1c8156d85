package org.medstream.stream.kafka;

import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.metrics.DeadLetterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes decoded chunks on; sends undecodable records to {@link #UNDECODABLE} as dead letters. */
public class DecodedChunkSplitter extends ProcessFunction<DecodedChunk, SignalChunk> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodedChunkSplitter.class);

    public static final OutputTag<DeadLetter> UNDECODABLE =
            new OutputTag<>("undecodable", TypeInformation.of(DeadLetter.class));

    private transient DeadLetterMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(DecodedChunk decoded, Context ctx, Collector<SignalChunk> out) {
        if (decoded.chunk != null) {
            out.collect(decoded.chunk);
            return;
        }
        LOG.warn("Undecodable record origin={} error={}", decoded.origin, decoded.error);
        metrics.deadLetter(DeadLetterReason.UNDECODABLE);
        ctx.output(
                UNDECODABLE,
                DeadLetter.newBuilder()
                        .setSource(decoded.origin)
                        .setReasonCode(DeadLetterReason.UNDECODABLE)
                        .setMessage(
                                "Record "
                                        + decoded.origin
                                        + " is not a SignalChunk: "
                                        + decoded.error)
                        .setOriginalBytes(ByteBuffer.wrap(decoded.undecodableBytes))
                        .setFailedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build());
    }
}
