package org.medstream.ingest.edf;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One EDF+ time-stamped annotation list (TAL): {@code +onset[\x15duration]\x14text\x14...\x14\0}.
 * The first TAL of a data record's first annotation signal is the record's time-keeping TAL, whose
 * first text is empty and whose onset is the record's start.
 *
 * @param onsetSeconds seconds after the header's start date and time, may be negative
 * @param durationSeconds duration in seconds, empty when the TAL gives none
 * @param texts annotation texts in UTF-8 as stored, the empty time-keeping text included
 */
record Tal(BigDecimal onsetSeconds, Optional<BigDecimal> durationSeconds, List<String> texts) {
    static final byte ONSET_DURATION_SEPARATOR = 0x15;
    static final byte TEXT_SEPARATOR = 0x14;

    private static final Pattern ONSET = Pattern.compile("[+-]\\d+(\\.\\d*)?");
    private static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d*)?");

    Tal {
        texts = List.copyOf(texts);
    }

    /**
     * Parses the TALs in {@code length} bytes at {@code offset}; NUL bytes after the last TAL are
     * padding.
     *
     * @throws IllegalArgumentException naming the malformed TAL, which the caller reports with its
     *     file and data record
     */
    static List<Tal> parseAll(byte[] bytes, int offset, int length) {
        List<Tal> tals = new ArrayList<>();
        int end = offset + length;
        int position = offset;
        while (position < end && bytes[position] != 0) {
            int terminator = position;
            while (terminator < end && bytes[terminator] != 0) {
                terminator++;
            }
            tals.add(parse(Arrays.copyOfRange(bytes, position, terminator)));
            position = terminator + 1;
        }
        return tals;
    }

    /** Parses one TAL without its terminating NUL. */
    static Tal parse(byte[] tal) {
        String content = new String(tal, StandardCharsets.UTF_8);
        int firstText = content.indexOf(TEXT_SEPARATOR);
        if (firstText < 0) {
            throw new IllegalArgumentException(
                    "TAL '" + printable(content) + "' has no 0x14 byte after its onset");
        }
        String time = content.substring(0, firstText);
        String onsetText = time;
        Optional<BigDecimal> duration = Optional.empty();
        int separator = time.indexOf(ONSET_DURATION_SEPARATOR);
        if (separator >= 0) {
            onsetText = time.substring(0, separator);
            String durationText = time.substring(separator + 1);
            if (!DURATION.matcher(durationText).matches()) {
                throw new IllegalArgumentException(
                        "TAL '"
                                + printable(content)
                                + "' has duration '"
                                + printable(durationText)
                                + "', expected seconds such as 30 or 0.5");
            }
            duration = Optional.of(new BigDecimal(durationText));
        }
        if (!ONSET.matcher(onsetText).matches()) {
            throw new IllegalArgumentException(
                    "TAL '"
                            + printable(content)
                            + "' has onset '"
                            + printable(onsetText)
                            + "', expected a sign and seconds such as +12.5");
        }

        List<String> texts = new ArrayList<>();
        int start = firstText + 1;
        while (start < content.length()) {
            int next = content.indexOf(TEXT_SEPARATOR, start);
            if (next < 0) {
                // A TAL should end with 0x14 before its NUL; keep the unterminated last text.
                next = content.length();
            }
            texts.add(content.substring(start, next));
            start = next + 1;
        }
        return new Tal(new BigDecimal(onsetText.replace("+", "")), duration, texts);
    }

    /** Encodes this TAL with its terminating NUL. */
    byte[] encode() {
        StringBuilder tal = new StringBuilder();
        tal.append(onsetSeconds.signum() < 0 ? "" : "+").append(onsetSeconds.toPlainString());
        durationSeconds.ifPresent(
                duration ->
                        tal.append((char) ONSET_DURATION_SEPARATOR)
                                .append(duration.toPlainString()));
        tal.append((char) TEXT_SEPARATOR);
        for (String text : texts) {
            tal.append(text).append((char) TEXT_SEPARATOR);
        }
        tal.append('\0');
        return tal.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text with control characters shown as {@code \xNN}, for error messages. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20) {
                shown.append(String.format("\\x%02X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
