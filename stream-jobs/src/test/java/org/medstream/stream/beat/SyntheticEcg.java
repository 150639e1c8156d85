package org.medstream.stream.beat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

/** Builds test signals: a flat lead with 1 mV triangular R waves at chosen sample indices. */
public final class SyntheticEcg {
    public static final double FS = 360.0;
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int HALF_WIDTH = 10;

    private SyntheticEcg() {}

    /**
     * Creates a lead of {@code length} samples with an R peak at each of {@code peaks}, on a 0.05
     * mV baseline wander at 0.25 Hz, so that the lead is never flat (a flat lead means no signal).
     */
    public static float[] lead(int length, long... peaks) {
        float[] lead = new float[length];
        for (int i = 0; i < length; i++) {
            lead[i] = (float) (0.05 * Math.sin(2 * Math.PI * 0.25 * i / FS));
        }
        for (long peak : peaks) {
            for (int d = -HALF_WIDTH; d <= HALF_WIDTH; d++) {
                long index = peak + d;
                if (index >= 0 && index < length) {
                    lead[(int) index] += 1f - Math.abs(d) / (float) HALF_WIDTH;
                }
            }
        }
        return lead;
    }

    /** Peaks every {@code rrSamples} from {@code first} while below {@code end}. */
    public static long[] regularPeaks(long first, long rrSamples, long end) {
        List<Long> peaks = new ArrayList<>();
        for (long peak = first; peak < end; peak += rrSamples) {
            peaks.add(peak);
        }
        return peaks.stream().mapToLong(Long::longValue).toArray();
    }

    /** Splits a lead into chunks of {@code chunkFrames} with two channels, MLII carrying it. */
    public static List<SignalChunk> chunks(String streamId, float[] lead, int chunkFrames) {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int first = 0; first < lead.length; first += chunkFrames) {
            chunks.add(chunk(streamId, lead, first, Math.min(chunkFrames, lead.length - first)));
        }
        return chunks;
    }

    /**
     * Creates one chunk of {@code frames} samples from {@code first}; channel 0 ("Resp") is all
     * zeros.
     */
    public static SignalChunk chunk(String streamId, float[] lead, int first, int frames) {
        List<Float> values = new ArrayList<>(frames * 2);
        for (int i = 0; i < frames; i++) {
            values.add(0f);
            values.add(lead[first + i]);
        }
        return SignalChunk.newBuilder()
                .setStreamId(streamId)
                .setSource("synthetic")
                .setChannelNames(List.of("Resp", "MLII"))
                .setUnits(List.of("mV", "mV"))
                .setSamplingFrequencyHz(FS)
                .setStreamStartMicros(START)
                .setFirstSampleIndex(first)
                .setFrameCount(frames)
                .setSamples(PhysicalSamples.newBuilder().setValues(values).build())
                .build();
    }
}
