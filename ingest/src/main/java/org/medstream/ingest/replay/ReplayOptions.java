package org.medstream.ingest.replay;

import java.util.Objects;
import org.medstream.schemas.topic.Topics;

/**
 * Settings of one replay, immutable. Every setting has a default and a help text that the {@code
 * medstream replay} command shows in {@code --help}.
 */
public final class ReplayOptions {
    public static final double DEFAULT_CHUNK_MILLIS = 250;
    public static final double DEFAULT_SPEED = 1.0;
    public static final String DEFAULT_TOPIC = Topics.SIGNALS_RAW.name();

    public static final String CHUNK_MILLIS_HELP =
            "Duration of one chunk of all channels, in milliseconds (default 250). Rounded to whole"
                    + " frames, and the smallest chunk is one frame.";
    public static final String CHUNK_FRAMES_HELP =
            "Frames per chunk (at least 1). Overrides the chunk duration when set.";
    public static final String SPEED_HELP =
            "Replay speed as a multiple of real time (default 1 = real time, 10 = ten times"
                    + " faster). 0 or less sends as fast as possible.";
    public static final String AS_FAST_AS_POSSIBLE_HELP =
            "Send without pacing, as fast as the broker accepts (same as a speed of 0).";
    public static final String MAX_SECONDS_HELP =
            "Replay only the first SECONDS of each recording (default: the whole recording).";
    public static final String STREAM_ID_HELP =
            "Stream id (Kafka key) of a recording, for example bed-1 (default: the record name)."
                    + " Give one per recording when several share a name.";
    public static final String TOPIC_HELP =
            "Kafka topic to publish to (default " + DEFAULT_TOPIC + ").";

    private final double chunkMillis;
    private final int chunkFrames;
    private final double speed;
    private final double maxSeconds;
    private final String topic;

    private ReplayOptions(Builder builder) {
        this.chunkMillis = builder.chunkMillis;
        this.chunkFrames = builder.chunkFrames;
        this.speed = builder.asFastAsPossible ? 0 : builder.speed;
        this.maxSeconds = builder.maxSeconds;
        this.topic = builder.topic;
    }

    /** Returns the defaults: 250 ms chunks, real time, whole recordings, the raw signals topic. */
    public static ReplayOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the frames per chunk at the given sampling frequency. */
    public int framesPerChunk(double samplingFrequencyHz) {
        if (chunkFrames > 0) {
            return chunkFrames;
        }
        return Chunker.framesPerChunk(samplingFrequencyHz, chunkMillis);
    }

    /**
     * Returns the frames to send at the given sampling frequency, {@code Long.MAX_VALUE} for all.
     */
    public long frameLimit(double samplingFrequencyHz) {
        if (Double.isInfinite(maxSeconds)) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(maxSeconds * samplingFrequencyHz);
    }

    public double chunkMillis() {
        return chunkMillis;
    }

    /** Returns the multiple of real time, 0 for no pacing. */
    public double speed() {
        return speed;
    }

    public boolean isPaced() {
        return speed > 0;
    }

    /** Returns the seconds of each recording to replay, infinite for the whole recording. */
    public double maxSeconds() {
        return maxSeconds;
    }

    public String topic() {
        return topic;
    }

    @Override
    public String toString() {
        return "ReplayOptions[chunkMillis="
                + chunkMillis
                + ", chunkFrames="
                + chunkFrames
                + ", speed="
                + (isPaced() ? speed : "unpaced")
                + ", maxSeconds="
                + maxSeconds
                + ", topic="
                + topic
                + "]";
    }

    /** Collects settings. Unset ones keep their defaults. */
    public static final class Builder {
        private double chunkMillis = DEFAULT_CHUNK_MILLIS;
        private int chunkFrames;
        private double speed = DEFAULT_SPEED;
        private boolean asFastAsPossible;
        private double maxSeconds = Double.POSITIVE_INFINITY;
        private String topic = DEFAULT_TOPIC;

        private Builder() {}

        /** See {@link #CHUNK_MILLIS_HELP}. */
        public Builder optChunkMillis(double chunkMillis) {
            if (!(chunkMillis > 0) || Double.isInfinite(chunkMillis)) {
                throw new IllegalArgumentException(
                        "Invalid chunk duration " + chunkMillis + " ms; it must be positive");
            }
            this.chunkMillis = chunkMillis;
            return this;
        }

        /** See {@link #CHUNK_FRAMES_HELP}. */
        public Builder optChunkFrames(int chunkFrames) {
            if (chunkFrames < 1) {
                throw new IllegalArgumentException(
                        "Invalid chunk size " + chunkFrames + " frames; it must be at least 1");
            }
            this.chunkFrames = chunkFrames;
            return this;
        }

        /** See {@link #SPEED_HELP}. */
        public Builder optSpeed(double speed) {
            if (Double.isNaN(speed)) {
                throw new IllegalArgumentException(
                        "Invalid speed NaN; give a number such as 1 or 10");
            }
            this.speed = Double.isInfinite(speed) || speed < 0 ? 0 : speed;
            return this;
        }

        /** See {@link #AS_FAST_AS_POSSIBLE_HELP}. */
        public Builder optAsFastAsPossible(boolean asFastAsPossible) {
            this.asFastAsPossible = asFastAsPossible;
            return this;
        }

        /** See {@link #MAX_SECONDS_HELP}. */
        public Builder optMaxSeconds(double maxSeconds) {
            if (!(maxSeconds > 0)) {
                throw new IllegalArgumentException(
                        "Invalid replay duration " + maxSeconds + " s; it must be positive");
            }
            this.maxSeconds = maxSeconds;
            return this;
        }

        /** See {@link #TOPIC_HELP}. */
        public Builder optTopic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        public ReplayOptions build() {
            return new ReplayOptions(this);
        }
    }
}
