package org.medstream.ingest.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Reads MLLP frames (start block 0x0B, payload, end block 0x1C, carriage return 0x0D) from a stream
 * and reports every byte run that breaks the framing, so the connection survives a bad frame and
 * continues with the next start block.
 *
 * <p>Framing errors: bytes other than CR or LF outside a frame, a start block inside a frame (the
 * frame before it was cut off), an end block not followed by CR, a payload larger than the limit,
 * and end of stream inside a frame.
 */
final class MllpFrameReader {
    static final int START_BLOCK = 0x0B;
    static final int END_BLOCK = 0x1C;
    static final int CARRIAGE_RETURN = 0x0D;
    private static final int LINE_FEED = 0x0A;

    private final InputStream in;
    private final int maxPayloadBytes;
    private int pushedBack = -1;
    private boolean timedOut;
    private boolean inFrame;

    /** One frame's payload, or a byte run that broke the framing with a description. */
    record Frame(byte[] bytes, String problem) {
        boolean isValid() {
            return problem == null;
        }
    }

    MllpFrameReader(InputStream in, int maxPayloadBytes) {
        this.in = in;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Returns the next frame or framing error, or null at the end of the stream between frames.
     * When the socket's read timeout passes inside a frame, it returns the bytes read so far as a
     * framing error and {@link #isTimedOut()} turns true, because the rest of that frame may still
     * arrive and cannot be distinguished from the next one.
     *
     * @throws SocketTimeoutException when the read timeout passes between frames; the caller may
     *     call again
     */
    Frame next() throws IOException {
        ByteArrayOutputStream outside = new ByteArrayOutputStream();
        inFrame = false;
        try {
            return next(outside);
        } catch (SocketTimeoutException e) {
            if (outside.size() == 0 && !inFrame) {
                throw e;
            }
            timedOut = true;
            return new Frame(
                    outside.toByteArray(),
                    "timed out inside a frame after " + outside.size() + " bytes");
        }
    }

    /** Returns whether a read timed out inside a frame, after which the stream is out of step. */
    boolean isTimedOut() {
        return timedOut;
    }

    private Frame next(ByteArrayOutputStream outside) throws IOException {
        int b;
        while ((b = read()) != START_BLOCK) {
            if (b < 0) {
                return outside.size() == 0
                        ? null
                        : new Frame(
                                outside.toByteArray(),
                                outside.size()
                                        + " bytes outside an MLLP frame before end of stream");
            }
            if (b != CARRIAGE_RETURN && b != LINE_FEED) {
                outside.write(b);
            } else if (outside.size() > 0) {
                outside.write(b);
            }
            if (outside.size() > 0 && outside.size() >= maxPayloadBytes) {
                return new Frame(
                        outside.toByteArray(),
                        outside.size() + " bytes outside an MLLP frame (no start block 0x0B)");
            }
        }
        if (outside.size() > 0) {
            pushedBack = START_BLOCK;
            return new Frame(
                    outside.toByteArray(),
                    outside.size() + " bytes outside an MLLP frame (no start block 0x0B)");
        }
        inFrame = true;
        return readPayload(outside);
    }

    /** Reads a payload into {@code payload}, which the caller sees after a read timeout. */
    private Frame readPayload(ByteArrayOutputStream payload) throws IOException {
        while (true) {
            int b = read();
            if (b < 0) {
                return new Frame(
                        payload.toByteArray(),
                        "end of stream inside a frame after " + payload.size() + " bytes");
            }
            if (b == START_BLOCK) {
                pushedBack = START_BLOCK;
                return new Frame(
                        payload.toByteArray(),
                        "start block 0x0B inside a frame after "
                                + payload.size()
                                + " bytes (missing end block 0x1C)");
            }
            if (b == END_BLOCK) {
                int after = read();
                if (after == CARRIAGE_RETURN) {
                    return new Frame(payload.toByteArray(), null);
                }
                if (after == START_BLOCK) {
                    pushedBack = START_BLOCK;
                }
                return new Frame(
                        payload.toByteArray(),
                        "end block 0x1C not followed by carriage return 0x0D");
            }
            if (payload.size() >= maxPayloadBytes) {
                byte[] head = payload.toByteArray();
                skipToEndBlock();
                return new Frame(
                        head, "frame larger than the maximum of " + maxPayloadBytes + " bytes");
            }
            payload.write(b);
        }
    }

    private void skipToEndBlock() throws IOException {
        int b;
        while ((b = read()) >= 0) {
            if (b == END_BLOCK) {
                int after = read();
                if (after != CARRIAGE_RETURN && after >= 0) {
                    pushedBack = after;
                }
                return;
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack >= 0) {
            int b = pushedBack;
            pushedBack = -1;
            return b;
        }
        return in.read();
    }
}
