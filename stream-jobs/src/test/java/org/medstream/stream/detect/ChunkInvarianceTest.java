package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.ingest.wfdb.WfdbRecord;

/** Beats on a real record must not depend on how the samples are split into calls. */
class ChunkInvarianceTest {
    private static float[] samples;
    private static double fs;
    private static List<BeatAnnotation> reference;

    @BeforeAll
    static void readRecord() throws IOException {
        WfdbRecord record = RecordDetection.read("mitdb", "208");
        fs = record.samplingFrequencyHz();
        samples = RecordDetection.lead(record, 0);
        reference = RecordDetection.detect(samples, fs, samples.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 90, 3600, 7919})
    void chunkSizeDoesNotChangeBeats(int chunkSize) {
        assertThat(RecordDetection.detect(samples, fs, chunkSize)).isEqualTo(reference);
    }

    @Test
    void callsEndingAtBeatsDoNotChangeBeats() {
        PanTompkinsDetector detector = new PanTompkinsDetector();
        QrsDetectorState state = detector.createState(fs);
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));

        int start = 0;
        for (BeatAnnotation beat : reference) {
            // One call ends on the fiducial sample, the next holds only the sample after it.
            int end = (int) beat.sample() + 1;
            detector.process(state, samples, start, end - start, start, listener);
            detector.process(state, samples, end, 1, end, listener);
            start = end + 1;
        }
        detector.process(state, samples, start, samples.length - start, start, listener);
        detector.finish(state, listener);

        assertThat(beats).isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mitdb/208", "mitdb/105", "svdb/800"})
    void beatsAreReportedInOrderWithinMaxDelay(String name) throws IOException {
        String[] parts = name.split("/");
        WfdbRecord record = RecordDetection.read(parts[0], parts[1]);
        double recordFs = record.samplingFrequencyHz();
        float[] lead = RecordDetection.lead(record, 0);
        PanTompkinsDetector detector = new PanTompkinsDetector();
        QrsDetectorState state = detector.createState(recordFs);
        long maxDelay = Math.round(detector.maxDelaySeconds() * recordFs);
        List<long[]> reports = new ArrayList<>();

        for (int i = 0; i < lead.length; i++) {
            long now = i;
            detector.process(
                    state, lead, i, 1, i, (sample, c) -> reports.add(new long[] {sample, now}));
        }

        assertThat(reports).isNotEmpty();
        for (int r = 0; r < reports.size(); r++) {
            assertThat(reports.get(r)[1] - reports.get(r)[0])
                    .as("delay of beat %d", r)
                    .isBetween(0L, maxDelay);
            if (r > 0) {
                assertThat(reports.get(r)[0]).isGreaterThan(reports.get(r - 1)[0]);
            }
        }
    }
}
