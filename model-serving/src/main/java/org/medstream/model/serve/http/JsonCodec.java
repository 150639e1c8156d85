package org.medstream.model.serve.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medstream.model.serve.inference.InvalidRequestException;

/**
 * JSON bodies of the server. Requests may carry {@code NaN} and {@code Infinity} as numbers, so
 * that such samples reach the window checks and get an error that names the sample; null fields are
 * left out of responses. Thread-safe.
 */
public final class JsonCodec {
    /** Media type of JSON bodies. */
    public static final String MEDIA_TYPE = "application/json";

    /** A source excerpt that Jackson puts into locations inside its messages. */
    private static final Pattern SOURCE_EXCERPT =
            Pattern.compile("\\[Source: [^;\\]]*(?:; )?([^\\]]*)\\]");

    /** The value in Jackson's message for a type it cannot build from that value. */
    private static final Pattern QUOTED_VALUE = Pattern.compile("value \\('(.*)'\\)");

    private final ObjectMapper mapper =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    // A fraction for a count or text after the body is a client error, not
                    // something to read as a truncated count or to ignore.
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
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
            throw new InvalidRequestException(path(e), found(e), expected(e.getTargetType()));
        } catch (InvalidDefinitionException e) {
            throw new InvalidRequestException(
                    path(e),
                    found(e),
                    e.getType() == null
                            ? "the request layout in docs/serving.md"
                            : expected(e.getType().getRawClass()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JacksonException syntax) {
                // Broken JSON met while binding a field: the JSON is wrong, not the field.
                throw new InvalidRequestException("body", syntaxError(syntax), "valid JSON");
            }
            throw new InvalidRequestException(
                    path(e), found(e), "the request layout in docs/serving.md");
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", syntaxError(e), "valid JSON");
        } catch (IOException e) {
            throw new InvalidRequestException("body", "(" + e.getMessage() + ")", "valid JSON");
        }
    }

    /**
     * Describes the value the parser stood on when binding failed, such as {@code 'abc'} or {@code
     * an object}; Jackson's own message names Java types, which mean nothing to a client.
     */
    private static String found(JsonMappingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return e instanceof InvalidDefinitionException definition
                    ? quotedValue(definition)
                    : "(a value of another type)";
        }
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case VALUE_STRING -> "'" + parser.getText() + "'";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                        parser.getText();
                case START_OBJECT, END_OBJECT, FIELD_NAME -> "(an object)";
                case START_ARRAY, END_ARRAY -> "(an array)";
                default -> "(" + token + ")";
            };
        } catch (IOException textUnreadable) {
            return "(" + token + ")";
        }
    }

    /**
     * Returns the quoted value of a type that cannot be built from it, as Jackson's message states
     * it ({@code ... from String value ('abc')}), because such an exception carries no parser.
     */
    private static String quotedValue(InvalidDefinitionException e) {
        Matcher value = QUOTED_VALUE.matcher(e.getOriginalMessage());
        return value.find() ? "'" + value.group(1) + "'" : "(a value of another type)";
    }

    /** Returns the parser's message without its source excerpt, and where in the body it failed. */
    private static String syntaxError(JacksonException e) {
        String message = SOURCE_EXCERPT.matcher(e.getOriginalMessage()).replaceAll("$1").trim();
        int lineBreak = message.indexOf('\n');
        if (lineBreak >= 0) {
            message = message.substring(0, lineBreak);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return "(" + message + ")";
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
        return "a JSON object";
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
