package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one MLLP payload into chunks and returns the acknowledgement to send back. A message is
 * acknowledged with AA only after the sink confirmed all its chunks. Every rejected message or
 * framing error goes to the sink's dead letters with its original bytes. Connections call it
 * concurrently, so it is thread-safe.
 */
final class WaveformMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WaveformMessageHandler.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("[A-Z][A-Z0-9]{2}");

    private final HapiContext context;
    private final Acknowledgements acknowledgements;
    private final OruWaveformReader reader;
    private final Hl7Timestamps timestamps;
    private final StreamClock clock = new StreamClock();
    private final WaveformSink sink;
    private final ListenerMetrics metrics;
    private final MllpListenerOptions options;
    private final Object orderingLock = new Object();

    /**
     * Guards every use of HAPI's parser and the messages it builds. Without it, 100 messages at
     * once as the first parses of a JVM lost some in about 1 start in 6, to a NullPointerException
     * in HAPI's MessageIterator (measured; later parses did not fail).
     */
    private final Object hapiLock = new Object();

    WaveformMessageHandler(
            MllpListenerOptions options, WaveformSink sink, ListenerMetrics metrics) {
        this.options = options;
        this.sink = sink;
        this.metrics = metrics;
        this.context = new DefaultHapiContext();
        // Every message parses into the v2.6 structures, whatever version MSH-12 names. HAPI's
        // validation rules are off because the listener checks the fields it reads itself.
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default generator of acknowledgement control ids (MSH-10) keeps its counter in a
        // file named id_file in the working directory. This one counts in memory from the start
        // time in microseconds, so ids stay unique across restarts.
        AtomicLong ackIds = new AtomicLong(System.currentTimeMillis() * 1000);
        context.getParserConfiguration()
                .setIdGenerator(() -> Long.toString(ackIds.incrementAndGet()));
        this.acknowledgements = new Acknowledgements(context);
        this.reader = new OruWaveformReader(options);
        this.timestamps = new Hl7Timestamps(options.defaultZone());
    }

    /** Handles one frame's payload and returns the acknowledgement bytes. */
    byte[] handle(byte[] payload, String peer) {
        Charset charset = charsetOf(payload);
        String text = normalizeSegmentEnds(new String(payload, charset));
        Message message = null;
        try {
            checkSegments(text);
            ObservationValues observationValues = ObservationValues.of(text);
            List<WaveformBlock> blocks;
            CompletableFuture<Void> delivery;
            synchronized (hapiLock) {
                message = parse(observationValues.withoutValues());
                ORU_R01 oru = checkType(message);
                blocks = WaveformBlock.group(reader.read(oru, observationValues.values()));
                delivery = publish(blocks, source(oru), senderClockOffsetMicros(oru));
            }
            // The wait for the broker, the slow part, runs outside the lock.
            await(delivery);

            metrics.accepted(blocks.size());
            synchronized (hapiLock) {
                LOG.debug(
                        "Accepted message controlId={} chunks={} peer={}",
                        controlId(message),
                        blocks.size(),
                        peer);
                return acknowledgements.accept(message).getBytes(charset);
            }
        } catch (Hl7Rejection rejection) {
            return reject(message, text, payload, rejection, peer, charset);
        } catch (HL7Exception | IOException e) {
            Hl7Rejection rejection =
                    Hl7Rejection.error(
                            DeadLetterReason.UNDECODABLE,
                            ErrorCode.DATA_TYPE_ERROR,
                            null,
                            "Failed to read the message: " + e.getMessage());
            return reject(message, text, payload, rejection, peer, charset);
        } catch (RuntimeException e) {
            LOG.error("Failed to handle an HL7 message peer={}", peer, e);
            Hl7Rejection rejection =
                    Hl7Rejection.reject(
                            DeadLetterReason.OTHER,
                            ErrorCode.APPLICATION_INTERNAL_ERROR,
                            null,
                            "Internal error while handling the message: " + e,
                            e);
            return reject(message, text, payload, rejection, peer, charset);
        }
    }

    /**
     * Rejects bytes that were not a valid MLLP frame, or a frame too large to read, and returns the
     * AR acknowledgement.
     */
    byte[] rejectFrame(byte[] bytes, String problem, String peer) {
        metrics.framingError();
        Charset charset = charsetOf(bytes);
        String text = normalizeSegmentEnds(new String(bytes, charset));
        Hl7Rejection rejection =
                Hl7Rejection.reject(
                        DeadLetterReason.UNDECODABLE,
                        ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        null,
                        "Invalid MLLP framing: " + problem,
                        null);
        return reject(null, text, bytes, rejection, peer, charset);
    }

    private static void checkSegments(String text) throws Hl7Rejection {
        if (!text.startsWith("MSH") || text.length() < 8) {
            throw Hl7Rejection.reject(
                    DeadLetterReason.UNDECODABLE,
                    ErrorCode.SEGMENT_SEQUENCE_ERROR,
                    FieldLocation.segment("MSH", 1),
                    "Message does not start with an MSH segment; it starts with '"
                            + abbreviate(text.split("\r", 2)[0])
                            + "'",
                    null);
        }
        String[] segments = text.split("\r");
        char fieldSeparator = text.charAt(3);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isBlank()) {
                continue;
            }
            String name = segment.length() < 3 ? segment : segment.substring(0, 3);
            boolean nameEnds = segment.length() == 3 || segment.charAt(3) == fieldSeparator;
            if (!SEGMENT_NAME.matcher(name).matches() || !nameEnds) {
                throw Hl7Rejection.error(
                        DeadLetterReason.UNDECODABLE,
                        ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        null,
                        "Invalid segment "
                                + (i + 1)
                                + " '"
                                + abbreviate(segment)
                                + "'; a segment starts with a three-letter name such as OBX"
                                + " followed by the field separator");
            }
        }
    }

    private Message parse(String text) throws Hl7Rejection {
        try {
            return context.getPipeParser().parse(text);
        } catch (HL7Exception e) {
            throw Hl7Rejection.reject(
                    DeadLetterReason.UNDECODABLE,
                    ErrorCode.DATA_TYPE_ERROR,
                    null,
                    "Failed to parse the message: " + e.getMessage(),
                    e);
        }
    }

    private static ORU_R01 checkType(Message message) throws Hl7Rejection, HL7Exception {
        if (message instanceof ORU_R01 oru
                && "ORU".equals(oru.getMSH().getMessageType().getMessageCode().getValue())
                && "R01".equals(oru.getMSH().getMessageType().getTriggerEvent().getValue())) {
            return oru;
        }
        String type = ((Segment) message.get("MSH")).getField(9, 0).encode();
        throw Hl7Rejection.reject(
                DeadLetterReason.OTHER,
                ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                FieldLocation.field("MSH", 1, 9),
                "Unsupported message type '"
                        + type
                        + "' in MSH-9; the waveform listener accepts ORU^R01 only",
                null);
    }

    /**
     * Numbers the blocks and hands their chunks to the sink in one critical section, so two
     * connections that carry the same stream cannot reorder its chunks in the sink.
     */
    private CompletableFuture<Void> publish(
            List<WaveformBlock> blocks, String source, Long clockOffsetMicros) throws Hl7Rejection {
        synchronized (orderingLock) {
            List<SignalChunk> chunks = new ArrayList<>();
            for (SignalChunk chunk : clock.chunks(blocks, source)) {
                chunk.setClockOffsetMicros(clockOffsetMicros);
                chunks.add(chunk);
            }
            return sink.publish(chunks);
        }
    }

    /**
     * Returns the sender's clock (MSH-7) minus this host's UTC clock now, or null when MSH-7 is
     * missing or unreadable: the offset is information, so a bad MSH-7 does not reject the samples.
     */
    private Long senderClockOffsetMicros(ORU_R01 oru) {
        String sent = oru.getMSH().getDateTimeOfMessage().getValue();
        if (sent == null || sent.isBlank()) {
            return null;
        }
        long receivedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        try {
            return timestamps.toEpochMicros(sent, FieldLocation.field("MSH", 1, 7))
                    - receivedMicros;
        } catch (Hl7Rejection e) {
            LOG.debug("Ignored MSH-7 for the clock offset: {}", e.getMessage());
            return null;
        }
    }

    private void await(CompletableFuture<Void> delivery) throws Hl7Rejection {
        Throwable failure;
        try {
            delivery.get(options.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure =
                    new TimeoutException(
                            "no confirmation within "
                                    + options.deliveryTimeout().toMillis()
                                    + " ms");
        }
        throw Hl7Rejection.reject(
                DeadLetterReason.DELIVERY_FAILED,
                ErrorCode.APPLICATION_INTERNAL_ERROR,
                null,
                "Failed to store the chunks ("
                        + failure.getMessage()
                        + "); resend the message later",
                failure);
    }

    private byte[] reject(
            Message message,
            String text,
            byte[] payload,
            Hl7Rejection rejection,
            String peer,
            Charset charset) {
        metrics.rejected(rejection.reason());
        String controlId;
        synchronized (hapiLock) {
            controlId = message == null ? "" : controlId(message);
        }
        long count = metrics.rejectedMessages(rejection.reason());
        // A misconfigured gateway repeats one fault per message, so after the first ten of a
        // reason only every thousandth is logged at WARN; the metrics count all of them.
        if (count <= 10 || count % 1000 == 0) {
            LOG.warn(
                    "Rejected HL7 message controlId={} reason={} ack={} peer={} count={}: {}",
                    controlId,
                    rejection.reason(),
                    rejection.acknowledgmentCode(),
                    peer,
                    count,
                    rejection.getMessage());
        } else {
            LOG.debug(
                    "Rejected HL7 message controlId={} reason={} peer={}: {}",
                    controlId,
                    rejection.reason(),
                    peer,
                    rejection.getMessage());
        }

        DeadLetter deadLetter =
                DeadLetter.newBuilder()
                        .setSource("mllp:" + peer)
                        .setStreamId(null)
                        .setReasonCode(rejection.reason())
                        .setMessage(rejection.getMessage())
                        .setOriginalBytes(ByteBuffer.wrap(payload))
                        .setFailedAtMicros(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .build();
        try {
            sink.deadLetter(deadLetter);
        } catch (SinkException e) {
            metrics.deadLetterFailed();
            LOG.error(
                    "Failed to store the dead letter of a rejected message controlId={} peer={}",
                    controlId,
                    peer,
                    e);
        }
        synchronized (hapiLock) {
            return acknowledgements.reject(message, text, rejection).getBytes(charset);
        }
    }

    /**
     * OBX-5 of every OBX segment as sent, in message order, and the message with those fields
     * emptied. HAPI parses the emptied text, because building its objects for hundreds of NA
     * components per OBX takes about ten times as long as the rest of the message.
     */
    private record ObservationValues(List<String> values, String withoutValues) {

        static ObservationValues of(String text) {
            char fieldSeparator = text.charAt(3);
            String separator = Pattern.quote(String.valueOf(fieldSeparator));
            List<String> values = new ArrayList<>();
            StringBuilder withoutValues = new StringBuilder(Math.min(text.length(), 4096));
            for (String segment : text.split("\r")) {
                if (segment.startsWith("OBX" + fieldSeparator)) {
                    String[] fields = segment.split(separator, -1);
                    values.add(fields.length > 5 ? fields[5] : "");
                    if (fields.length > 5) {
                        fields[5] = "";
                    }
                    segment = String.join(String.valueOf(fieldSeparator), fields);
                }
                withoutValues.append(segment).append('\r');
            }
            return new ObservationValues(values, withoutValues.toString());
        }
    }

    /** Returns the chunk source: {@code hl7:} and MSH-3.1 (sending application) @ MSH-4.1. */
    private static String source(ORU_R01 message) {
        String application = message.getMSH().getSendingApplication().getNamespaceID().getValue();
        String facility = message.getMSH().getSendingFacility().getNamespaceID().getValue();
        return "hl7:"
                + (application == null ? "" : application)
                + "@"
                + (facility == null ? "" : facility);
    }

    private static String controlId(Message message) {
        try {
            Segment msh = (Segment) message.get("MSH");
            return msh.getField(10, 0).encode();
        } catch (HL7Exception e) {
            return "";
        }
    }

    /**
     * Returns UTF-8 when MSH-18 names it and ISO-8859-1 otherwise, which maps every byte to one
     * character, so the ASCII of a waveform message survives either way.
     */
    private static Charset charsetOf(byte[] payload) {
        int end = 0;
        while (end < payload.length && payload[end] != '\r' && payload[end] != '\n') {
            end++;
        }
        String header = new String(payload, 0, end, StandardCharsets.ISO_8859_1);
        return header.contains("UNICODE UTF-8") || header.contains("|UTF-8")
                ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1;
    }

    /** Accepts CR LF and LF between segments as well as HL7's CR. */
    private static String normalizeSegmentEnds(String text) {
        return text.replace("\r\n", "\r").replace('\n', '\r');
    }

    private static String abbreviate(String segment) {
        return segment.length() <= 40 ? segment : segment.substring(0, 40) + "...";
    }
}
