package org.medstream.ingest.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medstream.ingest.validate.PhysicalUnits;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;

/**
 * Measures the quality of each channel of a chunk: missing samples, samples on the ADC rails,
 * flat-line runs (which continue across chunks of a stream) and, for electrical potentials, the
 * {@link PowerSpectrumSqi} over the last two seconds or more.
 *
 * <p>A flat run is a sequence of samples within one ADC step of its first sample (exactly equal for
 * physical samples). Saturation is known only where the chunk states the ADC rails.
 *
 * <p>NOTE: the spectral windows live in memory only; after a restart or rebalance a stream's index
 * is NaN until its window fills again. The flat runs are part of the stored stream state.
 */
final class QualityMeter {
    private final long flatLineMillis;
    private final double noisyBelow;
    private final Map<String, double[][]> windows = new HashMap<>();
    private final Map<String, long[]> windowFill = new HashMap<>();

    QualityMeter(long flatLineMillis, double noisyBelow) {
        this.flatLineMillis = flatLineMillis;
        this.noisyBelow = noisyBelow;
    }

    /**
     * Returns one quality entry per channel of {@code chunk} and advances the stream's flat runs
     * and spectral windows.
     *
     * @param afterGap whether samples are missing right before the chunk, which ends every run
     */
    List<ChannelQuality> measure(StreamSequence stream, SignalChunk chunk, boolean afterGap) {
        int channels = chunk.getChannelNames().size();
        int frames = chunk.getFrameCount();
        double[][] windowOf = windowsOf(chunk, afterGap);
        long[] fill = windowFill.get(chunk.getStreamId());
        long flatFrames =
                Math.max(2, Math.round(flatLineMillis * chunk.getSamplingFrequencyHz() / 1000.0));
        List<ChannelQuality> qualities = new ArrayList<>(channels);
        ChannelValues values = ChannelValues.of(chunk);
        for (int c = 0; c < channels; c++) {
            int missing = 0;
            int saturated = 0;
            long longestRun = 0;
            if (afterGap) {
                stream.runLength[c] = 0;
            }
            double[] window = windowOf[c];
            for (int i = 0; i < frames; i++) {
                int index = i * channels + c;
                if (values.isMissing(index)) {
                    missing++;
                    stream.runLength[c] = 0;
                    fill[c] = 0;
                    continue;
                }
                if (values.isOnRail(index, c)) {
                    saturated++;
                }
                double raw = values.raw(index);
                if (stream.runLength[c] > 0
                        && Math.abs(raw - stream.runValue[c]) <= values.flatTolerance()) {
                    stream.runLength[c]++;
                } else {
                    stream.runValue[c] = raw;
                    stream.runLength[c] = 1;
                }
                longestRun = Math.max(longestRun, stream.runLength[c]);
                if (window != null) {
                    window[(int) (fill[c] % window.length)] = values.physical(index, c);
                    fill[c]++;
                }
            }
            float qualityIndex = Float.NaN;
            if (window != null && fill[c] >= window.length) {
                qualityIndex = (float) PowerSpectrumSqi.of(ordered(window, fill[c]), rate(chunk));
            }
            List<QualityFlag> flags = new ArrayList<>(2);
            if (longestRun >= flatFrames) {
                flags.add(QualityFlag.FLAT_LINE);
            }
            if (saturated > 0) {
                flags.add(QualityFlag.SATURATED);
            }
            if (missing > 0) {
                flags.add(QualityFlag.MISSING_SAMPLES);
            }
            if (qualityIndex < noisyBelow) {
                flags.add(QualityFlag.NOISY);
            }
            qualities.add(
                    ChannelQuality.newBuilder()
                            .setFlags(flags)
                            .setMissingSamples(missing)
                            .setSaturatedSamples(saturated)
                            .setLongestFlatRun((int) Math.min(Integer.MAX_VALUE, longestRun))
                            .setQualityIndex(qualityIndex)
                            .build());
        }
        return qualities;
    }

    /** Forgets the spectral windows of a stream whose state was dropped. */
    void forget(String streamId) {
        windows.remove(streamId);
        windowFill.remove(streamId);
    }

    private double[][] windowsOf(SignalChunk chunk, boolean afterGap) {
        String stream = chunk.getStreamId();
        int channels = chunk.getChannelNames().size();
        double[][] perChannel = windows.get(stream);
        if (perChannel == null || perChannel.length != channels) {
            perChannel = new double[channels][];
            int frames = PowerSpectrumSqi.windowFrames(rate(chunk));
            for (int c = 0; c < channels; c++) {
                if (PhysicalUnits.isPotential(chunk.getUnits().get(c))
                        && rate(chunk) >= PowerSpectrumSqi.MIN_SAMPLING_FREQUENCY_HZ) {
                    perChannel[c] = new double[frames];
                }
            }
            windows.put(stream, perChannel);
            windowFill.put(stream, new long[channels]);
        } else if (afterGap) {
            windowFill.put(stream, new long[channels]);
        }
        return perChannel;
    }

    private static double rate(SignalChunk chunk) {
        return chunk.getSamplingFrequencyHz();
    }

    /** Returns the ring buffer's samples from oldest to newest. */
    private static double[] ordered(double[] ring, long fill) {
        int n = ring.length;
        int start = (int) (fill % n);
        double[] samples = new double[n];
        System.arraycopy(ring, start, samples, 0, n - start);
        System.arraycopy(ring, 0, samples, n - start, start);
        return samples;
    }

    /** Uniform access to digital or physical samples of a chunk. */
    private record ChannelValues(DigitalSamples digital, List<Float> physical, boolean hasRails) {
        static ChannelValues of(SignalChunk chunk) {
            if (chunk.getSamples() instanceof DigitalSamples digital) {
                boolean rails =
                        digital.getAdcMin().size() == chunk.getChannelNames().size()
                                && digital.getAdcMax().size() == chunk.getChannelNames().size();
                return new ChannelValues(digital, null, rails);
            }
            return new ChannelValues(
                    null, ((PhysicalSamples) chunk.getSamples()).getValues(), false);
        }

        boolean isMissing(int index) {
            return digital != null
                    ? digital.getValues().get(index) == digital.getInvalidValue()
                    : Float.isNaN(physical.get(index));
        }

        boolean isOnRail(int index, int channel) {
            if (!hasRails) {
                return false;
            }
            int value = digital.getValues().get(index);
            return value <= digital.getAdcMin().get(channel)
                    || value >= digital.getAdcMax().get(channel);
        }

        /** Returns the stored value: ADC units for digital samples, physical units otherwise. */
        double raw(int index) {
            return digital != null ? digital.getValues().get(index) : physical.get(index);
        }

        double physical(int index, int channel) {
            if (digital == null) {
                return physical.get(index);
            }
            return (digital.getValues().get(index) - digital.getBaseline().get(channel))
                    / digital.getAdcGain().get(channel);
        }

        /** Largest difference from a run's first sample that still continues the run. */
        double flatTolerance() {
            return digital != null ? 1 : 0;
        }
    }
}
