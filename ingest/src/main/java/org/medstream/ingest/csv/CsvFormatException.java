package org.medstream.ingest.csv;

import java.io.IOException;

/** A CSV recording or annotation file that cannot be read as one; the message names the file. */
public class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CsvFormatException(String message) {
        super(message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
