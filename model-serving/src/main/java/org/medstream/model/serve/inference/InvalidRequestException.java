package org.medstream.model.serve.inference;

/**
 * A request field that the server or a model cannot take: the field's path in the request (such as
 * {@code windows[0].samplingFrequencyHz}), its value and what is expected. The server answers it
 * with HTTP 400.
 */
public final class InvalidRequestException extends Exception {
    private final String field;
    private final String value;
    private final String expected;

    /** Creates the error for {@code field} with {@code value}; the message combines all three. */
    public InvalidRequestException(String field, Object value, String expected) {
        super("Invalid " + field + " " + value + "; expected " + expected);
        this.field = field;
        this.value = String.valueOf(value);
        this.expected = expected;
    }

    /** Path of the field in the request. */
    public String field() {
        return field;
    }

    /** The rejected value as text. */
    public String value() {
        return value;
    }

    /** What the field must contain. */
    public String expected() {
        return expected;
    }
}
