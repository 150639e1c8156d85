package org.medstream.stream.remote;

/**
 * Result of the requests for one {@link ModelWindow}: the server's events, or the reason there are
 * none. A Flink POJO.
 */
public class WindowReply {
    /** Outcome of a window's requests. */
    public enum Outcome {
        /** The server responded 200 with the window's events. */
        SUCCEEDED,
        /** Every attempt failed to connect, timed out, or got 429 or 5xx. */
        UNAVAILABLE,
        /** The server rejected the window (4xx other than 429); retrying would not help. */
        REJECTED
    }

    /** The window, without its samples (a failed window's samples are in the request body). */
    public ModelWindow window;

    public Outcome outcome;

    /** Events of the window, in its own sample indices; empty unless the request succeeded. */
    public RemoteEvent[] events;

    /** Attempts made, the first included. */
    public int attempts;

    /** Status of the last response, or 0 when the last attempt got none. */
    public int lastStatus;

    /**
     * Why the window has no events: the last error or response; null when the request succeeded.
     */
    public String reason;

    /** The last request body (Avro), kept for a replay when the request failed; otherwise null. */
    public byte[] requestBody;

    /** Creates an empty reply, for Flink's POJO serializer. */
    public WindowReply() {}

    static WindowReply succeeded(ModelWindow window, RemoteEvent[] events, int attempts) {
        WindowReply reply = new WindowReply();
        reply.window = window.withoutSamples();
        reply.outcome = Outcome.SUCCEEDED;
        reply.events = events;
        reply.attempts = attempts;
        reply.lastStatus = 200;
        return reply;
    }

    static WindowReply failed(
            ModelWindow window,
            Outcome outcome,
            int attempts,
            int lastStatus,
            String reason,
            byte[] requestBody) {
        WindowReply reply = new WindowReply();
        reply.window = window.withoutSamples();
        reply.outcome = outcome;
        reply.events = new RemoteEvent[0];
        reply.attempts = attempts;
        reply.lastStatus = lastStatus;
        reply.reason = reason;
        reply.requestBody = requestBody;
        return reply;
    }
}
