package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import java.util.Objects;
import org.medstream.schemas.DeadLetterReason;

/**
 * A reason to reject one HL7 message: the dead-letter reason code, the acknowledgement code and HL7
 * error code (table 0357) of the negative acknowledgement, the location, and a message that names
 * the segment, field and value.
 */
public final class Hl7Rejection extends Exception {
    private final DeadLetterReason reason;
    private final AcknowledgmentCode acknowledgmentCode;
    private final ErrorCode errorCode;
    private final FieldLocation location;

    private Hl7Rejection(
            DeadLetterReason reason,
            AcknowledgmentCode acknowledgmentCode,
            ErrorCode errorCode,
            FieldLocation location,
            String message,
            Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.acknowledgmentCode = Objects.requireNonNull(acknowledgmentCode, "acknowledgmentCode");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.location = location;
    }

    /**
     * A content error (acknowledgement code AE): the sender should fix the message, not resend it.
     */
    static Hl7Rejection error(
            DeadLetterReason reason, ErrorCode errorCode, FieldLocation location, String message) {
        return new Hl7Rejection(reason, AcknowledgmentCode.AE, errorCode, location, message, null);
    }

    /**
     * A reject (acknowledgement code AR): the message could not be read as an ORU^R01 at all, or
     * the listener could not store it.
     */
    static Hl7Rejection reject(
            DeadLetterReason reason,
            ErrorCode errorCode,
            FieldLocation location,
            String message,
            Throwable cause) {
        return new Hl7Rejection(reason, AcknowledgmentCode.AR, errorCode, location, message, cause);
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public AcknowledgmentCode acknowledgmentCode() {
        return acknowledgmentCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Segment and field the error refers to, or null when it concerns the whole message. */
    public FieldLocation location() {
        return location;
    }
}
