package org.medstream.stream.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.ingest.wfdb.WfdbRecord;

/** Runs a {@link PanTompkinsDetector} over one lead of a bundled record, for tests. */
final class RecordDetection {
    private RecordDetection() {}

    static Path dataDirectory() {
        String directory = System.getProperty("medstream.data.dir");
        if (directory == null) {
            throw new IllegalStateException(
                    "System property medstream.data.dir is not set; run the tests through Maven"
                            + " or pass -Dmedstream.data.dir=<repository>/data");
        }
        return Path.of(directory);
    }

    /** Physical samples (mV) of one lead as floats. */
    static float[] lead(WfdbRecord record, int channel) {
        double[] physical = record.physical(channel);
        float[] samples = new float[physical.length];
        for (int i = 0; i < physical.length; i++) {
            samples[i] = (float) physical[i];
        }
        return samples;
    }

    static WfdbRecord read(String database, String name) throws IOException {
        return WfdbRecord.read(dataDirectory().resolve(database).resolve(name));
    }

    /** Feeds the samples in chunks of {@code chunkSize} and returns the beats found. */
    static List<BeatAnnotation> detect(float[] samples, double samplingFrequencyHz, int chunkSize) {
        PanTompkinsDetector detector = new PanTompkinsDetector();
        QrsDetectorState state = detector.createState(samplingFrequencyHz);
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener =
                (sample, beatClass) -> beats.add(new BeatAnnotation(sample, beatClass));
        for (int start = 0; start < samples.length; start += chunkSize) {
            int count = Math.min(chunkSize, samples.length - start);
            detector.process(state, samples, start, count, start, listener);
        }
        detector.finish(state, listener);
        return beats;
    }
}
