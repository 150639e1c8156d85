package org.medstream.ingest.hl7;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;

/** One second slices of MIT-BIH record 100 (360 Hz, leads MLII and V5, in mV). */
final class TestRecords {
    static final double MITDB_RATE_HZ = 360;
    private static Recording mitdb100;
    private static final double[][] PHYSICAL = new double[2][];

    private TestRecords() {}

    static synchronized Recording mitdb100() {
        if (mitdb100 == null) {
            String property = System.getProperty("medstream.data.dir");
            if (property == null) {
                throw new IllegalStateException(
                        "System property medstream.data.dir is not set; run the tests through"
                                + " Maven");
            }
            try {
                mitdb100 = RecordingFiles.open(Path.of(property).resolve("mitdb/100"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mitdb100;
    }

    private static synchronized double[] physical(int channel) {
        if (PHYSICAL[channel] == null) {
            PHYSICAL[channel] = mitdb100().physical(channel);
        }
        return PHYSICAL[channel];
    }

    /** Returns frames {@code [from, from + count)} of one channel as floats. */
    static float[] samples(int channel, int from, int count) {
        double[] physical = physical(channel);
        double[] slice = Arrays.copyOfRange(physical, from, from + count);
        float[] samples = new float[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (float) slice[i];
        }
        return samples;
    }
}
