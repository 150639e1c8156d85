package org.medstream.ingest.hl7;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;

/** Keeps chunks and dead letters in memory; {@link #failChunks} makes publishing fail. */
final class MemorySink implements WaveformSink {
    final List<SignalChunk> chunks = Collections.synchronizedList(new ArrayList<>());
    final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failChunks;

    @Override
    public CompletableFuture<Void> publish(List<SignalChunk> sent) {
        if (failChunks) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
        }
        chunks.addAll(sent);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    @Override
    public void close() {}
}
