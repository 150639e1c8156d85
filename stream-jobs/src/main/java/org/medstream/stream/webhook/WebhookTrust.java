package org.medstream.stream.webhook;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A trust store for https webhook URLs, used in place of the JVM's default trust store, for
 * receivers whose certificate a hospital's own certificate authority issued.
 *
 * @param trustStore PKCS12 or JKS file with the trusted certificates
 * @param password the file's password, or an empty string when it has none
 */
public record WebhookTrust(String trustStore, String password) implements Serializable {

    public WebhookTrust {
        if (trustStore == null || trustStore.isBlank()) {
            throw new IllegalArgumentException("The webhook trust store path is empty");
        }
        if (password == null) {
            password = "";
        }
    }

    /**
     * Returns a TLS context that trusts the certificates in the trust store and checks host names
     * as usual.
     *
     * @throws IllegalArgumentException when the file cannot be read, its password is wrong, or it
     *     contains no certificate
     */
    public SSLContext sslContext() {
        Path file = Path.of(trustStore);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "Failed to read the webhook trust store "
                            + trustStore
                            + ": file not found; give a PKCS12 or JKS file and its password");
        }
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.toCharArray());
            if (store.size() == 0) {
                throw new IllegalArgumentException(
                        "Webhook trust store "
                                + trustStore
                                + " contains no certificate; import the receiver's certificate or its issuer");
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Failed to read the webhook trust store "
                            + trustStore
                            + ": "
                            + e.getMessage()
                            + "; give a PKCS12 or JKS file and its password",
                    e);
        }
    }

    /** Describes the trust store without its password. */
    @Override
    public String toString() {
        return "WebhookTrust[trustStore=" + trustStore + "]";
    }
}
