package org.medstream.stream.job;

import org.apache.flink.api.java.functions.KeySelector;
import org.medstream.schemas.SignalChunk;

/** Keys chunks by stream id, the same key Kafka partitions them by. */
public final class StreamIdSelector implements KeySelector<SignalChunk, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(SignalChunk chunk) {
        return chunk.getStreamId();
    }
}
