package org.medstream.ingest.wfdb;

import java.io.IOException;

/**
 * Base of the errors raised while reading or writing WFDB headers, signal files and annotation
 * files. The message names the file and the value that failed.
 */
public class WfdbException extends IOException {
    private static final long serialVersionUID = 1L;

    public WfdbException(String message) {
        super(message);
    }

    public WfdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
