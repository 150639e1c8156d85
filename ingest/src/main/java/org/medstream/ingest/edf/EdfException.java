package org.medstream.ingest.edf;

import java.io.IOException;

/**
 * An EDF or EDF+ file that cannot be read or written as requested. The message names the file, the
 * field or data record, and the value that failed.
 */
public class EdfException extends IOException {
    private static final long serialVersionUID = 1L;

    public EdfException(String message) {
        super(message);
    }

    /**
     * Builds the error for a header field whose value does not parse, for example {@code sleep.edf:
     * header field 'number of data records' is 'abc', expected an integer}.
     */
    static EdfException invalidField(String fileName, String field, String value, String expected) {
        return new EdfException(
                fileName
                        + ": header field '"
                        + field
                        + "' is '"
                        + value
                        + "', expected "
                        + expected);
    }
}
