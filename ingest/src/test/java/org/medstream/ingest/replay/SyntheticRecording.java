package org.medstream.ingest.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A recording of sine waves with MIT-BIH-like ADC settings (gain 200 per mV, baseline 1024), for
 * replay tests that need no file.
 */
class SyntheticRecording implements Recording {
    private final String name;
    private final double samplingFrequencyHz;
    private final long frameCount;
    private final Optional<Instant> startTime;
    private final boolean digital;
    private final List<RecordingChannel> channels = new ArrayList<>();
    private final int[][] adcValues;

    SyntheticRecording(
            String name,
            double samplingFrequencyHz,
            int frameCount,
            int channelCount,
            Optional<Instant> startTime,
            boolean digital) {
        this.name = name;
        this.samplingFrequencyHz = samplingFrequencyHz;
        this.frameCount = frameCount;
        this.startTime = startTime;
        this.digital = digital;
        this.adcValues = new int[channelCount][frameCount];
        for (int c = 0; c < channelCount; c++) {
            channels.add(new RecordingChannel("lead-" + c, "mV", 200, 1024));
            for (int i = 0; i < frameCount; i++) {
                double millivolts = Math.sin(2 * Math.PI * (1.0 + c) * i / samplingFrequencyHz);
                adcValues[c][i] = 1024 + (int) Math.round(200 * millivolts);
            }
        }
    }

    /** Two digital channels at 360 Hz, like an MIT-BIH record, without a start time. */
    static SyntheticRecording mitLike(String name, double seconds) {
        return new SyntheticRecording(
                name, 360, (int) Math.round(seconds * 360), 2, Optional.empty(), true);
    }

    /** Marks one sample as missing. */
    SyntheticRecording withInvalidSample(int channel, int frame) {
        adcValues[channel][frame] = INVALID_SAMPLE;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return "synthetic:" + name;
    }

    @Override
    public double samplingFrequencyHz() {
        return samplingFrequencyHz;
    }

    @Override
    public Optional<Instant> startTime() {
        return startTime;
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    @Override
    public List<RecordingChannel> channels() {
        return channels;
    }

    @Override
    public double[] physical(int channel) {
        double[] values = new double[(int) frameCount];
        for (int i = 0; i < values.length; i++) {
            int adc = adcValues[channel][i];
            values[i] = adc == INVALID_SAMPLE ? Double.NaN : (adc - 1024) / 200.0;
        }
        return values;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return digital ? Optional.of(adcValues[channel].clone()) : Optional.empty();
    }
}
