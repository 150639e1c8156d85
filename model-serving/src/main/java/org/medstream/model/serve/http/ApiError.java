package org.medstream.model.serve.http;

import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpStatus;
import org.medstream.model.serve.inference.InvalidRequestException;

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

    /** Returns the 400 error of an invalid request field. */
    public static ApiError invalid(InvalidRequestException e) {
        return new ApiError(
                HttpStatus.BAD_REQUEST_400,
                "invalid_request",
                e.getMessage(),
                e.field(),
                e.value(),
                e.expected());
    }

    /** Returns the 413 error of a body of {@code size} over {@code maxBodyBytes}. */
    public static ApiError tooLarge(String size, long maxBodyBytes) {
        return of(
                HttpStatus.PAYLOAD_TOO_LARGE_413,
                "body_too_large",
                "Request body of "
                        + size
                        + " is larger than the server's maximum of "
                        + maxBodyBytes
                        + " bytes; send fewer or shorter windows");
    }

    /** Returns the 500 error of a model that failed on a batch. */
    public static ApiError inferenceFailed(String model, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return of(
                HttpStatus.INTERNAL_SERVER_ERROR_500,
                "inference_failed",
                "Model " + model + " failed: " + cause);
    }

    /** Returns the 500 error of a server failure. */
    public static ApiError internal(Exception e) {
        return of(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error", "Server error: " + e);
    }
}
