package org.medstream.model.serve.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.medstream.model.serve.inference.InvalidRequestException;

/**
 * The formats of one inference exchange: the request body's, from {@code Content-Type}, and the
 * response's, from {@code Accept} when it names JSON or Avro, else the request's.
 *
 * @param requestAvro true for an Avro request body, false for JSON
 * @param responseAvro true for an Avro response body, false for JSON
 */
record BodyFormat(boolean requestAvro, boolean responseAvro) {

    /** Returns the formats of {@code request}, or throws 415 for an unsupported body. */
    static BodyFormat of(Request request) throws ApiErrorException {
        String contentType = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        boolean requestAvro;
        if (contentType.equals(AvroCodec.MEDIA_TYPE)) {
            requestAvro = true;
        } else if (contentType.equals(JsonCodec.MEDIA_TYPE)) {
            requestAvro = false;
        } else {
            throw new ApiErrorException(
                    ApiError.of(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                            "unsupported_media_type",
                            "Unsupported Content-Type '"
                                    + contentType
                                    + "'; send "
                                    + JsonCodec.MEDIA_TYPE
                                    + " or "
                                    + AvroCodec.MEDIA_TYPE));
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        boolean responseAvro = requestAvro;
        if (accept != null) {
            String lower = accept.toLowerCase(Locale.ROOT);
            boolean avro = lower.contains(AvroCodec.MEDIA_TYPE);
            boolean json = lower.contains(JsonCodec.MEDIA_TYPE);
            if (avro != json) {
                responseAvro = avro;
            }
        }
        return new BodyFormat(requestAvro, responseAvro);
    }

    /** Reads a request body in this exchange's request format. */
    InferenceRequest read(byte[] body, JsonCodec json, AvroCodec avro)
            throws InvalidRequestException {
        return requestAvro ? avro.readRequest(body) : json.readRequest(body);
    }

    private static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int parameters = header.indexOf(';');
        String type = parameters < 0 ? header : header.substring(0, parameters);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
