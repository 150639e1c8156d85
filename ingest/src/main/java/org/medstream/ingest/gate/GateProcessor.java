package org.medstream.ingest.gate;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.medstream.ingest.validate.ChunkChecks;
import org.medstream.ingest.validate.ChunkDeadLetters;
import org.medstream.ingest.validate.ChunkViolation;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.time.EpochMicros;

/**
 * The gate's stateful step: decodes each raw chunk, validates it, puts the chunks of each stream in
 * sample order and measures their quality. It forwards {@link SignalChunk}s that passed and {@link
 * DeadLetter}s for the rest.
 *
 * <p>Sequence. Each stream's next expected sample index starts at its first chunk's index.
 *
 * <ul>
 *   <li>A chunk at the expected index passes, followed by any held chunks it makes contiguous.
 *   <li>A chunk after the expected index is held back: its predecessors may still arrive. Held
 *       chunks are released, with the missing frames written into {@code gapFrames}, once they span
 *       more than the reorder window or have waited the hold limit.
 *   <li>A chunk whose samples were all delivered already is a duplicate: dropped and counted.
 *   <li>A chunk whose samples fall in a gap the stream already moved past is a {@code LATE_DATA}
 *       dead letter.
 *   <li>A chunk that overlaps delivered samples and carries new ones after them passes with the
 *       delivered head cut off.
 * </ul>
 */
final class GateProcessor implements Processor<String, byte[], String, SpecificRecord> {
    static final String STORE = "gate-streams";
    private static final Duration PUNCTUATE_EVERY = Duration.ofMillis(200);
    private static final Duration RETENTION_CHECK_EVERY = Duration.ofMinutes(1);

    private final GateConfig config;
    private final AvroCodec<SignalChunk> codec = AvroCodec.of(SignalChunk.class);
    private final QualityMeter quality;
    private final Set<String> streamsHolding = new HashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, StreamSequence> store;
    private ChunkDeadLetters deadLetters;
    private GateMetrics metrics;

    GateProcessor(GateConfig config) {
        this.config = config;
        this.quality = new QualityMeter(config.flatLine().toMillis(), config.noisyBelow());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.deadLetters = new ChunkDeadLetters(config.rawTopic());
        this.metrics = new GateMetrics(context.metrics(), context.taskId().toString());
        try (KeyValueIterator<String, StreamSequence> all = store.all()) {
            all.forEachRemaining(
                    entry -> {
                        if (!entry.value.held.isEmpty()) {
                            streamsHolding.add(entry.key);
                        }
                    });
        }
        context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::releaseOverdue);
        context.schedule(
                RETENTION_CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::dropSilentStreams);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.in();
        SignalChunk chunk;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the message has no value");
            }
            chunk = codec.decode(record.value());
        } catch (RuntimeException e) {
            rejectUndecodable(record, e);
            return;
        }

        Optional<ChunkViolation> malformed = ChunkChecks.check(chunk, config.frequencies());
        if (malformed.isPresent()) {
            reject(chunk, malformed.get());
            return;
        }

        String streamId = chunk.getStreamId();
        StreamSequence stream = store.get(streamId);
        if (stream == null) {
            stream = StreamSequence.startingWith(chunk);
        } else {
            Optional<ChunkViolation> changed = checkSameLayout(stream, chunk);
            if (changed.isPresent()) {
                reject(chunk, changed.get());
                return;
            }
        }

        long now = context.currentSystemTimeMs();
        stream.lastActivityMillis = now;
        sequence(stream, chunk, now);
        releaseBeyondWindow(stream);
        save(streamId, stream);
    }

    private void sequence(StreamSequence stream, SignalChunk chunk, long now) {
        long first = chunk.getFirstSampleIndex();
        long end = first + chunk.getFrameCount();
        if (end <= stream.nextIndex) {
            long[] gap = stream.gapOverlapping(first, end);
            if (gap != null) {
                reject(chunk, late(chunk, stream, gap));
            } else {
                metrics.duplicate();
            }
        } else if (first < stream.nextIndex) {
            emit(stream, trimHead(chunk, (int) (stream.nextIndex - first)));
            drainContiguous(stream);
        } else if (first == stream.nextIndex) {
            emit(stream, chunk);
            drainContiguous(stream);
        } else if (first - stream.nextIndex > maxGapFrames(stream)) {
            reject(chunk, tooFarAhead(chunk, stream));
        } else {
            hold(stream, chunk, now);
        }
    }

    private void hold(StreamSequence stream, SignalChunk chunk, long now) {
        long first = chunk.getFirstSampleIndex();
        StreamSequence.HeldChunk already = stream.held.get(first);
        if (already != null && already.frameCount() >= chunk.getFrameCount()) {
            metrics.duplicate();
            return;
        }
        if (already != null) {
            metrics.duplicate();
        }
        stream.held.put(
                first,
                new StreamSequence.HeldChunk(codec.encode(chunk), chunk.getFrameCount(), now));
        streamsHolding.add(chunk.getStreamId());
    }

    /** Releases held chunks, oldest first, while they span more than the reorder window. */
    private void releaseBeyondWindow(StreamSequence stream) {
        long window =
                Math.round(config.reorderWindow().toMillis() * stream.samplingFrequencyHz / 1000.0);
        while (!stream.held.isEmpty()) {
            Map.Entry<Long, StreamSequence.HeldChunk> last = stream.held.lastEntry();
            long heldEnd = last.getKey() + last.getValue().frameCount();
            if (heldEnd - stream.nextIndex <= window) {
                return;
            }
            releaseFirst(stream);
        }
    }

    private void releaseFirst(StreamSequence stream) {
        Map.Entry<Long, StreamSequence.HeldChunk> first = stream.held.pollFirstEntry();
        SignalChunk chunk = codec.decode(first.getValue().chunk());
        sequenceReleased(stream, chunk);
        drainContiguous(stream);
    }

    private void sequenceReleased(StreamSequence stream, SignalChunk chunk) {
        if (chunk.getFirstSampleIndex() > stream.nextIndex) {
            emit(stream, chunk);
        } else {
            sequence(stream, chunk, context.currentSystemTimeMs());
        }
    }

    private void drainContiguous(StreamSequence stream) {
        while (!stream.held.isEmpty() && stream.held.firstKey() <= stream.nextIndex) {
            Map.Entry<Long, StreamSequence.HeldChunk> next = stream.held.pollFirstEntry();
            sequence(stream, codec.decode(next.getValue().chunk()), context.currentSystemTimeMs());
        }
    }

    /** Passes a chunk at or after the next expected index; frames in between become its gap. */
    private void emit(StreamSequence stream, SignalChunk chunk) {
        long gapFrames = chunk.getFirstSampleIndex() - stream.nextIndex;
        if (gapFrames > 0) {
            stream.rememberGap(stream.nextIndex, chunk.getFirstSampleIndex());
        }
        SignalChunk gated =
                SignalChunk.newBuilder(chunk)
                        .setGapFrames(gapFrames)
                        .setQuality(quality.measure(stream, chunk, gapFrames > 0))
                        .build();
        stream.nextIndex = chunk.getFirstSampleIndex() + chunk.getFrameCount();
        metrics.clean();
        context.forward(new Record<>(chunk.getStreamId(), gated, context.currentSystemTimeMs()));
    }

    private void releaseOverdue(long now) {
        List<String> released = new ArrayList<>();
        for (String streamId : streamsHolding) {
            StreamSequence stream = store.get(streamId);
            if (stream == null) {
                released.add(streamId);
                continue;
            }
            boolean changed = false;
            while (!stream.held.isEmpty()
                    && now - stream.held.firstEntry().getValue().arrivedAtMillis()
                            >= config.holdLimit().toMillis()) {
                releaseFirst(stream);
                changed = true;
            }
            if (stream.held.isEmpty()) {
                released.add(streamId);
            }
            if (changed) {
                store.put(streamId, stream);
            }
        }
        released.forEach(streamsHolding::remove);
    }

    private void dropSilentStreams(long now) {
        List<String> silent = new ArrayList<>();
        try (KeyValueIterator<String, StreamSequence> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, StreamSequence> entry = all.next();
                if (entry.value.held.isEmpty()
                        && now - entry.value.lastActivityMillis
                                > config.stateRetention().toMillis()) {
                    silent.add(entry.key);
                }
            }
        }
        for (String streamId : silent) {
            store.delete(streamId);
            quality.forget(streamId);
        }
    }

    private void save(String streamId, StreamSequence stream) {
        store.put(streamId, stream);
        if (stream.held.isEmpty()) {
            streamsHolding.remove(streamId);
        }
    }

    private Optional<ChunkViolation> checkSameLayout(StreamSequence stream, SignalChunk chunk) {
        Optional<ChunkViolation> changed =
                ChunkChecks.checkSameLayout(
                        chunk,
                        stream.samplingFrequencyHz,
                        stream.streamStartMicros,
                        stream.channelNames);
        if (changed.isPresent() || chunk.getUnits().equals(stream.units)) {
            return changed;
        }
        return Optional.of(
                new ChunkViolation(
                        DeadLetterReason.INVALID_UNITS,
                        String.format(
                                Locale.ROOT,
                                "Stream %s: units changed from %s to %s within the stream",
                                chunk.getStreamId(),
                                stream.units,
                                chunk.getUnits())));
    }

    private long maxGapFrames(StreamSequence stream) {
        return Math.round(config.maxGap().toMillis() * stream.samplingFrequencyHz / 1000.0);
    }

    private ChunkViolation tooFarAhead(SignalChunk chunk, StreamSequence stream) {
        return new ChunkViolation(
                DeadLetterReason.INVALID_TIMESTAMP,
                String.format(
                        Locale.ROOT,
                        "Stream %s: firstSampleIndex %d jumps %.0f s past the expected %d, more than"
                                + " the %d s a gap may span (gate.max-gap-ms); the index is likely"
                                + " wrong",
                        chunk.getStreamId(),
                        chunk.getFirstSampleIndex(),
                        (chunk.getFirstSampleIndex() - stream.nextIndex)
                                / stream.samplingFrequencyHz,
                        stream.nextIndex,
                        config.maxGap().toSeconds()));
    }

    private static ChunkViolation late(SignalChunk chunk, StreamSequence stream, long[] gap) {
        long first = chunk.getFirstSampleIndex();
        return new ChunkViolation(
                DeadLetterReason.LATE_DATA,
                String.format(
                        Locale.ROOT,
                        "Stream %s: chunk of samples [%d, %d) arrived after the gate stopped"
                                + " waiting for it; the gap [%d, %d) was already passed on and"
                                + " the stream is at sample %d",
                        chunk.getStreamId(),
                        first,
                        first + chunk.getFrameCount(),
                        gap[0],
                        gap[1],
                        stream.nextIndex));
    }

    private void reject(SignalChunk chunk, ChunkViolation violation) {
        metrics.deadLetter(violation.reason());
        context.forward(
                new Record<>(
                        chunk.getStreamId(),
                        deadLetters.create(chunk, violation),
                        context.currentSystemTimeMs()));
    }

    private void rejectUndecodable(Record<String, byte[]> record, RuntimeException cause) {
        metrics.deadLetter(DeadLetterReason.UNDECODABLE);
        String where =
                context.recordMetadata()
                        .map(
                                m ->
                                        m.topic()
                                                + " partition "
                                                + m.partition()
                                                + " offset "
                                                + m.offset())
                        .orElse(config.rawTopic());
        DeadLetter deadLetter =
                DeadLetter.newBuilder()
                        .setSource(config.rawTopic())
                        .setStreamId(record.key())
                        .setReasonCode(DeadLetterReason.UNDECODABLE)
                        .setMessage(
                                "Message at "
                                        + where
                                        + " (key "
                                        + record.key()
                                        + ") is not a SignalChunk: "
                                        + cause.getMessage())
                        .setOriginalBytes(
                                record.value() == null ? null : ByteBuffer.wrap(record.value()))
                        .setFailedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build();
        context.forward(new Record<>(record.key(), deadLetter, context.currentSystemTimeMs()));
    }

    /** Cuts the first {@code frames} frames off a chunk. */
    static SignalChunk trimHead(SignalChunk chunk, int frames) {
        int channels = chunk.getChannelNames().size();
        int from = frames * channels;
        Object samples = chunk.getSamples();
        Object trimmed;
        if (samples instanceof DigitalSamples digital) {
            List<Integer> values = digital.getValues();
            trimmed =
                    DigitalSamples.newBuilder(digital)
                            .setValues(new ArrayList<>(values.subList(from, values.size())))
                            .build();
        } else {
            List<Float> values = ((PhysicalSamples) samples).getValues();
            trimmed =
                    PhysicalSamples.newBuilder()
                            .setValues(new ArrayList<>(values.subList(from, values.size())))
                            .build();
        }
        return SignalChunk.newBuilder(chunk)
                .setFirstSampleIndex(chunk.getFirstSampleIndex() + frames)
                .setFrameCount(chunk.getFrameCount() - frames)
                .setSamples(trimmed)
                .build();
    }
}
