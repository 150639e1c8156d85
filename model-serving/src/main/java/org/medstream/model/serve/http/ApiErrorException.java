package org.medstream.model.serve.http;

/** An {@link ApiError} thrown out of a route, which the handler writes as the response. */
final class ApiErrorException extends Exception {
    private final transient ApiError error;

    ApiErrorException(ApiError error) {
        super(error.message());
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
