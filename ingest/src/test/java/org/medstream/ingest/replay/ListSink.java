package org.medstream.ingest.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medstream.schemas.SignalChunk;

/** Keeps sent chunks in memory with their send time, for replay tests. */
final class ListSink implements ChunkSink {
    final List<SignalChunk> chunks = Collections.synchronizedList(new ArrayList<>());
    final List<Long> sendNanos = Collections.synchronizedList(new ArrayList<>());
    int flushes;
    boolean closed;

    @Override
    public void send(SignalChunk chunk) {
        chunks.add(chunk);
        sendNanos.add(System.nanoTime());
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
