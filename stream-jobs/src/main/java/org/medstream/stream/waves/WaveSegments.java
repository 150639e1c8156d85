package org.medstream.stream.waves;

import org.medstream.evaluation.waves.Wave;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.time.StreamClock;

/** Creates the {@link WaveSegment}s of one stream from waves in its own sample indices. */
public final class WaveSegments {
    private final String streamId;
    private final StreamClock clock;
    private final String detectorName;
    private final String detectorVersion;
    private final long emittedAtMicros;

    public WaveSegments(
            String streamId,
            StreamClock clock,
            String detectorName,
            String detectorVersion,
            long emittedAtMicros) {
        this.streamId = streamId;
        this.clock = clock;
        this.detectorName = detectorName;
        this.detectorVersion = detectorVersion;
        this.emittedAtMicros = emittedAtMicros;
    }

    /** Returns the segment of {@code wave} on {@code lead}, with times from the stream's clock. */
    public WaveSegment of(String lead, Wave wave) {
        return WaveSegment.newBuilder()
                .setStreamId(streamId)
                .setLead(lead)
                .setWave(WaveType.valueOf(wave.kind().name()))
                .setOnsetSampleIndex(wave.onset())
                .setPeakSampleIndex(wave.peak())
                .setOffsetSampleIndex(wave.offset())
                .setOnsetTimeMicros(EpochMicros.toInstant(clock.timeMicros(wave.onset())))
                .setOffsetTimeMicros(EpochMicros.toInstant(clock.timeMicros(wave.offset())))
                .setDetectorName(detectorName)
                .setDetectorVersion(detectorVersion)
                .setEmittedAtMicros(EpochMicros.toInstant(emittedAtMicros))
                .build();
    }
}
