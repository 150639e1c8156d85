package org.medstream.infra.bench;

import java.time.Instant;
import java.util.Optional;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;

/**
 * A recording without a start time, so that the replayer starts its stream at the wall-clock time
 * of the replay start and event time equals the time a sample would have been recorded.
 */
final class UndatedRecording extends ForwardingRecording {
    UndatedRecording(Recording recording) {
        super(recording);
    }

    @Override
    public Optional<Instant> startTime() {
        return Optional.empty();
    }
}
