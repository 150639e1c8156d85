package org.medstream.ingest.wfdb;

/** A signal stored in a format this reader does not decode, such as the FLAC formats 508-524. */
public class UnsupportedWfdbFormatException extends WfdbException {
    private static final long serialVersionUID = 1L;

    private final int format;

    public UnsupportedWfdbFormatException(int format, int signal, String headerName) {
        super(
                String.format(
                        "Unsupported WFDB format %d in signal %d of %s (supported: %s)",
                        format, signal, headerName, StorageFormat.supportedList()));
        this.format = format;
    }

    /** The format number found in the header. */
    public int format() {
        return format;
    }
}
