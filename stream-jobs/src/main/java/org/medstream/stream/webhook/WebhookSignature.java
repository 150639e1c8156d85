package org.medstream.stream.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signature of a webhook body, sent in the {@value #HEADER} header as {@code sha256=<64
 * lowercase hex digits>}. The key is the UTF-8 bytes of the shared secret and the message is the
 * exact body bytes, so a receiver must verify before it parses or re-encodes the body.
 */
public final class WebhookSignature {
    /** Header that carries the signature. */
    public static final String HEADER = "X-Medstream-Signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /** Returns the header value for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, body));
    }

    /**
     * Returns true when {@code header} is the signature of {@code body} with {@code secret}. The
     * comparison takes the same time wherever the first difference is, so timing does not reveal
     * how much of a forged signature was right.
     */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE platform must provide HmacSHA256, and any non-empty key is valid.
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
