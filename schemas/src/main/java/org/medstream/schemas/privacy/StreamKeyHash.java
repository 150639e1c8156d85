package org.medstream.schemas.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short, stable hash of a stream id for log lines at INFO and above, because stream ids may name a
 * bed or patient. The same id always gives the same 12 hex digits, so log lines of one stream can
 * still be correlated.
 */
public final class StreamKeyHash {
    private StreamKeyHash() {}

    public static String of(String streamId) {
        if (streamId == null) {
            return "null";
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(streamId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
