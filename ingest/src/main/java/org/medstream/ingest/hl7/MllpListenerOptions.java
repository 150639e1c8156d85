package org.medstream.ingest.hl7;

import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.medstream.ingest.validate.FrequencyRange;

/** Settings of an {@link MllpListener}; build with {@link #builder()}. */
public final class MllpListenerOptions {
    /** Default bind address: loopback. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** Port registered with IANA for HL7 over MLLP. */
    public static final int DEFAULT_PORT = 2575;

    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    /** The ingest gate's limits, so a message the listener accepts is not rejected downstream. */
    public static final double DEFAULT_MIN_SAMPLING_FREQUENCY_HZ = FrequencyRange.WAVEFORM.minHz();

    public static final double DEFAULT_MAX_SAMPLING_FREQUENCY_HZ = FrequencyRange.WAVEFORM.maxHz();

    private final InetAddress bindAddress;
    private final int port;
    private final int maxConnections;
    private final int maxMessageBytes;
    private final Duration frameTimeout;
    private final Duration deliveryTimeout;
    private final Optional<ZoneId> defaultZone;
    private final double minSamplingFrequencyHz;
    private final double maxSamplingFrequencyHz;

    private MllpListenerOptions(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.port = builder.port;
        this.maxConnections = builder.maxConnections;
        this.maxMessageBytes = builder.maxMessageBytes;
        this.frameTimeout = builder.frameTimeout;
        this.deliveryTimeout = builder.deliveryTimeout;
        this.defaultZone = builder.defaultZone;
        this.minSamplingFrequencyHz = builder.minSamplingFrequencyHz;
        this.maxSamplingFrequencyHz = builder.maxSamplingFrequencyHz;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Local address of the server socket, never a wildcard address. */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    /** TCP port, 0 for an ephemeral one. */
    public int port() {
        return port;
    }

    /** Connections served at once; a connection beyond it is closed right after accept. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Largest accepted MLLP frame payload in bytes. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Maximum wait for the next byte once a frame has started. */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /** Maximum wait for the sink to confirm a message's chunks before the message is rejected. */
    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    /** Zone of timestamps sent without UTC offset; empty to reject such timestamps. */
    public Optional<ZoneId> defaultZone() {
        return defaultZone;
    }

    public double minSamplingFrequencyHz() {
        return minSamplingFrequencyHz;
    }

    public double maxSamplingFrequencyHz() {
        return maxSamplingFrequencyHz;
    }

    /** Builder with {@code set*} for required and {@code opt*} for optional settings. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private Duration frameTimeout = DEFAULT_FRAME_TIMEOUT;
        private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        private Optional<ZoneId> defaultZone = Optional.empty();
        private double minSamplingFrequencyHz = DEFAULT_MIN_SAMPLING_FREQUENCY_HZ;
        private double maxSamplingFrequencyHz = DEFAULT_MAX_SAMPLING_FREQUENCY_HZ;

        private Builder() {}

        /**
         * Sets the bind address (default: loopback).
         *
         * @throws IllegalArgumentException for a wildcard address such as 0.0.0.0, because the
         *     listener has no authentication and must not listen on every interface by accident
         */
        public Builder optBindAddress(InetAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isAnyLocalAddress()) {
                throw new IllegalArgumentException(
                        "Invalid bind address "
                                + address.getHostAddress()
                                + ": the MLLP listener has no authentication, so it binds to one"
                                + " interface only; give that interface's address, for example "
                                + DEFAULT_BIND_ADDRESS);
            }
            this.bindAddress = address;
            return this;
        }

        /** Sets the port (default 0: an ephemeral port). */
        public Builder optPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "Invalid port " + port + "; it must be from 0 (ephemeral) to 65535");
            }
            this.port = port;
            return this;
        }

        public Builder optMaxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException(
                        "Invalid maximum connections "
                                + maxConnections
                                + "; it must be at least 1");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder optMaxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 64) {
                throw new IllegalArgumentException(
                        "Invalid maximum message size "
                                + maxMessageBytes
                                + " bytes; it must be at least 64");
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public Builder optFrameTimeout(Duration frameTimeout) {
            this.frameTimeout = positive(frameTimeout, "frame timeout");
            return this;
        }

        public Builder optDeliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = positive(deliveryTimeout, "delivery timeout");
            return this;
        }

        /** Sets the zone of timestamps without UTC offset (default: reject them). */
        public Builder optDefaultZone(ZoneId zone) {
            this.defaultZone = Optional.of(Objects.requireNonNull(zone, "zone"));
            return this;
        }

        /** Sets the plausible sampling frequency range in Hz (default 10 to 100000). */
        public Builder optSamplingFrequencyRangeHz(double minHz, double maxHz) {
            if (!(minHz > 0) || !(maxHz >= minHz) || Double.isInfinite(maxHz)) {
                throw new IllegalArgumentException(
                        "Invalid sampling frequency range "
                                + minHz
                                + " to "
                                + maxHz
                                + " Hz; it needs 0 < min <= max < infinity");
            }
            this.minSamplingFrequencyHz = minHz;
            this.maxSamplingFrequencyHz = maxHz;
            return this;
        }

        public MllpListenerOptions build() {
            return new MllpListenerOptions(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        "Invalid " + name + " " + duration + "; it must be positive");
            }
            return duration;
        }
    }
}
