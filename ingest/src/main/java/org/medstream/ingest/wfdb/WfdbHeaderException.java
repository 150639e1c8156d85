package org.medstream.ingest.wfdb;

/** A header file that does not follow the WFDB header specification. */
public class WfdbHeaderException extends WfdbException {
    private static final long serialVersionUID = 1L;

    public WfdbHeaderException(String message) {
        super(message);
    }

    public WfdbHeaderException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the error for one field of one header line.
     *
     * @param headerName header file name, for example {@code 100.hea}
     * @param lineNumber 1-based line number in the header file
     * @param field name of the field, for example {@code ADC gain}
     * @param value text of the field as found in the file
     * @param problem what is wrong with the value and what to do
     */
    static WfdbHeaderException forField(
            String headerName, int lineNumber, String field, String value, String problem) {
        return new WfdbHeaderException(
                String.format(
                        "Invalid %s '%s' in %s line %d: %s",
                        field, value, headerName, lineNumber, problem));
    }
}
