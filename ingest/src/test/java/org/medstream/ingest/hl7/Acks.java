package org.medstream.ingest.hl7;

import java.nio.charset.StandardCharsets;

/** Reads the fields tests check from an encoded acknowledgement. */
record Acks(String code, String controlId, String errorCode, String errorLocation, String reason) {

    static Acks parse(byte[] reply) {
        return parse(new String(reply, StandardCharsets.UTF_8));
    }

    static Acks parse(String reply) {
        String code = "";
        String controlId = "";
        String errorCode = "";
        String errorLocation = "";
        String reason = "";
        for (String segment : reply.split("\r")) {
            String[] fields = segment.split("\\|", -1);
            if (fields[0].equals("MSA")) {
                code = field(fields, 1);
                controlId = field(fields, 2);
            } else if (fields[0].equals("ERR")) {
                errorLocation = field(fields, 2);
                errorCode = field(fields, 3).split("\\^", -1)[0];
                reason = unescape(field(fields, 8));
            }
        }
        return new Acks(code, controlId, errorCode, errorLocation, reason);
    }

    /** Replaces HL7 escape sequences for the delimiters by the delimiters. */
    private static String unescape(String text) {
        return text.replace("\\F\\", "|")
                .replace("\\S\\", "^")
                .replace("\\T\\", "&")
                .replace("\\R\\", "~")
                .replace("\\E\\", "\\");
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }
}
