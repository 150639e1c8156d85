package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medstream.schemas.DeadLetterReason;

/**
 * Channels of one stream that start at the same time, which become one chunk. Channels of a stream
 * belong to the same block when their start times differ by less than half a sample period.
 *
 * @param streamId stream of every channel
 * @param samplingFrequencyHz rate of every channel
 * @param startMicros UTC time of the first frame, from the block's first channel
 * @param channels channels in message order, all with the same sample count
 */
record WaveformBlock(
        String streamId,
        double samplingFrequencyHz,
        long startMicros,
        List<WaveformChannel> channels) {

    int frameCount() {
        return channels.get(0).samples().length;
    }

    /**
     * Groups channels into blocks, ordered by stream in message order and then by start time.
     *
     * @throws Hl7Rejection with reason SAMPLE_COUNT_MISMATCH when channels of one block have
     *     different sample counts, CHANNEL_MISMATCH when a block names a channel twice, or
     *     INVALID_SAMPLING_FREQUENCY when OBR-8 disagrees with the sample count and rate
     */
    static List<WaveformBlock> group(List<WaveformChannel> channels) throws Hl7Rejection {
        Map<String, List<WaveformChannel>> byStream = new LinkedHashMap<>();
        for (WaveformChannel channel : channels) {
            byStream.computeIfAbsent(channel.streamId(), id -> new ArrayList<>()).add(channel);
        }

        List<WaveformBlock> blocks = new ArrayList<>();
        for (List<WaveformChannel> stream : byStream.values()) {
            List<List<WaveformChannel>> starts = new ArrayList<>();
            double rateHz = stream.get(0).samplingFrequencyHz();
            double halfPeriodMicros = 0.5e6 / rateHz;
            for (WaveformChannel channel : stream) {
                List<WaveformChannel> same = null;
                for (List<WaveformChannel> block : starts) {
                    if (Math.abs(block.get(0).startMicros() - channel.startMicros())
                            < halfPeriodMicros) {
                        same = block;
                    }
                }
                if (same == null) {
                    same = new ArrayList<>();
                    starts.add(same);
                }
                same.add(channel);
            }
            starts.sort((a, b) -> Long.compare(a.get(0).startMicros(), b.get(0).startMicros()));
            for (List<WaveformChannel> block : starts) {
                blocks.add(checked(block));
            }
        }
        return blocks;
    }

    private static WaveformBlock checked(List<WaveformChannel> channels) throws Hl7Rejection {
        WaveformChannel first = channels.get(0);
        Set<String> names = new HashSet<>();
        for (WaveformChannel channel : channels) {
            if (channel.samples().length != first.samples().length) {
                throw Hl7Rejection.error(
                        DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                        ErrorCode.DATA_TYPE_ERROR,
                        FieldLocation.field("OBX", channel.location().segmentRepetition(), 5),
                        "Channel "
                                + channel.name()
                                + " in "
                                + channel.location()
                                + " has "
                                + channel.samples().length
                                + " samples but channel "
                                + first.name()
                                + " in "
                                + first.location()
                                + " has "
                                + first.samples().length
                                + "; channels of one stream and start time need equal counts");
            }
            if (!names.add(channel.name())) {
                throw Hl7Rejection.error(
                        DeadLetterReason.CHANNEL_MISMATCH,
                        ErrorCode.DATA_TYPE_ERROR,
                        FieldLocation.field("OBX", channel.location().segmentRepetition(), 3),
                        "Channel "
                                + channel.name()
                                + " appears twice for the same start time; the second is in "
                                + channel.location());
            }
            checkEndTime(channel);
        }
        return new WaveformBlock(
                first.streamId(), first.samplingFrequencyHz(), first.startMicros(), channels);
    }

    /**
     * Checks OBR-8 against the samples: the end lies within one sample period of either the last
     * sample's time or the end of the last sample period, plus 1 ms for timestamp rounding.
     */
    private static void checkEndTime(WaveformChannel channel) throws Hl7Rejection {
        if (channel.endMicros() < 0) {
            return;
        }
        double periodMicros = 1e6 / channel.samplingFrequencyHz();
        double durationMicros = channel.endMicros() - channel.startMicros();
        double lastSampleMicros = (channel.samples().length - 1) * periodMicros;
        double tolerance = periodMicros + 1000;
        boolean fits =
                durationMicros >= lastSampleMicros - tolerance
                        && durationMicros <= lastSampleMicros + periodMicros + tolerance;
        if (!fits) {
            throw Hl7Rejection.error(
                    DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                    ErrorCode.DATA_TYPE_ERROR,
                    FieldLocation.field("OBX", channel.location().segmentRepetition(), 5),
                    String.format(
                            java.util.Locale.ROOT,
                            "Channel %s in %s has %d samples at %s Hz, which last %.3f s, but"
                                    + " OBR-7 to OBR-8 spans %.3f s; check the sampling rate",
                            channel.name(),
                            channel.location(),
                            channel.samples().length,
                            channel.samplingFrequencyHz(),
                            channel.samples().length * periodMicros / 1e6,
                            durationMicros / 1e6));
        }
    }
}
