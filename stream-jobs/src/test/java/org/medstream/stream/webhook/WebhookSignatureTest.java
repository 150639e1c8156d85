package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] BODY =
            "{\"alertId\":\"bed-1:ASYSTOLE:360\"}".getBytes(StandardCharsets.UTF_8);

    /** RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?". */
    @Test
    void matchesRfc4231Vector() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertThat(WebhookSignature.sign("Jefe", data))
                .isEqualTo(
                        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void verifiesOwnSignature() {
        String header = WebhookSignature.sign("s3cret", BODY);

        assertThat(WebhookSignature.verify("s3cret", BODY, header)).isTrue();
    }

    @Test
    void rejectsChangedBody() {
        String header = WebhookSignature.sign("s3cret", BODY);
        byte[] changed = BODY.clone();
        changed[changed.length - 3] = '1';

        assertThat(WebhookSignature.verify("s3cret", changed, header)).isFalse();
    }

    @Test
    void rejectsOtherSecret() {
        String header = WebhookSignature.sign("s3cret", BODY);

        assertThat(WebhookSignature.verify("other", BODY, header)).isFalse();
    }

    @Test
    void rejectsMissingOrBareHeader() {
        String hex = WebhookSignature.sign("s3cret", BODY).substring("sha256=".length());

        assertThat(WebhookSignature.verify("s3cret", BODY, null)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", BODY, hex)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", BODY, "sha256=")).isFalse();
    }
}
