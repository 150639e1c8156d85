package org.medstream.infra.scenario;

import java.util.Random;
import org.medstream.ingest.recording.ForwardingRecording;
import org.medstream.ingest.recording.Recording;

/**
 * The first frames of a real recording with a pause of the QRS complexes: in every channel the
 * samples of {@code [pauseStartSeconds, pauseEndSeconds)} are replaced as {@link QrsPause}
 * describes, with a fixed noise seed. Samples are stored as ADC values with the source's gain and
 * baseline.
 */
final class AsystoleRecording extends ForwardingRecording {
    private static final long NOISE_SEED = 20261204L;

    /**
     * @param source recording with ADC values in mV on every channel
     * @param seconds length of this recording
     * @throws IllegalArgumentException if the source lacks ADC values or the pause does not fit
     */
    AsystoleRecording(
            Recording source,
            String name,
            double seconds,
            double pauseStartSeconds,
            double pauseEndSeconds) {
        super(withPause(source, name, seconds, pauseStartSeconds, pauseEndSeconds));
    }

    private static Recording withPause(
            Recording source,
            String name,
            double seconds,
            double pauseStartSeconds,
            double pauseEndSeconds) {
        double fs = source.samplingFrequencyHz();
        int frameCount = (int) Math.min(source.frameCount(), Math.round(seconds * fs));
        int pauseStart = (int) Math.round(pauseStartSeconds * fs);
        int pauseEnd = (int) Math.round(pauseEndSeconds * fs);
        int halfSecond = (int) Math.round(0.5 * fs);
        if (pauseStart < halfSecond
                || pauseEnd + halfSecond > frameCount
                || pauseEnd <= pauseStart) {
            throw new IllegalArgumentException(
                    "Pause ["
                            + pauseStartSeconds
                            + " s, "
                            + pauseEndSeconds
                            + " s) does not fit in "
                            + seconds
                            + " s of "
                            + source.source()
                            + " with half a second on each side");
        }

        Random random = new Random(NOISE_SEED);
        int[][] digital = new int[source.channels().size()][];
        for (int c = 0; c < digital.length; c++) {
            digital[c] = EditedRecording.digitalCopy(source, c, frameCount);
            QrsPause.fill(
                    digital[c],
                    pauseStart,
                    pauseEnd,
                    fs,
                    source.channels().get(c).adcGain(),
                    random);
        }
        return new EditedRecording(source, name, "with a QRS pause", digital);
    }
}
