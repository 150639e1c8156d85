package org.medstream.ingest.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A sender that writes MLLP frames (or any bytes) and reads the framed acknowledgements. */
final class MllpTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpTestClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends one message in a well-formed frame and returns the acknowledgement. */
    Acks send(String message) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x0B);
        frame.write(message.getBytes(StandardCharsets.UTF_8));
        frame.write(0x1C);
        frame.write(0x0D);
        sendRaw(frame.toByteArray());
        return readAck();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one framed acknowledgement. */
    Acks readAck() throws IOException {
        int b = in.read();
        if (b != 0x0B) {
            throw new IOException("Expected start block 0x0B, got " + b);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                throw new IOException("End of stream inside an acknowledgement");
            }
            payload.write(b);
        }
        if (in.read() != 0x0D) {
            throw new IOException("End block not followed by carriage return");
        }
        return Acks.parse(payload.toString(StandardCharsets.UTF_8));
    }

    /** Closes the sending side, so the listener reads end of stream. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
