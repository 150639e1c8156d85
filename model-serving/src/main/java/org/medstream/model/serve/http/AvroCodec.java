package org.medstream.model.serve.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.LabelRun;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;

/**
 * Avro bodies of the server: the plain binary encoding (no container header, no single-object
 * marker) of {@code InferenceRequest.avsc} and {@code InferenceResponse.avsc}, which lie next to
 * this class. Both directions are here, so that clients in Java (tests, a Flink async client) use
 * the same mapping. Thread-safe.
 */
public final class AvroCodec {
    /** Media type of Avro bodies. */
    public static final String MEDIA_TYPE = "avro/binary";

    /** Schema of request bodies. */
    public static final Schema REQUEST_SCHEMA = schema("InferenceRequest.avsc");

    /** Schema of response bodies. */
    public static final Schema RESPONSE_SCHEMA = schema("InferenceResponse.avsc");

    private static final Schema WINDOW =
            REQUEST_SCHEMA.getField("windows").schema().getElementType();
    private static final Schema RESULT =
            RESPONSE_SCHEMA.getField("results").schema().getElementType();
    private static final Schema LABEL_RUN = RESULT.getField("labels").schema().getElementType();
    private static final Schema EVENT = RESULT.getField("events").schema().getElementType();

    /**
     * Reads a request body.
     *
     * @throws InvalidRequestException when the body is not one request in the schema's encoding
     */
    public InferenceRequest readRequest(byte[] body) throws InvalidRequestException {
        return new AvroRequestReader(body).read();
    }

    /** Writes a request body, as a client does. */
    public byte[] writeRequest(InferenceRequest request) {
        List<GenericRecord> windows = new ArrayList<>();
        for (Window window : request.windows()) {
            List<List<Float>> rows = new ArrayList<>();
            for (float[] row : window.samples()) {
                List<Float> values = new ArrayList<>(row.length);
                for (float value : row) {
                    values.add(value);
                }
                rows.add(values);
            }
            GenericRecord record = new GenericData.Record(WINDOW);
            record.put("streamId", window.streamId());
            record.put("leads", window.leads());
            record.put("samplingFrequencyHz", window.samplingFrequencyHz());
            record.put("samples", rows);
            record.put("warmupSamples", window.warmupSamples());
            record.put("patient", window.patient());
            windows.add(record);
        }
        GenericRecord record = new GenericData.Record(REQUEST_SCHEMA);
        record.put("windows", windows);
        return write(record, REQUEST_SCHEMA);
    }

    /** Writes a response body. */
    public byte[] writeResponse(InferenceResponse response) {
        List<GenericRecord> results = new ArrayList<>();
        for (WindowResult result : response.results()) {
            List<GenericRecord> labels = new ArrayList<>();
            for (LabelRun run : result.labels()) {
                GenericRecord record = new GenericData.Record(LABEL_RUN);
                record.put("lead", run.lead());
                record.put("label", run.label());
                record.put("start", run.start());
                record.put("end", run.end());
                labels.add(record);
            }
            List<GenericRecord> events = new ArrayList<>();
            for (Event event : result.events()) {
                GenericRecord record = new GenericData.Record(EVENT);
                record.put("kind", event.kind());
                record.put("lead", event.lead());
                record.put("label", event.label());
                record.put("sample", event.sample());
                record.put("onset", event.onset());
                record.put("peak", event.peak());
                record.put("offset", event.offset());
                record.put("score", event.score());
                events.add(record);
            }
            GenericRecord record = new GenericData.Record(RESULT);
            record.put("streamId", result.streamId());
            record.put("samples", result.samples());
            record.put("warmupSamples", result.warmupSamples());
            record.put("labels", labels);
            record.put("events", events);
            results.add(record);
        }
        GenericRecord record = new GenericData.Record(RESPONSE_SCHEMA);
        record.put("model", response.model());
        record.put("results", results);
        return write(record, RESPONSE_SCHEMA);
    }

    /**
     * Reads a response body, as a client does. It uses Avro's generic reader, which trusts the
     * lengths a body declares, so read only responses of a server you trust.
     */
    public InferenceResponse readResponse(byte[] body) throws InvalidRequestException {
        GenericRecord record = read(body, RESPONSE_SCHEMA);
        List<WindowResult> results = new ArrayList<>();
        for (Object item : (List<?>) record.get("results")) {
            GenericRecord result = (GenericRecord) item;
            List<LabelRun> labels = new ArrayList<>();
            for (Object label : (List<?>) result.get("labels")) {
                GenericRecord run = (GenericRecord) label;
                labels.add(
                        new LabelRun(
                                run.get("lead").toString(),
                                run.get("label").toString(),
                                (Long) run.get("start"),
                                (Long) run.get("end")));
            }
            List<Event> events = new ArrayList<>();
            for (Object value : (List<?>) result.get("events")) {
                GenericRecord event = (GenericRecord) value;
                events.add(
                        new Event(
                                event.get("kind").toString(),
                                text(event.get("lead")),
                                text(event.get("label")),
                                (Long) event.get("sample"),
                                (Long) event.get("onset"),
                                (Long) event.get("peak"),
                                (Long) event.get("offset"),
                                (Double) event.get("score")));
            }
            results.add(
                    new WindowResult(
                            result.get("streamId").toString(),
                            (Integer) result.get("samples"),
                            (Integer) result.get("warmupSamples"),
                            labels,
                            events));
        }
        return new InferenceResponse(record.get("model").toString(), results);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static GenericRecord read(byte[] body, Schema schema) throws InvalidRequestException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(body, null);
        try {
            GenericRecord record =
                    new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new InvalidRequestException(
                        "body",
                        "trailing bytes after one " + schema.getName(),
                        "exactly one " + schema.getName() + " in Avro binary encoding");
            }
            return record;
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new InvalidRequestException(
                    "body",
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "one " + schema.getName() + " in Avro binary encoding (" + MEDIA_TYPE + ")");
        }
    }

    private static byte[] write(GenericRecord record, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Schema schema(String resource) {
        try (InputStream in = AvroCodec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Missing resource " + resource + " beside AvroCodec");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Avro schema " + resource, e);
        }
    }
}
