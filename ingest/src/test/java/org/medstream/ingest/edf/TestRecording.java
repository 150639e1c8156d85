package org.medstream.ingest.edf;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;

/** An in-memory recording with ADC values (or only physical values), gaps and annotations. */
record TestRecording(
        double samplingFrequencyHz,
        Optional<Instant> startTime,
        List<RecordingChannel> channels,
        int[][] adcValues,
        double[][] physicalValues,
        List<FrameRange> gaps,
        List<Annotation> annotations)
        implements Recording {

    /** A recording whose channels have ADC values, gain and baseline. */
    static TestRecording digital(
            double frequency,
            List<RecordingChannel> channels,
            int[][] values,
            List<FrameRange> gaps) {
        return new TestRecording(
                frequency, Optional.empty(), channels, values, null, gaps, List.of());
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public String source() {
        return "memory";
    }

    @Override
    public long frameCount() {
        if (adcValues != null) {
            return adcValues.length == 0 ? 0 : adcValues[0].length;
        }
        return physicalValues.length == 0 ? 0 : physicalValues[0].length;
    }

    @Override
    public double[] physical(int channel) {
        if (physicalValues != null) {
            return physicalValues[channel].clone();
        }
        RecordingChannel spec = channels.get(channel);
        double[] physical = new double[adcValues[channel].length];
        for (int t = 0; t < physical.length; t++) {
            int value = adcValues[channel][t];
            physical[t] =
                    value == INVALID_SAMPLE
                            ? Double.NaN
                            : (value - spec.baseline()) / spec.adcGain();
        }
        return physical;
    }

    @Override
    public Optional<int[]> digital(int channel) {
        return adcValues == null ? Optional.empty() : Optional.of(adcValues[channel].clone());
    }
}
