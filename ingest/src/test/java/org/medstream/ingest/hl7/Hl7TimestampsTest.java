package org.medstream.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.schemas.DeadLetterReason;

class Hl7TimestampsTest {
    private static final FieldLocation OBX_14 = FieldLocation.field("OBX", 1, 14);
    private final Hl7Timestamps strict = new Hl7Timestamps(Optional.empty());

    @ParameterizedTest
    @CsvSource({
        "20240312083000+0100, 2024-03-12T07:30:00Z",
        "20240312073000+0000, 2024-03-12T07:30:00Z",
        "20240312073000.5+0000, 2024-03-12T07:30:00.500Z",
        "20240312073000.1234+0000, 2024-03-12T07:30:00.123400Z",
        "20240312073000.123456+0000, 2024-03-12T07:30:00.123456Z",
        "20240312040000-0330, 2024-03-12T07:30:00Z"
    })
    void offsetTimestampsParsed(String value, String expected) throws Hl7Rejection {
        long micros = strict.toEpochMicros(value, OBX_14);

        assertThat(Instant.EPOCH.plus(micros, ChronoUnit.MICROS))
                .isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "20240312083000",
                "202403120830+0100",
                "20241312083000+0000",
                "20240312083000+2500",
                "2024-03-12T08:30:00Z",
                "20240312083000.1234567+0000"
            })
    void invalidTimestampsRejected(String value) {
        assertThatThrownBy(() -> strict.toEpochMicros(value, OBX_14))
                .isInstanceOf(Hl7Rejection.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("OBX[1]-14")
                .satisfies(
                        e ->
                                assertThat(((Hl7Rejection) e).reason())
                                        .isEqualTo(DeadLetterReason.INVALID_TIMESTAMP));
    }

    @ParameterizedTest
    @CsvSource({"20240312083000, 2024-03-12T07:30:00Z", "20240712083000, 2024-07-12T06:30:00Z"})
    void defaultZoneFollowsDaylightSaving(String value, String expected) throws Hl7Rejection {
        Hl7Timestamps berlin = new Hl7Timestamps(Optional.of(ZoneId.of("Europe/Berlin")));

        long micros = berlin.toEpochMicros(value, OBX_14);

        assertThat(Instant.EPOCH.plus(micros, ChronoUnit.MICROS))
                .isEqualTo(Instant.parse(expected));
    }
}
