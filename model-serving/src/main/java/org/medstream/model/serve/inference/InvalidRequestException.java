package org.medstream.model.serve.inference;

/**
 * A request field that the server or a model cannot take: the field's path in the request (such as
 * {@code windows[0].samplingFrequencyHz}), its value and what is expected. The server returns it as
 * HTTP 400.
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

    /** Returns the path of the field in the request. */
    public String field() {
        return field;
    }

    /** Returns the rejected value as text. */
    public String value() {
        return value;
    }

    /** Returns what the field must contain. */
    public String expected() {
        return expected;
    }
}
