package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import ca.uhn.hl7v2.model.v26.segment.PID;
import ca.uhn.hl7v2.model.v26.segment.PV1;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.PipeParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.schemas.DeadLetterReason;

/**
 * Builds stream ids as {@code <sender>/<bed>/<rate>Hz}:
 *
 * <ul>
 *   <li>sender: MSH-4.1 (sending facility), else MSH-3.1 (sending application),
 *   <li>bed: the point of care, room and bed of PV1-3 joined by {@code -}, else PID-3.1 (patient
 *       identifier) when the message has no PV1-3,
 *   <li>rate: the channel's sampling frequency, because one chunk has one sampling frequency, so a
 *       monitor that sends ECG at 500 Hz and pleth at 125 Hz produces two streams.
 * </ul>
 */
final class StreamIds {
    private StreamIds() {}

    /** Returns the sender part: MSH-4.1, else MSH-3.1. */
    static String sender(MSH msh) throws Hl7Rejection {
        String facility = text(msh.getSendingFacility().getNamespaceID().getValue());
        if (!facility.isEmpty()) {
            return facility;
        }
        String application = text(msh.getSendingApplication().getNamespaceID().getValue());
        if (!application.isEmpty()) {
            return application;
        }
        throw Hl7Rejection.error(
                DeadLetterReason.MISSING_FIELD,
                ErrorCode.REQUIRED_FIELD_MISSING,
                FieldLocation.field("MSH", 1, 4),
                "Missing MSH-4 (sending facility) and MSH-3 (sending application); the stream id"
                        + " needs one of them");
    }

    /**
     * Returns the bed part: PV1-3 components 1 to 3, else PID-3.1.
     *
     * @param patientRepetition 1-based PATIENT_RESULT group, for error messages
     */
    static String bed(PV1 pv1, PID pid, EncodingCharacters encoding, int patientRepetition)
            throws Hl7Rejection, HL7Exception {
        String location = PipeParser.encode(pv1.getAssignedPatientLocation(), encoding);
        List<String> parts = new ArrayList<>();
        String[] components = location.split(quote(encoding.getComponentSeparator()), -1);
        for (int i = 0; i < Math.min(3, components.length); i++) {
            String part = components[i].split(quote(encoding.getSubcomponentSeparator()), -1)[0];
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        if (!parts.isEmpty()) {
            return String.join("-", parts);
        }

        String patientId =
                pid.getPatientIdentifierListReps() == 0
                        ? ""
                        : text(pid.getPatientIdentifierList(0).getIDNumber().getValue());
        if (!patientId.isEmpty()) {
            return patientId;
        }
        throw Hl7Rejection.error(
                DeadLetterReason.MISSING_FIELD,
                ErrorCode.REQUIRED_FIELD_MISSING,
                FieldLocation.field("PV1", patientRepetition, 3),
                "Missing PV1-3 (bed location) and PID-3 (patient identifier) in patient group "
                        + patientRepetition
                        + "; the stream id needs one of them");
    }

    /** Formats a rate without a trailing {@code .0}: 500Hz, 62.5Hz. */
    static String rateLabel(double samplingFrequencyHz) {
        if (samplingFrequencyHz == Math.rint(samplingFrequencyHz)) {
            return String.format(Locale.ROOT, "%dHz", (long) samplingFrequencyHz);
        }
        return String.format(Locale.ROOT, "%sHz", samplingFrequencyHz);
    }

    private static String quote(char separator) {
        return java.util.regex.Pattern.quote(String.valueOf(separator));
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
