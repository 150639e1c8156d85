package org.medstream.model.serve.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.medstream.model.serve.inference.InvalidRequestException;

/**
 * JSON bodies of the server. Requests may carry {@code NaN} and {@code Infinity} as numbers, so
 * that such samples reach the window checks and get an error that names the sample; null fields are
 * left out of responses. Thread-safe.
 */
public final class JsonCodec {
    /** Media type of JSON bodies. */
    public static final String MEDIA_TYPE = "application/json";

    private final ObjectMapper mapper =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    /**
     * Reads a request body.
     *
     * @throws InvalidRequestException naming the JSON path that could not be read
     */
    public InferenceRequest readRequest(byte[] body) throws InvalidRequestException {
        try {
            return mapper.readValue(body, InferenceRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(
                    path(e),
                    "'" + e.getPropertyName() + "'",
                    "one of the fields " + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw new InvalidRequestException(
                    path(e), "'" + e.getValue() + "'", expected(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new InvalidRequestException(
                    path(e), e.getOriginalMessage(), expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(
                    path(e), e.getOriginalMessage(), "the request layout in docs/serving.md");
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", e.getOriginalMessage(), "valid JSON");
        } catch (IOException e) {
            throw new InvalidRequestException("body", e.getMessage(), "valid JSON");
        }
    }

    /** Reads a response body, as a client does. */
    public InferenceResponse readResponse(byte[] body) throws IOException {
        return mapper.readValue(body, InferenceResponse.class);
    }

    /** Writes any response object (a record, a list, a map) as JSON. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "the request layout in docs/serving.md";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object (" + type.getSimpleName() + ")";
    }

    /** Returns the path of the field that failed, such as {@code windows[0].samples[1][3]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
