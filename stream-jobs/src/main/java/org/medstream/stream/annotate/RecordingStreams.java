package org.medstream.stream.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.CloseableIterator;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;

/**
 * Recordings as the bounded streams that the annotators feed the job: one stream per recording, cut
 * by the replayer's {@link Chunker}, starting at the recording's start time (or the epoch when it
 * has none).
 */
final class RecordingStreams {
    /** Source of the beat detector's dead letters, which the wave and breath annotators ignore. */
    private static final String BEAT_DETECTOR_SOURCE = "detect-beats";

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

    /**
     * Throws when the job rejected a chunk for a reason other than beat detection, whose output the
     * wave and breath annotators discard. Closes the iterator.
     *
     * @param task name of the annotation, for the message
     * @throws IllegalStateException naming the first such dead letter's reason and message
     */
    static void failOnDeadLetters(CloseableIterator<DeadLetter> deadLetters, String task)
            throws Exception {
        try {
            while (deadLetters.hasNext()) {
                DeadLetter deadLetter = deadLetters.next();
                if (BEAT_DETECTOR_SOURCE.equals(deadLetter.getSource())) {
                    continue;
                }
                throw new IllegalStateException(
                        task
                                + " annotation rejected a chunk ("
                                + deadLetter.getReasonCode()
                                + "): "
                                + deadLetter.getMessage());
            }
        } finally {
            deadLetters.close();
        }
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
