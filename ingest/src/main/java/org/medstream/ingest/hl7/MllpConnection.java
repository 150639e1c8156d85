package org.medstream.ingest.hl7;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one sender: reads frames one after the other and writes each one's acknowledgement before
 * reading the next, as MLLP senders wait for it.
 */
final class MllpConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpConnection.class);

    private final Socket socket;
    private final WaveformMessageHandler handler;
    private final MllpListenerOptions options;
    private final Runnable onClose;
    private final String peer;

    MllpConnection(
            Socket socket,
            WaveformMessageHandler handler,
            MllpListenerOptions options,
            Runnable onClose) {
        this.socket = socket;
        this.handler = handler;
        this.options = options;
        this.onClose = onClose;
        this.peer = socket.getRemoteSocketAddress().toString();
    }

    @Override
    public void run() {
        LOG.debug("Opened MLLP connection peer={}", peer);
        try (socket) {
            socket.setSoTimeout((int) options.frameTimeout().toMillis());
            socket.setTcpNoDelay(true);
            MllpFrameReader reader =
                    new MllpFrameReader(
                            new BufferedInputStream(socket.getInputStream()),
                            options.maxMessageBytes());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            serve(reader, out);
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.warn("MLLP connection failed peer={}", peer, e);
            }
        } finally {
            onClose.run();
            LOG.debug("Closed MLLP connection peer={}", peer);
        }
    }

    private void serve(MllpFrameReader reader, OutputStream out) throws IOException {
        while (!Thread.currentThread().isInterrupted()) {
            MllpFrameReader.Frame frame;
            try {
                frame = reader.next();
            } catch (SocketTimeoutException idle) {
                continue;
            }
            if (frame == null) {
                return;
            }

            byte[] reply =
                    frame.isValid()
                            ? handler.handle(frame.bytes(), peer)
                            : handler.rejectFrame(frame.bytes(), frame.problem(), peer);
            write(out, reply);
            if (reader.isTimedOut()) {
                return;
            }
        }
    }

    private static void write(OutputStream out, byte[] reply) throws IOException {
        out.write(MllpFrameReader.START_BLOCK);
        out.write(reply);
        out.write(MllpFrameReader.END_BLOCK);
        out.write(MllpFrameReader.CARRIAGE_RETURN);
        out.flush();
    }
}
