package org.medstream.stream.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.DetectorCatalog;
import org.medstream.stream.job.JobOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings as the bounded streams that the annotators feed the job: one stream per recording, cut
 * by the replayer's {@link Chunker}, starting at the recording's start time (or the epoch when it
 * has none), and the job run over them.
 */
final class RecordingStreams {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStreams.class);

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
     * Runs the job's operators on {@code env} over the recordings, one stream each, and returns the
     * events of one of its outputs per recording, in recording order and in the order they came
     * out. The job runs the classic beat detector too; its beats are discarded.
     *
     * @param task name of the annotation, for logs and messages
     * @param output picks the output stream from the job's outputs
     * @param streamIdOf reads the stream id of an event
     * @param patients patient context by recording name, set on that recording's chunks
     * @throws IllegalStateException if validation or the operator rejected a chunk
     */
    static <E> List<List<E>> run(
            StreamExecutionEnvironment env,
            BeatDetectionJobConfig config,
            List<? extends Recording> recordings,
            double chunkMillis,
            String task,
            Function<JobOutputs, DataStream<E>> output,
            Function<E, String> streamIdOf,
            Map<String, PatientContext> patients)
            throws Exception {
        List<SignalChunk> chunks = chunks(recordings, chunkMillis, patients);
        LOG.info(
                "Starting {} annotation recordings={} chunks={}",
                task,
                recordings.size(),
                chunks.size());
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                DetectorCatalog.byName(DetectorCatalog.CLASSIC),
                                AlarmRules.defaults(),
                                ChunkInput.fromCollection(chunks, "recordings"))
                        .build(env);

        DataStream.Collector<E> events = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        output.apply(outputs).collectAsync(events);
        outputs.deadLetters().collectAsync(deadLetters);
        env.execute("medstream annotate " + task);

        Map<String, List<E>> byStream = new HashMap<>();
        try (CloseableIterator<E> iterator = events.getOutput()) {
            iterator.forEachRemaining(
                    event ->
                            byStream.computeIfAbsent(
                                            streamIdOf.apply(event), id -> new ArrayList<>())
                                    .add(event));
        }
        failOnDeadLetters(deadLetters.getOutput(), task);

        List<List<E>> result = new ArrayList<>();
        for (String streamId : streamIds(recordings)) {
            result.add(byStream.getOrDefault(streamId, new ArrayList<>()));
        }
        LOG.info("Finished {} annotation recordings={}", task, recordings.size());
        return result;
    }

    /**
     * Throws when the job rejected a chunk for a reason other than beat detection, whose output the
     * wave and breath annotators discard. Closes the iterator.
     *
     * @param task name of the annotation, for the message
     * @throws IllegalStateException naming the first such dead letter's reason and message
     */
    private static void failOnDeadLetters(CloseableIterator<DeadLetter> deadLetters, String task)
            throws Exception {
        try {
            while (deadLetters.hasNext()) {
                DeadLetter deadLetter = deadLetters.next();
                if (BEAT_DETECTOR_SOURCE.equals(deadLetter.getSource())) {
                    continue;
                }
                throw new IllegalStateException(
                        "The "
                                + task
                                + " annotation rejected a chunk ("
                                + deadLetter.getReasonCode()
                                + "): "
                                + deadLetter.getMessage());
            }
        } finally {
            deadLetters.close();
        }
    }

    /**
     * Returns the chunks of every recording, one recording after the other. A recording whose name
     * is a key of {@code patients} gets that context on each chunk, as the ingest gate sets the
     * context published for a stream.
     */
    static List<SignalChunk> chunks(
            List<? extends Recording> recordings,
            double chunkMillis,
            Map<String, PatientContext> patients) {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            Recording recording = recordings.get(i);
            Instant streamStart = recording.startTime().orElse(Instant.EPOCH);
            int framesPerChunk =
                    Chunker.framesPerChunk(recording.samplingFrequencyHz(), chunkMillis);
            PatientContext patient = patients.get(recording.name());
            new Chunker(
                            recording,
                            streamId(i, recording),
                            streamStart,
                            framesPerChunk,
                            Long.MAX_VALUE)
                    .forEachRemaining(
                            chunk -> {
                                chunk.setPatient(patient);
                                chunks.add(chunk);
                            });
        }
        return chunks;
    }
}
