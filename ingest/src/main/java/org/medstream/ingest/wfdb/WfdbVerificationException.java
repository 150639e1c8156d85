package org.medstream.ingest.wfdb;

/**
 * Samples that disagree with the header: a first sample that differs from the header's initial
 * value, a checksum mismatch, or a signal file shorter than the header's length (unless the read
 * was lenient).
 */
public class WfdbVerificationException extends WfdbException {
    private static final long serialVersionUID = 1L;

    public WfdbVerificationException(String message) {
        super(message);
    }
}
