package org.medstream.stream.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;

/** The streams {@link BeatDetectionJob#build} adds to an environment, before any sink. */
public record JobOutputs(
        DataStream<Beat> beats, DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {}
