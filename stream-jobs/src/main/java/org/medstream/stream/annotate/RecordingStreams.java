package org.medstream.stream.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.SignalChunk;

/**
 * Recordings as the bounded streams that the annotators feed the job: one stream per recording, cut
 * by the replayer's {@link Chunker}, starting at the recording's start time (or the epoch when it
 * has none).
 */
final class RecordingStreams {
    private RecordingStreams() {}

    /** Returns the stream id of recording {@code index}: the index, a colon and its name. */
    static String streamId(int index, Recording recording) {
        return index + ":" + recording.name();
    }

    /** Returns the ids of the recordings' streams, in recording order. */
    static List<String> streamIds(List<? extends Recording> recordings) {
        List<String> streamIds = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            streamIds.add(streamId(i, recordings.get(i)));
        }
        return streamIds;
    }

    /** Returns the chunks of every recording, one recording after the other. */
    static List<SignalChunk> chunks(List<? extends Recording> recordings, double chunkMillis) {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            Recording recording = recordings.get(i);
            Instant streamStart = recording.startTime().orElse(Instant.EPOCH);
            int framesPerChunk =
                    Chunker.framesPerChunk(recording.samplingFrequencyHz(), chunkMillis);
            new Chunker(
                            recording,
                            streamId(i, recording),
                            streamStart,
                            framesPerChunk,
                            Long.MAX_VALUE)
                    .forEachRemaining(chunks::add);
        }
        return chunks;
    }
}
