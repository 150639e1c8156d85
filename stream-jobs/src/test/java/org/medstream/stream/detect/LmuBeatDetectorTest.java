package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;

/**
 * The shipped LMU beats model as a beat detector, on the first two minutes of MIT-BIH record 118,
 * which it was not trained on.
 */
class LmuBeatDetectorTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-beats");
    private static final int SAMPLES = 120 * 360;

    private static LmuBeatDetector detector;
    private static float[] samples;
    private static List<BeatAnnotation> oneCall;

    @BeforeAll
    static void detectInOneCall() throws IOException {
        detector = new LmuBeatDetector(MODEL);
        WfdbRecord record = RecordDetection.read("mitdb", "118");
        float[] lead = RecordDetection.lead(record, 0);
        samples = new float[SAMPLES];
        System.arraycopy(lead, 0, samples, 0, SAMPLES);
        oneCall = detect(samples, 360, SAMPLES);
    }

    @Test
    void findsAnnotatedBeats() throws IOException {
        long tolerance = Math.round(0.150 * 360);
        List<BeatAnnotation> reference = new ArrayList<>();
        for (BeatAnnotation beat : WfdbBeatAnnotations.read(DATA.resolve("mitdb/118.atr"))) {
            if (beat.sample() >= tolerance && beat.sample() < SAMPLES - tolerance) {
                reference.add(beat);
            }
        }
        long found =
                reference.stream()
                        .filter(
                                beat ->
                                        oneCall.stream()
                                                .anyMatch(
                                                        b ->
                                                                Math.abs(b.sample() - beat.sample())
                                                                        <= tolerance))
                        .count();

        assertThat(reference).hasSizeGreaterThan(100);
        assertThat((double) found / reference.size()).isGreaterThan(0.99);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 90, 7919})
    void chunkSizeDoesNotChangeBeats(int chunkSize) {
        assertThat(detect(samples, 360, chunkSize)).isEqualTo(oneCall);
    }

    @Test
    void restoredStateGivesSameBeats() throws IOException {
        TypeSerializer<LmuBeatState> serializer =
                TypeInformation.of(LmuBeatState.class).createSerializer(new SerializerConfigImpl());
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));

        LmuBeatState state = detector.createState(360);
        for (int start = 0; start < SAMPLES; start += 90) {
            if (start % 9000 == 0) {
                DataOutputSerializer output = new DataOutputSerializer(4096);
                serializer.serialize(state, output);
                state = serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));
            }
            detector.process(state, samples, start, Math.min(90, SAMPLES - start), start, listener);
        }
        detector.finish(state, listener);

        assertThat(beats).isEqualTo(oneCall);
    }

    @Test
    void otherRateIsResampled() {
        float[] downsampled = new float[SAMPLES * 250 / 360];
        for (int i = 0; i < downsampled.length; i++) {
            downsampled[i] = samples[(int) Math.round(i * 360.0 / 250)];
        }

        List<BeatAnnotation> beats = detect(downsampled, 250, 250);

        assertThat(beats.size()).isBetween(oneCall.size() - 3, oneCall.size() + 3);
    }

    @Test
    void trainingRecordsFromMetadata() {
        assertThat(detector.isTrainingRecord("100")).isTrue();
        assertThat(detector.isTrainingRecord("118")).isFalse();
    }

    @Test
    void beatsAt50HzReportedWithinMaxDelay() {
        float[] slow = new float[SAMPLES * 50 / 360];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = samples[(int) Math.round(i * 360.0 / 50)];
        }
        List<long[]> reports = new ArrayList<>();
        LmuBeatState state = detector.createState(50);
        for (int start = 0; start < slow.length; start++) {
            long reportedAt = start;
            detector.process(
                    state,
                    slow,
                    start,
                    1,
                    start,
                    (sample, c) -> reports.add(new long[] {sample, reportedAt}));
        }

        assertThat(reports).isNotEmpty();
        for (long[] report : reports) {
            assertThat((report[1] - report[0]) / 50.0)
                    .as("delay of the beat at sample %d", report[0])
                    .isLessThanOrEqualTo(detector.maxDelaySeconds());
        }
    }

    @Test
    void missingLeadReportedAbsent() {
        LmuBeatState state = detector.createState(360);
        detector.process(state, samples, 0, 3600, 0, (sample, c) -> {});
        float[] missing = new float[360];
        Arrays.fill(missing, Float.NaN);

        detector.process(state, missing, 0, 359, 3600, (sample, c) -> {});
        assertThat(detector.isSignalAbsent(state)).isFalse();
        detector.process(state, missing, 359, 1, 3959, (sample, c) -> {});
        assertThat(detector.isSignalAbsent(state)).isTrue();
        detector.process(state, samples, 3960, 1, 3960, (sample, c) -> {});
        assertThat(detector.isSignalAbsent(state)).isFalse();
    }

    @Test
    void stateIsFlinkPojo() {
        assertThat(TypeInformation.of(LmuBeatState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void waveModelRejected() {
        Path waves = DATA.resolveSibling("models").resolve("lmu-waves");

        assertThatThrownBy(() -> new LmuBeatDetector(waves))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a 'waves' model; the lmu beat detector needs a 'beats'");
    }

    @Test
    void missingModelNamed() {
        Path missing = DATA.resolve("no-such-model");

        assertThatThrownBy(() -> new LmuBeatDetector(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot load the beats model in " + missing);
    }

    private static List<BeatAnnotation> detect(float[] signal, double fs, int chunkSize) {
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));
        LmuBeatState state = detector.createState(fs);
        for (int start = 0; start < signal.length; start += chunkSize) {
            int count = Math.min(chunkSize, signal.length - start);
            detector.process(state, signal, start, count, start, listener);
        }
        detector.finish(state, listener);
        return beats;
    }
}
