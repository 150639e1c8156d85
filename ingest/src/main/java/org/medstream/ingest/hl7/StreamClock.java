package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers the frames of every stream. The first block of a stream fixes its start time, and each
 * later block's first sample index is its start time after the stream start times the sampling
 * frequency, rounded to the nearest frame. So consecutive messages get consecutive indices as long
 * as their timestamps are accurate to half a sample period, and a lost message leaves a gap that
 * the ingest gate reports.
 *
 * <p>Not thread-safe: the listener calls it under its ordering lock.
 *
 * <p>NOTE: the state lives in memory only. After a listener restart a stream starts again at index
 * 0 with a new start time, which the job treats as a changed stream start.
 */
final class StreamClock {
    private static final Logger LOG = LoggerFactory.getLogger(StreamClock.class);

    private final Map<String, StreamState> streams = new HashMap<>();

    /** Start time and next expected frame of one stream. */
    private static final class StreamState {
        final long startMicros;
        long nextIndex;

        StreamState(long startMicros) {
            this.startMicros = startMicros;
        }
    }

    /**
     * Numbers the blocks of one message and returns their chunks. The stream state changes only
     * when every block is valid, so a rejected message leaves no trace.
     *
     * @param blocks blocks ordered by start time within each stream
     * @throws Hl7Rejection with reason OUT_OF_ORDER when a block starts before its stream
     */
    List<SignalChunk> chunks(List<WaveformBlock> blocks, String source) throws Hl7Rejection {
        Map<String, Long> startMicros = new HashMap<>();
        List<Long> indices = new ArrayList<>();
        for (WaveformBlock block : blocks) {
            StreamState state = streams.get(block.streamId());
            long streamStart =
                    state != null
                            ? state.startMicros
                            : startMicros.computeIfAbsent(
                                    block.streamId(), id -> block.startMicros());
            indices.add(firstSampleIndex(block, streamStart));
        }

        List<SignalChunk> chunks = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            chunks.add(chunk(blocks.get(i), indices.get(i), source));
        }
        return chunks;
    }

    private static long firstSampleIndex(WaveformBlock block, long streamStartMicros)
            throws Hl7Rejection {
        double offsetMicros = block.startMicros() - streamStartMicros;
        long index = Math.round(offsetMicros * block.samplingFrequencyHz() / 1e6);
        if (index < 0) {
            throw Hl7Rejection.error(
                    DeadLetterReason.OUT_OF_ORDER,
                    ErrorCode.DATA_TYPE_ERROR,
                    block.channels().get(0).location(),
                    "Observation time of "
                            + block.channels().get(0).location()
                            + " lies "
                            + (-offsetMicros / 1e6)
                            + " s before the first message of its stream");
        }
        return index;
    }

    /** Returns the chunk of a block and records its frames as sent. */
    private SignalChunk chunk(WaveformBlock block, long firstSampleIndex, String source) {
        StreamState state =
                streams.computeIfAbsent(
                        block.streamId(), id -> new StreamState(block.startMicros()));
        if (firstSampleIndex != state.nextIndex) {
            LOG.debug(
                    "Stream continues with a gap or overlap streamId={} expectedIndex={}"
                            + " firstSampleIndex={}",
                    block.streamId(),
                    state.nextIndex,
                    firstSampleIndex);
        }
        state.nextIndex = Math.max(state.nextIndex, firstSampleIndex + block.frameCount());

        List<WaveformChannel> channels = block.channels();
        int frames = block.frameCount();
        List<Float> values = new ArrayList<>(frames * channels.size());
        for (int i = 0; i < frames; i++) {
            for (WaveformChannel channel : channels) {
                values.add(channel.samples()[i]);
            }
        }
        return SignalChunk.newBuilder()
                .setStreamId(block.streamId())
                .setSource(source)
                .setChannelNames(channels.stream().map(WaveformChannel::name).toList())
                .setUnits(channels.stream().map(WaveformChannel::unit).toList())
                .setSamplingFrequencyHz(block.samplingFrequencyHz())
                .setStreamStartMicros(Instant.EPOCH.plus(state.startMicros, ChronoUnit.MICROS))
                .setFirstSampleIndex(firstSampleIndex)
                .setFrameCount(frames)
                .setSamples(PhysicalSamples.newBuilder().setValues(values).build())
                .build();
    }
}
