package org.medstream.stream.annotate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * A recording resampled to another sampling frequency by linear interpolation between neighbouring
 * samples: output frame {@code n} is the source signal at time {@code n / targetHz}. There is no
 * anti-aliasing filter, which is adequate for MIT-BIH records because they were band-limited to
 * about 100 Hz before digitising, below the Nyquist frequency of the 250 Hz and 500 Hz tests.
 * Linear interpolation attenuates frequencies near the target Nyquist frequency a little.
 */
public record LinearResampler(Recording original, double targetHz) implements Recording {
    @Override
    public String name() {
        return original.name();
    }

    @Override
    public String source() {
        return original.source() + " resampled to " + targetHz + " Hz";
    }

    @Override
    public double samplingFrequencyHz() {
        return targetHz;
    }

    @Override
    public Optional<Instant> startTime() {
        return original.startTime();
    }

    /** Frames whose time lies within the original's last frame. */
    @Override
    public long frameCount() {
        return (long)
                        Math.floor(
                                (original.frameCount() - 1)
                                        * targetHz
                                        / original.samplingFrequencyHz())
                + 1;
    }

    @Override
    public List<RecordingChannel> channels() {
        return original.channels();
    }

    @Override
    public double[] physical(int channel) {
        double[] input = original.physical(channel);
        double[] output = new double[(int) frameCount()];
        double step = original.samplingFrequencyHz() / targetHz;
        for (int n = 0; n < output.length; n++) {
            double position = n * step;
            int left = (int) Math.floor(position);
            int right = Math.min(left + 1, input.length - 1);
            double fraction = position - left;
            output[n] = input[left] * (1 - fraction) + input[right] * fraction;
        }
        return output;
    }

    /** Empty, so chunks carry the interpolated physical values. */
    @Override
    public Optional<int[]> digital(int channel) {
        return Optional.empty();
    }
}
