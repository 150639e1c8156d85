package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medstream.schemas.DeadLetterReason;

/**
 * Parses HL7 v2 DTM values ({@code YYYYMMDDHHMMSS[.S[S[S[S]]]][+/-ZZZZ]}) to UTC microseconds.
 *
 * <p>A waveform's start time needs at least second precision. A value without a UTC offset is
 * rejected unless the listener was given a default zone, because the host's zone would shift the
 * samples of one gateway differently on two hosts. Up to six fraction digits are accepted, although
 * HL7 defines four, because some gateways send microseconds.
 */
final class Hl7Timestamps {
    private static final Pattern DTM =
            Pattern.compile(
                    "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(?:\\.(\\d{1,6}))?([+-]\\d{4})?");

    private final Optional<ZoneId> defaultZone;

    Hl7Timestamps(Optional<ZoneId> defaultZone) {
        this.defaultZone = defaultZone;
    }

    /**
     * Returns the UTC time of {@code value} in microseconds since the epoch.
     *
     * @throws Hl7Rejection with reason INVALID_TIMESTAMP if the value is not a DTM with second
     *     precision, or has no UTC offset and no default zone is set
     */
    long toEpochMicros(String value, FieldLocation location) throws Hl7Rejection {
        Matcher matcher = DTM.matcher(value);
        if (!matcher.matches()) {
            throw invalid(
                    location,
                    "Invalid timestamp '"
                            + value
                            + "' in "
                            + location
                            + "; expected YYYYMMDDHHMMSS[.SSSS]+ZZZZ with at least seconds and a"
                            + " UTC offset");
        }

        LocalDateTime local;
        try {
            local =
                    LocalDateTime.of(
                                    Integer.parseInt(matcher.group(1)),
                                    Integer.parseInt(matcher.group(2)),
                                    Integer.parseInt(matcher.group(3)),
                                    Integer.parseInt(matcher.group(4)),
                                    Integer.parseInt(matcher.group(5)),
                                    Integer.parseInt(matcher.group(6)))
                            .plus(fractionMicros(matcher.group(7)), ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            throw invalid(
                    location,
                    "Invalid timestamp '" + value + "' in " + location + ": " + e.getMessage());
        }

        String offset = matcher.group(8);
        if (offset != null) {
            return toMicros(local, parseOffset(offset, value, location));
        }
        if (defaultZone.isPresent()) {
            ZoneOffset zoneOffset = defaultZone.get().getRules().getOffset(local);
            return toMicros(local, zoneOffset);
        }
        throw invalid(
                location,
                "Timestamp '"
                        + value
                        + "' in "
                        + location
                        + " has no UTC offset; add the offset of the sender's clock (for example "
                        + value
                        + "+0100) or start the listener with a default zone");
    }

    private static long fractionMicros(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String padded = (fraction + "000000").substring(0, 6);
        return Long.parseLong(padded);
    }

    private static ZoneOffset parseOffset(String offset, String value, FieldLocation location)
            throws Hl7Rejection {
        int sign = offset.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(offset.substring(1, 3));
        int minutes = Integer.parseInt(offset.substring(3, 5));
        try {
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            throw invalid(
                    location,
                    "Invalid UTC offset "
                            + offset
                            + " in timestamp '"
                            + value
                            + "' of "
                            + location
                            + ": "
                            + e.getMessage());
        }
    }

    private static long toMicros(LocalDateTime local, ZoneOffset offset) {
        var instant = local.toInstant(offset);
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000L);
    }

    private static Hl7Rejection invalid(FieldLocation location, String message) {
        return Hl7Rejection.error(
                DeadLetterReason.INVALID_TIMESTAMP, ErrorCode.DATA_TYPE_ERROR, location, message);
    }
}
