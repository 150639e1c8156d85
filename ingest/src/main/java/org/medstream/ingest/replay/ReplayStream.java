package org.medstream.ingest.replay;

import java.util.Objects;
import org.medstream.ingest.recording.Recording;

/**
 * One recording to replay and the stream id (Kafka key) it is published under.
 *
 * @param streamId stream key, for example {@code bed-1}, the record name by default
 */
public record ReplayStream(Recording recording, String streamId) {
    public ReplayStream {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(streamId, "streamId");
        if (streamId.isBlank()) {
            throw new IllegalArgumentException(
                    "Empty stream id for recording "
                            + recording.source()
                            + "; give a name such as bed-1");
        }
    }

    /** Replays a recording under its record name, for example {@code 100}. */
    public static ReplayStream of(Recording recording) {
        return new ReplayStream(recording, recording.name());
    }
}
