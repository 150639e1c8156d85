package org.medstream.ingest.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds ORU^R01 waveform messages the way IHE PCD-01 gateways send them: MSH, PID, PV1, one OBR
 * with the observation period, and per channel an NA OBX followed by its MDC_ATTR_SAMP_RATE OBX.
 */
final class OruMessageBuilder {
    private String controlId = "MSG0001";
    private String facility = "ICU-GW1";
    private String bed = "CU1^^BED12";
    private String patientId = "PAT-100";
    private String obrStart = "";
    private String obrEnd = "";
    private final List<String> observations = new ArrayList<>();
    private int setId;

    OruMessageBuilder controlId(String controlId) {
        this.controlId = controlId;
        return this;
    }

    OruMessageBuilder facility(String facility) {
        this.facility = facility;
        return this;
    }

    OruMessageBuilder bed(String bed) {
        this.bed = bed;
        return this;
    }

    OruMessageBuilder patientId(String patientId) {
        this.patientId = patientId;
        return this;
    }

    /** Sets OBR-7 and OBR-8 as HL7 DTM strings, or empty. */
    OruMessageBuilder period(String start, String end) {
        this.obrStart = start;
        this.obrEnd = end;
        return this;
    }

    /** Adds an NA waveform OBX with OBX-14 and a rate OBX at its sub-id plus {@code .1}. */
    OruMessageBuilder waveform(
            String identifier, String unit, double rateHz, String time, float[] samples) {
        String subId = "1.1.1." + (setId + 1);
        raw("NA", identifier, subId, join(samples), unit, time);
        raw("NM", "67981^MDC_ATTR_SAMP_RATE^MDC", subId + ".1", format(rateHz), "Hz^^UCUM", "");
        return this;
    }

    /** Adds one OBX with the given fields (OBX-2, 3, 4, 5, 6, 14). */
    OruMessageBuilder raw(
            String valueType,
            String identifier,
            String subId,
            String value,
            String unit,
            String time) {
        setId++;
        observations.add(
                "OBX|"
                        + setId
                        + "|"
                        + valueType
                        + "|"
                        + identifier
                        + "|"
                        + subId
                        + "|"
                        + value
                        + "|"
                        + unit
                        + "|||||F|||"
                        + time);
        return this;
    }

    /** Adds a segment line as given, for malformed messages. */
    OruMessageBuilder segment(String line) {
        observations.add(line);
        return this;
    }

    String build() {
        StringBuilder message = new StringBuilder();
        message.append("MSH|^~\\&|MONITOR-GW|")
                .append(facility)
                .append("|MEDSTREAM|HOSPITAL|20240312083000+0100||ORU^R01^ORU_R01|")
                .append(controlId)
                .append("|P|2.6|||AL|NE||UNICODE UTF-8\r");
        message.append("PID|||").append(patientId).append("^^^HOSP^MR||Doe^Jane\r");
        message.append("PV1||I|").append(bed).append("\r");
        message.append("OBR|1|||182777000^monitoring of patient^SCT|||")
                .append(obrStart)
                .append("|")
                .append(obrEnd)
                .append("\r");
        for (String observation : observations) {
            message.append(observation).append("\r");
        }
        return message.toString();
    }

    static String join(float[] samples) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < samples.length; i++) {
            if (i > 0) {
                joined.append('^');
            }
            joined.append(new java.math.BigDecimal(Float.toString(samples[i])).toPlainString());
        }
        return joined.toString();
    }

    /** Formats without exponent, as the HL7 NM type requires. */
    static String format(double value) {
        return new java.math.BigDecimal(Double.toString(value))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Formats a UTC instant given in microseconds as an HL7 DTM with four fraction digits. */
    static String dtm(long epochMicros, String offset) {
        java.time.ZoneOffset zone = java.time.ZoneOffset.of(offset.equals("") ? "Z" : offset);
        java.time.LocalDateTime local =
                java.time.LocalDateTime.ofEpochSecond(
                        Math.floorDiv(epochMicros, 1_000_000L),
                        (int) Math.floorMod(epochMicros, 1_000_000L) * 1000,
                        zone);
        String text =
                String.format(
                        Locale.ROOT,
                        "%04d%02d%02d%02d%02d%02d.%04d",
                        local.getYear(),
                        local.getMonthValue(),
                        local.getDayOfMonth(),
                        local.getHour(),
                        local.getMinute(),
                        local.getSecond(),
                        local.getNano() / 100_000);
        return text + offset.replace(":", "");
    }
}
