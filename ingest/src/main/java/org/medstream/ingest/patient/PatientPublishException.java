package org.medstream.ingest.patient;

/** A patient context that the broker did not acknowledge. */
public class PatientPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PatientPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
