package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery to an https receiver on 127.0.0.1 whose self-signed certificate, made by the JDK's
 * keytool for this test, is in a configured trust store and not in the JVM's default one.
 */
class WebhookTlsTest {
    private static final String PASSWORD = "changeit";
    private static final Instant RAISED = Instant.parse("2023-11-14T22:13:30Z");

    @TempDir static Path folder;

    private static HttpsServer server;
    private static URI url;
    private static Path trustStore;

    @BeforeAll
    static void startReceiver() throws Exception {
        Path serverStore = folder.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "hook",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                serverStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        Path certificate = folder.resolve("hook.pem");
        keytool(
                "-exportcert",
                "-alias",
                "hook",
                "-rfc",
                "-file",
                certificate.toString(),
                "-keystore",
                serverStore.toString(),
                "-storepass",
                PASSWORD);
        trustStore = folder.resolve("trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "hook",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);

        KeyStore keys = KeyStore.getInstance(serverStore.toFile(), PASSWORD.toCharArray());
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext(
                "/alerts",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        server.start();
        url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    @AfterAll
    static void stopReceiver() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", arguments[0], output).isZero();
    }

    private static WebhookSettings settings(WebhookTrust trust) {
        return new WebhookSettings(
                Duration.ofSeconds(5),
                2,
                Duration.ofMillis(10),
                Duration.ZERO,
                null,
                trust,
                WebhookFormat.JSON);
    }

    @Test
    void configuredTrustStoreDelivers() throws Exception {
        WebhookClient client =
                new WebhookClient(url, settings(new WebhookTrust(trustStore.toString(), PASSWORD)));

        WebhookClient.Delivery delivery = client.post("a1", "key-1", "{}", RAISED);

        assertThat(delivery.delivered()).isTrue();
        assertThat(delivery.httpStatus()).isEqualTo(204);
    }

    @Test
    void defaultTrustStoreRejectsSelfSigned() throws Exception {
        WebhookClient client = new WebhookClient(url, settings(null));

        WebhookClient.Delivery delivery = client.post("a1", "key-1", "{}", RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.error()).contains("SSLHandshakeException");
    }

    @Test
    void wrongPasswordNamed() {
        WebhookTrust trust = new WebhookTrust(trustStore.toString(), "wrong");

        assertThatThrownBy(trust::sslContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Failed to read the webhook trust store " + trustStore);
    }

    @Test
    void missingFileNamed() {
        Path missing = folder.resolve("missing.p12");
        WebhookTrust trust = new WebhookTrust(missing.toString(), PASSWORD);

        assertThatThrownBy(trust::sslContext)
                .hasMessage(
                        "Failed to read the webhook trust store "
                                + missing
                                + ": file not found; give a PKCS12 or JKS file and its password");
    }

    @Test
    void passwordHiddenFromToString() {
        assertThat(new WebhookTrust("/etc/trust.p12", "s3cret").toString())
                .doesNotContain("s3cret");
    }
}
