package org.medstream.ingest.hl7;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives HL7 v2 ORU^R01 waveform messages over MLLP and publishes them as signal chunks, one
 * thread per connection up to {@link MllpListenerOptions#maxConnections()}.
 *
 * <p>It binds to one address, loopback by default, never to the wildcard address. HAPI's own {@code
 * SimpleServer} is not used because its acceptor (hapi-base 2.6.0) binds the wildcard address; HAPI
 * parses the messages and builds the acknowledgements.
 *
 * <p>Guarantee: a message is acknowledged with AA only after the sink confirmed every chunk of it
 * (for {@link KafkaWaveformSink}: the broker acknowledged the records). Any other outcome is
 * acknowledged with AE or AR and written to the sink's dead letters.
 */
public final class MllpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final MllpListenerOptions options;
    private final ListenerMetrics metrics = new ListenerMetrics();
    private final WaveformMessageHandler handler;
    private final ServerSocket serverSocket;
    private final ExecutorService connections;
    private final Semaphore connectionSlots;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private MllpListener(MllpListenerOptions options, WaveformSink sink) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.handler =
                new WaveformMessageHandler(options, Objects.requireNonNull(sink, "sink"), metrics);
        this.connectionSlots = new Semaphore(options.maxConnections());
        this.connections =
                new ThreadPoolExecutor(
                        options.maxConnections(),
                        options.maxConnections(),
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        namedThreads("medstream-mllp-connection-"));
        ((ThreadPoolExecutor) connections).allowCoreThreadTimeOut(true);

        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(options.bindAddress(), options.port()));
        } catch (IOException e) {
            serverSocket.close();
            connections.shutdownNow();
            throw new IOException(
                    "Failed to bind the MLLP listener to "
                            + options.bindAddress().getHostAddress()
                            + ":"
                            + options.port()
                            + " ("
                            + e.getMessage()
                            + "); choose another --port or stop the program that uses it",
                    e);
        }
        this.acceptor = new Thread(this::acceptLoop, "medstream-mllp-acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Binds the server socket and starts accepting connections.
     *
     * @throws IOException if the address cannot be bound, for example because the port is in use
     */
    public static MllpListener start(MllpListenerOptions options, WaveformSink sink)
            throws IOException {
        MllpListener listener = new MllpListener(options, sink);
        listener.acceptor.start();
        LOG.info(
                "Started MLLP listener address={} maxConnections={}",
                listener.addressText(),
                options.maxConnections());
        return listener;
    }

    /** Returns the bound address and port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private String addressText() {
        return address().getAddress().getHostAddress() + ":" + port();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public ListenerMetrics metrics() {
        return metrics;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.error("MLLP listener stopped accepting address={}", addressText(), e);
                }
                return;
            } catch (IOException e) {
                LOG.warn("Failed to accept an MLLP connection address={}", addressText(), e);
                continue;
            }
            dispatch(socket);
        }
    }

    private void dispatch(Socket socket) {
        if (!connectionSlots.tryAcquire()) {
            metrics.connectionRefused();
            LOG.warn(
                    "Refused MLLP connection peer={} because {} connections are open",
                    socket.getRemoteSocketAddress(),
                    options.maxConnections());
            closeQuietly(socket);
            return;
        }
        metrics.connectionOpened();
        openSockets.add(socket);
        Runnable onClose =
                () -> {
                    openSockets.remove(socket);
                    connectionSlots.release();
                };
        try {
            connections.execute(new MllpConnection(socket, handler, options, onClose));
        } catch (RuntimeException e) {
            onClose.run();
            closeQuietly(socket);
            LOG.warn("Failed to start serving MLLP connection peer={}", socket, e);
        }
    }

    /**
     * Stops accepting, closes open connections and waits up to 10 s for their threads. A message in
     * progress may then be stored without its acknowledgement reaching the sender, which resends it
     * as a duplicate. The sink stays open; its owner closes it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to close the MLLP server socket", e);
        } finally {
            connections.shutdownNow();
            for (Socket socket : openSockets) {
                closeQuietly(socket);
            }
            try {
                if (!connections.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("MLLP connections still open after {} s", CLOSE_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Stopped MLLP listener address={} {}", addressText(), metrics);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Failed to close MLLP socket {}", socket, e);
        }
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
