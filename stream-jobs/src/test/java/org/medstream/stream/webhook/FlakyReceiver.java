package org.medstream.stream.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;

/**
 * A webhook receiver on 127.0.0.1 for the delivery tests: it responds {@code failureStatus} to the
 * first {@code failures} requests, then 200, and keeps every request's body and headers.
 */
final class FlakyReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Headers> headers = new CopyOnWriteArrayList<>();

    FlakyReceiver(int failures, int failureStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/alerts",
                exchange -> {
                    bodies.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    headers.add(exchange.getRequestHeaders());
                    int status = requests.incrementAndGet() <= failures ? failureStatus : 200;
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
    }

    /** Returns {@code http://127.0.0.1:PORT/alerts}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    int requests() {
        return requests.get();
    }

    List<String> bodies() {
        return bodies;
    }

    List<Headers> headers() {
        return headers;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Returns the asystole alert of stream bed-1 that the delivery tests send. */
    static Alert asystole() {
        return new AlertFactory(
                        "bed-1",
                        new StreamClock(1_700_000_000_000_000L, 360),
                        "test",
                        "1",
                        1_700_000_010_000_000L)
                .physiological(
                        AlertType.ASYSTOLE, 360, 1800, null, "Asystole: no QRS complex for 4.0 s");
    }
}
