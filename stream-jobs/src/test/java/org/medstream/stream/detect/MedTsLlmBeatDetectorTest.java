package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.medtsllm.ResampledLead;
import org.medstream.stream.job.DetectorCatalog;

/**
 * A small MedTsLLM beats model as a beat detector: trained here for three epochs of 48 windows of
 * MIT-BIH record 100 at a high learning rate, and run on the first minute of record 103. Its beats
 * are poor (most lie 0.25 to 0.45 s after the R peak), so these tests check the streaming path, not
 * the model.
 */
class MedTsLlmBeatDetectorTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int SAMPLES = 60 * 360;

    @TempDir static Path directory;

    private static Path model;
    private static MedTsLlmBeatDetector detector;
    private static float[] samples;
    private static List<BeatAnnotation> oneCall;

    @BeforeAll
    static void trainAndDetect() throws IOException {
        model = MedTsLlmBeatModels.train(directory.resolve("medtsllm-beats"));
        detector = new MedTsLlmBeatDetector(model);
        WfdbRecord record = RecordDetection.read("mitdb", "103");
        float[] lead = RecordDetection.lead(record, 0);
        samples = new float[SAMPLES];
        System.arraycopy(lead, 0, samples, 0, SAMPLES);
        oneCall = detect(samples, 360, SAMPLES);
    }

    /**
     * On a lead at the model's rate the detector's beats are the peaks that {@link
     * BoundaryPeaks#pick} finds in the probability of the whole minute, stitched here from windows
     * run one by one, each sample from the window in which it lies farthest from an edge. This
     * model's candidates lie about a minimum spacing apart, so some chain into clusters that the
     * streaming picker decides early (StreamingPeaks), and up to two beats may differ; here the
     * last one did.
     */
    @Test
    void jobCatalogBuildsItFromModelDirectory() {
        BeatDetector<?> fromCatalog = DetectorCatalog.of(MedTsLlmBeatDetector.NAME, model);

        assertThat(fromCatalog).isInstanceOf(MedTsLlmBeatDetector.class);
        assertThat(fromCatalog.name()).isEqualTo(MedTsLlmBeatDetector.NAME);
    }

    @Test
    void equalsPeaksOfWholeTrace() throws IOException {
        float[] lead = ResampledLead.of(toDouble(samples), 360, 125).signal();
        List<Long> expected = new ArrayList<>();
        try (MedTsLlmBoundaryModel boundaries = MedTsLlmBoundaryModel.load(model)) {
            int window = boundaries.windowLength();
            int step = boundaries.step();
            int margin = (window - step) / 2;
            float[] probability = new float[lead.length];
            int lastStart = (lead.length - window) / step * step;
            for (int start = 0; start <= lastStart; start += step) {
                float[] p = run(boundaries, lead, start);
                int from = start == 0 ? 0 : start + margin;
                System.arraycopy(
                        p, from - start, probability, from, window - margin - from + start);
            }
            int covered = lastStart + window - margin;
            if (covered < lead.length) {
                float[] p = run(boundaries, lead, lead.length - window);
                int offset = covered - (lead.length - window);
                System.arraycopy(p, offset, probability, covered, lead.length - covered);
            }
            for (int t :
                    BoundaryPeaks.pick(
                            probability, boundaries.minimumSpacing(), boundaries.threshold())) {
                expected.add((long) t);
            }
        }

        List<BeatAnnotation> beats = detect(lead, 125, 31);

        List<Long> streamed = beats.stream().map(BeatAnnotation::sample).toList();
        long same = expected.stream().filter(streamed::contains).count();
        assertThat(beats).hasSizeGreaterThan(20);
        assertThat(streamed.size()).isBetween(expected.size() - 2, expected.size() + 2);
        assertThat(same).isGreaterThanOrEqualTo(expected.size() - 2L);
        assertThat(beats).extracting(BeatAnnotation::label).containsOnly('Q');
    }

    private static float[] run(MedTsLlmBoundaryModel boundaries, float[] lead, int start) {
        float[] input = new float[boundaries.windowLength()];
        System.arraycopy(lead, start, input, 0, input.length);
        return boundaries.probabilities(List.of(input))[0];
    }

    private static double[] toDouble(float[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i];
        }
        return copy;
    }

    @Test
    void chunkSizeDoesNotChangeBeats() {
        assertThat(detect(samples, 360, 90)).isEqualTo(oneCall);
    }

    @Test
    void restoredStateGivesSameBeats() throws IOException {
        TypeSerializer<MedTsLlmBeatState> serializer =
                TypeInformation.of(MedTsLlmBeatState.class)
                        .createSerializer(new SerializerConfigImpl());
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));

        MedTsLlmBeatState state = detector.createState(360);
        for (int start = 0; start < SAMPLES; start += 900) {
            if (start % 9000 == 0) {
                DataOutputSerializer output = new DataOutputSerializer(4096);
                serializer.serialize(state, output);
                state = serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));
                // A restarted task closes the old operator and loads the model anew.
                detector.close();
            }
            detector.process(
                    state, samples, start, Math.min(900, SAMPLES - start), start, listener);
        }
        detector.finish(state, listener);

        assertThat(beats).isEqualTo(oneCall);
    }

    @Test
    void beatsReportedWithinMaxDelay() {
        List<long[]> reports = new ArrayList<>();
        MedTsLlmBeatState state = detector.createState(360);
        for (int start = 0; start < SAMPLES; start += 36) {
            long reportedAt = start + 35;
            detector.process(
                    state,
                    samples,
                    start,
                    36,
                    start,
                    (sample, c) -> reports.add(new long[] {sample, reportedAt}));
        }

        assertThat(reports).isNotEmpty();
        for (long[] report : reports) {
            assertThat((report[1] - report[0]) / 360.0)
                    .as("delay of the beat at sample %d", report[0])
                    .isLessThanOrEqualTo(detector.maxDelaySeconds());
        }
        assertThat(detector.reportedThroughIndex(state)).isGreaterThan(SAMPLES - 3600L);
    }

    @Test
    void stateIsFlinkPojo() {
        assertThat(TypeInformation.of(MedTsLlmBeatState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void wavesModelRejected() throws IOException {
        Path waves = directory.resolve("waves");
        Files.createDirectories(waves);
        Files.writeString(
                waves.resolve("model.json"), "{\"model\": \"medtsllm\", \"task\": \"waves\"}");

        assertThatThrownBy(() -> new MedTsLlmBeatDetector(waves))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot load the MedTsLLM beats model in " + waves)
                .hasMessageContaining("trained for task 'waves', not beats or breaths");
    }

    private static List<BeatAnnotation> detect(float[] signal, double fs, int chunkSize) {
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));
        MedTsLlmBeatState state = detector.createState(fs);
        for (int start = 0; start < signal.length; start += chunkSize) {
            int count = Math.min(chunkSize, signal.length - start);
            detector.process(state, signal, start, count, start, listener);
        }
        detector.finish(state, listener);
        return beats;
    }
}
