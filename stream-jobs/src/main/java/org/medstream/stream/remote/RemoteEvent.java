package org.medstream.stream.remote;

import org.medstream.model.serve.inference.Event;

/**
 * One event of a model server's response, in its window's sample indices, as {@link Event} but a
 * Flink POJO. Fields the event's kind does not use are null.
 */
public class RemoteEvent {
    public String kind;
    public String lead;
    public String label;
    public Long sample;
    public Long onset;
    public Long peak;
    public Long offset;
    public Double score;

    /** Creates an empty event, for Flink's POJO serializer. */
    public RemoteEvent() {}

    static RemoteEvent of(Event event) {
        RemoteEvent remote = new RemoteEvent();
        remote.kind = event.kind();
        remote.lead = event.lead();
        remote.label = event.label();
        remote.sample = event.sample();
        remote.onset = event.onset();
        remote.peak = event.peak();
        remote.offset = event.offset();
        remote.score = event.score();
        return remote;
    }

    /** Returns the first sample the event covers, in its window's indices. */
    public long start() {
        return sample != null ? sample : onset;
    }
}
