package org.medstream.model.serve.http;

/**
 * An error response with a JSON body: the HTTP status, a kind for metrics and clients, and, for
 * invalid requests, the field, its value and what is expected.
 *
 * @param status HTTP status code
 * @param kind short name such as {@code invalid_request} or {@code queue_full}
 * @param message one sentence for people
 * @param field path of the offending request field, or null
 * @param value the offending value as text, or null
 * @param expected what the field must contain, or null
 */
public record ApiError(
        int status, String kind, String message, String field, String value, String expected) {

    /** Returns an error without a field. */
    public static ApiError of(int status, String kind, String message) {
        return new ApiError(status, kind, message, null, null, null);
    }
}
