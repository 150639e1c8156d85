package org.medstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Publishes recordings to a Kafka cluster as chunked signal streams. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Publish recordings as streams of signal chunks keyed by stream id, paced at real"
                        + " time times --speed, with an idempotent producer.")
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RecordOptions recordOptions;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension, or an .edf or .csv file; repeat for several"
                            + " streams.")
    List<Path> records;

    @Option(
            names = "--stream-id",
            paramLabel = "ID",
            description = "Stream id per --record, in the same order (default: the record name).")
    List<String> streamIds = new ArrayList<>();

    @Option(names = "--speed", paramLabel = "X", description = ReplayOptions.SPEED_HELP)
    double speed = ReplayOptions.DEFAULT_SPEED;

    @Option(names = "--as-fast-as-possible", description = ReplayOptions.AS_FAST_AS_POSSIBLE_HELP)
    boolean asFastAsPossible;

    @Option(
            names = "--chunk-millis",
            paramLabel = "MS",
            description = ReplayOptions.CHUNK_MILLIS_HELP)
    double chunkMillis = ReplayOptions.DEFAULT_CHUNK_MILLIS;

    @Option(
            names = "--max-seconds",
            paramLabel = "SECONDS",
            description = ReplayOptions.MAX_SECONDS_HELP)
    Double maxSeconds;

    @Option(
            names = "--topic",
            paramLabel = "NAME",
            description = "Kafka topic to publish to (default: medstream.signals.raw).")
    String topic = ReplayOptions.DEFAULT_TOPIC;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!streamIds.isEmpty() && streamIds.size() != records.size()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Got "
                            + streamIds.size()
                            + " --stream-id values for "
                            + records.size()
                            + " --record values; give one per record or none");
        }
        ReplayOptions.Builder options =
                ReplayOptions.builder()
                        .optSpeed(speed)
                        .optAsFastAsPossible(asFastAsPossible)
                        .optChunkMillis(chunkMillis)
                        .optTopic(topic);
        if (maxSeconds != null) {
            options.optMaxSeconds(maxSeconds);
        }

        List<ReplayStream> streams = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            var recording = recordOptions.open(records.get(i));
            String streamId = streamIds.isEmpty() ? recording.name() : streamIds.get(i);
            streams.add(new ReplayStream(recording, streamId));
        }

        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, topic);
        try (KafkaChunkSink sink = KafkaChunkSink.to(bootstrapServers, topic)) {
            Replayer replayer = new Replayer(options.build(), sink);
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "replay");
            ReplaySummary summary = replayer.replay(streams, bar::update);
            bar.finish();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Sent %s, %s of %s to %s in %.1f s%n",
                            Counted.of(summary.chunks(), "chunk"),
                            Counted.of(summary.frames(), "frame"),
                            Counted.of(summary.streams(), "stream"),
                            topic,
                            summary.elapsed().toMillis() / 1000.0);
        }
        return 0;
    }
}
