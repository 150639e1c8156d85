package org.medstream.stream.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;

/** Sinks of {@link BeatDetectionJob} for beats, alerts and dead letters. */
public record JobSinks(Sink<Beat> beats, Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {}
