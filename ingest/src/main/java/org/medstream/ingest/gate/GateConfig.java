package org.medstream.ingest.gate;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.medstream.ingest.validate.FrequencyRange;
import org.medstream.schemas.topic.Topics;

/**
 * Settings of the ingest gate.
 *
 * @param rawTopic topic the gate reads chunks from
 * @param cleanTopic topic of chunks that passed, with gaps, quality and patient context filled in
 * @param deadLetterTopic topic of rejected inputs with their reason
 * @param patientsTopic compacted topic of patient context per stream id
 * @param frequencies sampling frequencies accepted as a waveform
 * @param reorderWindow signal time a gap in a stream waits for its missing chunks: chunks that
 *     arrive ahead of a gap are held until the gap fills or the held chunks span this much
 * @param holdLimit wall-clock time a chunk is held at most, so a stream that stops after a gap
 *     still delivers what it sent
 * @param maxGap longest gap a stream may jump ahead. A chunk further ahead is rejected, because one
 *     chunk with a wrong index would otherwise make every later chunk of its stream late
 * @param stateRetention how long a silent stream's sequence state is kept
 * @param flatLine shortest run of constant samples flagged as a flat line (lead off)
 * @param noisyBelow signal-quality index under which a channel is flagged as noisy
 */
public record GateConfig(
        String rawTopic,
        String cleanTopic,
        String deadLetterTopic,
        String patientsTopic,
        FrequencyRange frequencies,
        Duration reorderWindow,
        Duration holdLimit,
        Duration maxGap,
        Duration stateRetention,
        Duration flatLine,
        double noisyBelow) {
    public GateConfig {
        Objects.requireNonNull(rawTopic, "rawTopic");
        Objects.requireNonNull(cleanTopic, "cleanTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(patientsTopic, "patientsTopic");
        Objects.requireNonNull(frequencies, "frequencies");
        requirePositive("reorderWindow", reorderWindow);
        requirePositive("holdLimit", holdLimit);
        requirePositive("maxGap", maxGap);
        requirePositive("stateRetention", stateRetention);
        requirePositive("flatLine", flatLine);
        if (!(noisyBelow >= 0 && noisyBelow <= 1)) {
            throw new IllegalArgumentException(
                    "noisyBelow must be between 0 and 1, got " + noisyBelow);
        }
    }

    /**
     * Returns the defaults: the medstream topics, a 1 s reorder window, held chunks released after
     * 2 s, a flat line from 1 s.
     */
    public static GateConfig defaults() {
        return new GateConfig(
                Topics.SIGNALS_RAW.name(),
                Topics.SIGNALS_CLEAN.name(),
                Topics.SIGNALS_DEAD_LETTER.name(),
                Topics.PATIENTS.name(),
                FrequencyRange.WAVEFORM,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofHours(24),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                PowerSpectrumSqi.NOISY_BELOW);
    }

    /**
     * Reads {@code gate.*} keys over the defaults: {@code gate.reorder-window-ms}, {@code
     * gate.hold-limit-ms}, {@code gate.max-gap-ms}, {@code gate.state-retention-ms}, {@code
     * gate.flat-line-ms}, {@code gate.noisy-below}, {@code gate.min-sampling-frequency-hz} and
     * {@code gate.max-sampling-frequency-hz}.
     *
     * @throws IllegalArgumentException naming the key and value that is not a number
     */
    public static GateConfig fromProperties(Properties properties) {
        GateConfig d = defaults();
        return new GateConfig(
                d.rawTopic,
                d.cleanTopic,
                d.deadLetterTopic,
                d.patientsTopic,
                new FrequencyRange(
                        number(properties, "gate.min-sampling-frequency-hz", d.frequencies.minHz()),
                        number(
                                properties,
                                "gate.max-sampling-frequency-hz",
                                d.frequencies.maxHz())),
                millis(properties, "gate.reorder-window-ms", d.reorderWindow),
                millis(properties, "gate.hold-limit-ms", d.holdLimit),
                millis(properties, "gate.max-gap-ms", d.maxGap),
                millis(properties, "gate.state-retention-ms", d.stateRetention),
                millis(properties, "gate.flat-line-ms", d.flatLine),
                number(properties, "gate.noisy-below", d.noisyBelow));
    }

    private static Duration millis(Properties properties, String key, Duration fallback) {
        return Duration.ofMillis((long) number(properties, key, fallback.toMillis()));
    }

    private static double number(Properties properties, String key, double fallback) {
        String text = properties.getProperty(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Gate setting " + key + " is '" + text + "', expected a number", e);
        }
    }

    private static void requirePositive(String name, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
