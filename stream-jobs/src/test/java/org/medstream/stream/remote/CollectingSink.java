package org.medstream.stream.remote;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that adds every record to a queue named by the test, shared through a static map because
 * Flink serializes sinks.
 */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        QUEUES.computeIfAbsent(name, key -> new ConcurrentLinkedQueue<>());
    }

    /** Returns the records received so far, which later writes keep adding to. */
    @SuppressWarnings("unchecked")
    Queue<T> received() {
        return (Queue<T>) (Queue<?>) QUEUES.get(name);
    }

    void clear() {
        QUEUES.get(name).clear();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = QUEUES.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
